"""Every refusal of emergency access is a type in access/errors.py, and the emergency access page
answers each from one table (ADR 025, R-FLAG-10); the table is checked against the module."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from seenheard.access import errors
from seenheard.access.services import break_glass_grant
from seenheard.web.forms import BreakGlassForm
from seenheard.web.views.emergency import REFUSAL_FIELDS


def every_refusal() -> list[type[errors.BreakGlassRefused]]:
    return [
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.BreakGlassRefused) and kind is not errors.BreakGlassRefused
    ]


@pytest.mark.parametrize("kind", every_refusal(), ids=lambda k: k.__name__)
def test_every_refusal_is_shown_against_a_field_of_the_form(
    kind: type[errors.BreakGlassRefused],
) -> None:
    assert REFUSAL_FIELDS[kind] in BreakGlassForm.base_fields


@pytest.mark.django_db
def test_an_unknown_number_is_its_own_refusal(actor_named: Any, cast: dict[str, Any]) -> None:
    with pytest.raises(errors.EmergencyChildUnknown, match="No child with that NHS number"):
        break_glass_grant(
            actor=actor_named("ae.nurse"),
            nhs_number="9990000085",
            reason="Unconscious child brought in by ambulance, no history available",
        )
