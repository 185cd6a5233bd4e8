"""Every refusal of a referral has one answer on each way in (ADR 025): a row in the pages'
table, the API's and the command line's, read from errors.py so a new refusal fails until all
three answer it."""

from __future__ import annotations

import inspect

from seenheard.fhir.routers.servicerequest import REFUSALS
from seenheard.referrals import errors
from seenheard.referrals.management.commands.referrals import REFUSAL_EXITS
from seenheard.referrals.views import REFUSAL_PAGES


def refusal_types() -> list[type]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.ReferralRefused) and cls.__module__ == errors.__name__
    ]


def test_every_refusal_has_a_page_answer_an_api_answer_and_a_command_answer():
    assert len(refusal_types()) >= 7
    for kind in refusal_types():
        assert kind in REFUSAL_PAGES, kind
        assert kind in REFUSALS, kind
        assert REFUSAL_EXITS[kind] == 2, kind
