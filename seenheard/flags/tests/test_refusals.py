"""Every refusal of the flags app is a type in flags/errors.py, answered from one table by each
way in (ADR 025; R-FLAG-2, R-FLAG-9): the pages, the FHIR API and the command line. The tables
are checked against the module itself, so a new refusal fails here until each way in that can
meet it says how it answers it."""

from __future__ import annotations

import inspect

import pytest

from seenheard.fhir.routers.flag import REFUSALS as API_REFUSALS
from seenheard.flags import errors
from seenheard.flags.management.commands.flags import REFUSAL_EXITS
from seenheard.flags.refusal_pages import REFUSAL_PAGES, PageAnswer, refusal_answer


def refusals_under(base: type[errors.FlagRefused]) -> list[type[errors.FlagRefused]]:
    """Every concrete refusal type flags.errors defines under ``base`` (read from the module)."""
    intermediate = {errors.FlagRefused, errors.FlagUploadRefused, errors.RiskFlagRefused}
    return [
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, base) and kind not in intermediate
    ]


def test_the_module_has_refusals_of_both_kinds() -> None:
    assert errors.CouncilUnknown in refusals_under(errors.FlagUploadRefused)
    assert errors.RiskFlagNotFound in refusals_under(errors.RiskFlagRefused)


@pytest.mark.parametrize("kind", refusals_under(errors.FlagRefused), ids=lambda k: k.__name__)
def test_every_refusal_has_a_page_answer(kind: type[errors.FlagRefused]) -> None:
    assert kind in REFUSAL_PAGES


@pytest.mark.parametrize("kind", refusals_under(errors.FlagUploadRefused), ids=lambda k: k.__name__)
def test_every_index_refusal_has_an_api_answer_and_an_exit_status(
    kind: type[errors.FlagUploadRefused],
) -> None:
    """The API and the command line keep the index (risk flags are raised on the pages)."""
    assert kind in API_REFUSALS
    assert REFUSAL_EXITS[kind] == 2


def test_not_found_and_not_allowed_are_one_page() -> None:
    assert refusal_answer(errors.RiskFlagNotFound()) is PageAnswer.NOT_FOUND
    assert refusal_answer(errors.FlagNotHeld()) is PageAnswer.NOT_FOUND
    assert refusal_answer(errors.CouncilUnknown("E0")) is PageAnswer.NOT_FOUND
    assert refusal_answer(errors.RiskDetailMissing()) is PageAnswer.ON_FORM


def test_each_message_is_plain_english() -> None:
    assert errors.CouncilUnknown("E09").message == "No local authority has the code 'E09'."
    assert errors.RiskFlagEnded(field="reason").field == "reason"
    assert errors.RiskFlagNotFound().not_found
