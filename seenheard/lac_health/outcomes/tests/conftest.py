"""Fixtures of the outcomes tests: Amelia in Islington's care (the looked-after children's
health fixtures), a measure of Islington's agreed with its children, and values over time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.models import OutcomeMeasure
from seenheard.lac_health.outcomes.services import ValueInput, measure_define, outcome_record
from seenheard.lac_health.tests.conftest import _today, council, in_care  # noqa: F401
from seenheard.voice.rules import VoiceInput

VOICE = VoiceInput(words="I sleep better since I got my own room.", methods=("seen-alone",))


def sleep_input(**changes: object) -> rules.MeasureInput:
    values: dict[str, object] = {
        "name": "Sleeping well",
        "measures": "How many nights last week the young person slept through.",
        "direction": "higher",
        "co_produced_with": "Islington Children in Care Council, January 2026",
        "childrens_words": "Nights I sleep right through",
        "reason": "Agreed at the Children in Care Council on 12 January.",
        "scale": rules.Scale(Decimal(0), Decimal(7), unit="nights"),
    }
    values.update(changes)
    return rules.MeasureInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def sleep(lac_nurse) -> OutcomeMeasure:
    """Islington's (council A's) measure of sleeping well, in nights a week."""
    return measure_define(actor=lac_nurse, la_code="E09000019", data=sleep_input())


def record(actor, child, measure, value, on: dt.date, voice=VOICE):
    return outcome_record(
        actor=actor,
        child_id=child.pk,
        data=ValueInput(measure_id=measure.pk, value=Decimal(str(value)), measured_on=on),
        voice=voice,
    )
