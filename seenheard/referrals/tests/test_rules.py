"""The referral's rules (R-REF-1, R-REF-3): every part required, each named; the threshold
level from the area's document; the decision due in working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.referrals.rules import (
    TEXT_MAX,
    DecisionInput,
    ReferralInput,
    decision_due_at,
    decision_overdue,
    decision_problems,
    receiving_org_fits,
    referral_problems,
)
from seenheard.voice.rules import VoiceInput

LEVELS = {
    "universal": "Level 1",
    "early-help": "Level 2",
    "child-in-need": "Level 3",
    "child-protection": "Level 4",
}

GOOD = ReferralInput(
    service="camhs",
    receiving_org_id=7,
    reason="Low mood",
    risk_what="Self-harm",
    risk_likelihood="likely",
    risk_severity="serious",
    working_well="Close to her gran",
    expectation="Assessment within 2 weeks",
    threshold_level="child-in-need",
    wider_family="Mum and gran",
    wider_home="Flat",
    wider_school="Year 10",
    wider_agencies="None",
    consent="given",
    voice=VoiceInput(words="I can't sleep.", methods=("seen-alone",)),
)


def problems(referral: ReferralInput, fits: bool = True) -> dict[str, str]:
    return {
        p.field: p.message
        for p in referral_problems(
            referral,
            threshold_levels=LEVELS,
            area_name="Islington",
            receiving_org_fits_service=fits,
        )
    }


def test_a_complete_referral_has_no_problems():
    assert problems(GOOD) == {}


@pytest.mark.parametrize(
    "field",
    [
        "service",
        "reason",
        "risk_what",
        "risk_likelihood",
        "risk_severity",
        "working_well",
        "expectation",
        "threshold_level",
        "wider_family",
        "wider_home",
        "wider_school",
        "wider_agencies",
        "consent",
    ],
)
def test_each_missing_part_is_named(field):
    found = problems(replace(GOOD, **{field: "  "}))
    assert list(found) == [field]
    assert found[field].startswith(("Say", "Choose", "Describe"))


def test_the_team_and_the_childs_voice_are_required():
    assert list(problems(replace(GOOD, receiving_org_id=None))) == ["receiving_org"]
    assert list(problems(replace(GOOD, voice=VoiceInput()))) == ["voice.words"]
    assert list(problems(GOOD, fits=False)) == ["receiving_org"]


def test_sharing_without_consent_needs_its_lawful_basis():
    assert list(problems(replace(GOOD, consent="not-sought"))) == ["lawful_basis"]
    assert problems(replace(GOOD, consent="refused", lawful_basis="Significant harm")) == {}


def test_a_threshold_level_not_in_the_areas_document():
    found = problems(replace(GOOD, threshold_level="level-9"))
    assert list(found) == ["threshold_level"]
    assert "Islington's threshold document" in found["threshold_level"]


def test_unknown_choices_and_long_text():
    found = problems(replace(GOOD, risk_severity="dire", reason="x" * 100_000))
    assert set(found) == {"risk_severity", "reason"}
    assert f"{TEXT_MAX:,} characters or fewer" in found["reason"]


def test_problems_come_in_the_forms_order():
    fields = list(problems(ReferralInput()))
    assert fields[:3] == ["service", "receiving_org", "reason"]
    assert fields.index("voice.words") < fields.index("wider_family")


def test_who_receives_which_service():
    assert receiving_org_fits("childrens-social-care", kind="local-authority", setting_type="")
    assert receiving_org_fits("early-help", kind="local-authority", setting_type="")
    assert receiving_org_fits("camhs", kind="setting", setting_type="camhs")
    assert not receiving_org_fits("camhs", kind="local-authority", setting_type="")
    assert receiving_org_fits("sexual-health", kind="setting", setting_type="sexual-health")
    assert not receiving_org_fits("sexual-health", kind="gp-practice", setting_type="gp-practice")


def at(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def test_the_decision_is_due_the_next_working_day_at_the_same_time():
    # Friday 4 December 2026, 15:00 in London: due Monday 7 December, 15:00.
    assert decision_due_at(at(2026, 12, 4, 15), working_days=1) == at(2026, 12, 7, 15)
    # Thursday 24 December: Christmas and Boxing Day (observed Monday 28th) skipped.
    assert decision_due_at(at(2026, 12, 24, 10), working_days=1) == at(2026, 12, 29, 10)
    # In summer time the local time of day is kept.
    assert decision_due_at(at(2026, 6, 1, 8), working_days=2) == at(2026, 6, 3, 8)


@given(
    st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1)),
    st.integers(1, 5),
)
def test_the_decision_is_always_due_after_sending(sent, days):
    sent = sent.replace(tzinfo=dt.UTC)
    due = decision_due_at(sent, working_days=days)
    assert due > sent + dt.timedelta(hours=23)


def test_overdue_only_when_undecided_unescalated_and_past_due():
    due = at(2026, 12, 7, 15)
    assert decision_overdue(due_at=due, decided=False, escalated=False, now=due)
    assert not decision_overdue(due_at=due, decided=True, escalated=False, now=due)
    assert not decision_overdue(due_at=due, decided=False, escalated=True, now=due)
    assert not decision_overdue(
        due_at=due, decided=False, escalated=False, now=due - dt.timedelta(seconds=1)
    )


def test_a_decision_needs_its_outcome_reasons_and_where_redirected():
    assert [p.field for p in decision_problems(DecisionInput())] == ["outcome", "reasons"]
    assert [p.field for p in decision_problems(DecisionInput("redirected", "Wrong area"))] == [
        "redirected_to"
    ]
    assert decision_problems(DecisionInput("assessment", "Needs a s17 assessment.")) == []
    assert [p.field for p in decision_problems(DecisionInput("maybe", "x"))] == ["outcome"]
    assert [p.field for p in decision_problems(DecisionInput("assessment", "x" * 100_000))] == [
        "reasons"
    ]
