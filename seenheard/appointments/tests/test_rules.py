"""The report's rules about children who are not brought, without the database (R-WNB-1 to
R-WNB-6)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.appointments import rules
from seenheard.appointments.models import Outcome, RiskLevel, Service

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def test_whether_a_child_was_brought_is_known_only_once_the_appointment_starts():  # R-WNB-1
    later = NOW + dt.timedelta(hours=1)
    assert rules.outcome_too_early(outcome=Outcome.WAS_NOT_BROUGHT, starts_at=later, now=NOW)
    assert rules.outcome_too_early(outcome=Outcome.ATTENDED, starts_at=later, now=NOW)
    assert not rules.outcome_too_early(outcome=Outcome.FAMILY_CANCELLED, starts_at=later, now=NOW)
    soon = NOW + dt.timedelta(minutes=4)
    assert not rules.outcome_too_early(outcome=Outcome.WAS_NOT_BROUGHT, starts_at=soon, now=NOW)


def _risk(**given_values):
    values = dict(
        on_plan=False,
        looked_after=False,
        other_risk_flags=0,
        age_years=8,
        wnbs_before=0,
        meeting_threshold=2,
        under_age_medium=5,
    )
    values.update(given_values)
    return rules.risk_suggested(**values)


def test_risk_suggested():  # R-WNB-5
    assert _risk().level == RiskLevel.LOW
    assert _risk(on_plan=True).level == RiskLevel.HIGH
    assert _risk(looked_after=True).level == RiskLevel.HIGH
    assert _risk(other_risk_flags=1).level == RiskLevel.HIGH
    assert _risk(wnbs_before=1).level == RiskLevel.MEDIUM
    assert _risk(age_years=2).level == RiskLevel.MEDIUM
    assert _risk().requirement == "R-WNB-5"


@given(st.booleans(), st.booleans(), st.integers(0, 5), st.integers(0, 18), st.integers(0, 20))
def test_a_child_on_a_plan_is_never_suggested_below_high(plan, lac, flags, age, before):
    suggestion = _risk(
        on_plan=plan, looked_after=lac, other_risk_flags=flags, age_years=age, wnbs_before=before
    )
    if plan or lac or flags:
        assert suggestion.level == RiskLevel.HIGH
    assert suggestion.because


def test_the_named_practitioner_by_age():  # R-WNB-3
    assert (
        rules.practitioner_service(age_years=4, health_visiting_until=5) == Service.HEALTH_VISITING
    )
    assert (
        rules.practitioner_service(age_years=5, health_visiting_until=5) == Service.SCHOOL_NURSING
    )


def test_missed_immunisation_follow_up():  # R-WNB-6
    assert rules.immunisation_followup_needed(
        service=Service.IMMUNISATION, outcome=Outcome.WAS_NOT_BROUGHT, on_plan=True
    )
    assert not rules.immunisation_followup_needed(
        service=Service.IMMUNISATION, outcome=Outcome.WAS_NOT_BROUGHT, on_plan=False
    )
    assert not rules.immunisation_followup_needed(
        service=Service.DENTAL, outcome=Outcome.WAS_NOT_BROUGHT, on_plan=True
    )


def _counts(**values):
    base = dict(
        wnbs=0,
        reschedules=0,
        missed_immunisations=0,
        wnbs_on_plan_this_week=0,
        asked_for_discussion=0,
        open_frequent_review=False,
    )
    base.update(values)
    return rules.ChildCounts(**base)


def _reasons(counts):
    return rules.meeting_reasons(
        counts,
        wnb_threshold=2,
        reschedule_threshold=3,
        immunisation_threshold=2,
        window_months=12,
    )


def test_meeting_reasons():  # R-WNB-2
    assert _reasons(_counts(wnbs=1)) == []
    assert _reasons(_counts(wnbs=2)) == ["Not brought to 2 appointments in the last 12 months"]
    assert _reasons(_counts(reschedules=2)) == []
    assert len(_reasons(_counts(reschedules=3))) == 1
    assert len(_reasons(_counts(wnbs_on_plan_this_week=1))) == 1
    assert len(_reasons(_counts(missed_immunisations=2))) == 1
    assert len(_reasons(_counts(open_frequent_review=True))) == 1
    assert len(_reasons(_counts(asked_for_discussion=1))) == 1


@given(st.integers(0, 10), st.integers(0, 10))
def test_more_wnbs_never_take_a_child_off_the_agenda(wnbs, more):
    if _reasons(_counts(wnbs=wnbs)):
        assert _reasons(_counts(wnbs=wnbs + more))


def test_iso_weeks():
    assert rules.iso_week_monday("2026-W49") == dt.date(2026, 11, 30)
    assert rules.iso_week_monday("2026-W53") == dt.date(2026, 12, 28)
    for bad in ("2026-W60", "2025-W53", "2026-W00", "2026W49", "next week", ""):
        with pytest.raises(ValueError):
            rules.iso_week_monday(bad)
    assert rules.iso_week_of(dt.date(2026, 12, 6)) == "2026-W49"
    assert rules.agenda_window(dt.date(2026, 12, 7)) == (
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 6),
    )


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 36))
def test_months_before(day, months):
    earlier = rules.months_before(day, months)
    assert earlier <= day
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months


def test_cancellation_outcome():
    assert rules.cancellation_outcome("pat") == Outcome.FAMILY_CANCELLED
    assert rules.cancellation_outcome("pat-crs") == Outcome.FAMILY_CANCELLED
    assert rules.cancellation_outcome("prov") == Outcome.SERVICE_CANCELLED
    assert rules.cancellation_outcome("other") == Outcome.SERVICE_CANCELLED
    assert rules.cancellation_outcome("patient") == Outcome.SERVICE_CANCELLED


def test_on_time():
    due = dt.date(2026, 12, 7)
    assert rules.on_time(done_on=due, due_on=due)
    assert not rules.on_time(done_on=due + dt.timedelta(days=1), due_on=due)
    assert not rules.on_time(done_on=None, due_on=due)
