"""Fixtures of the looked-after children's health tests: Amelia in Islington's care."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.lac_health.health import AssessmentInput, assessment_record
from seenheard.lac_health.models import HealthAssessment
from seenheard.lac_health.services import lac_import_apply
from seenheard.lac_health.tests import files as f
from seenheard.voice.rules import VoiceInput

TODAY = dt.date(2026, 1, 26)
VOICE = VoiceInput(words="I want to see the dentist near my school.", methods=("seen-alone",))


@pytest.fixture(autouse=True)
def _today():
    """Monday 26 January 2026 (a module may travel elsewhere with its own ``_today``)."""
    with time_machine.travel(dt.datetime(2026, 1, 26, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def council(cast) -> Organisation:
    return Organisation.objects.get(code="E09000019")


@pytest.fixture
def in_care(council, amelia):
    """Amelia came into care on Friday 19 December 2025 (and is UASC, for R-OUT-7 tests)."""
    lac_import_apply(
        actor=system_actor(council, channel="cli"),
        la_code=council.code,
        header=(
            b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NHS_NUMBER,UASC\n"
            b"A100,F,02/03/2014,WBRI,T318200115001,0,,9990000018,0\n"
        ),
        episodes=f.episodes("A100,19/12/2025,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC123456\n"),
    )
    return amelia


def assess(actor, child, **changes):
    values = {
        "kind": "initial",
        "outcome": "done",
        "assessed_on": dt.date(2026, 1, 20),
        "assessor_name": "Dr Lola Adeyemi",
        "assessor_role": "Looked-after children's nurse",
        "place": "Her foster home",
        "findings": "Well; dental check overdue; immunisations up to date.",
    }
    values.update(changes)
    return assessment_record(
        actor=actor, child_id=child.pk, data=AssessmentInput(**values), voice=VOICE
    )


@pytest.fixture
def assessed(in_care, lac_nurse) -> HealthAssessment:
    return assess(lac_nurse, in_care)
