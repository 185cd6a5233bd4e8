"""The flag rules, without the database: when a plan is shown (R-FLAG-1), the council's match
rate (R-FLAG-2) and the shared risk flags (R-FLAG-9)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from seenheard.flags.rules import (
    FlagState,
    fgm_flag_problem,
    flag_state,
    match_rate_below_standard,
    risk_flag_duplicate_problem,
    risk_flag_end_reason_problem,
    risk_flag_latest_review,
    risk_flag_review_date_problem,
)

TODAY = dt.date(2026, 12, 6)


def test_a_plan_is_open_until_its_end_and_previous_for_twelve_months() -> None:
    start = dt.date(2025, 1, 1)
    assert flag_state(start=start, end=None, today=TODAY) is FlagState.OPEN
    assert flag_state(start=start, end=TODAY + dt.timedelta(days=1), today=TODAY) is FlagState.OPEN
    assert flag_state(start=start, end=TODAY, today=TODAY) is FlagState.PREVIOUS
    assert flag_state(start=start, end=dt.date(2025, 12, 6), today=TODAY) is FlagState.PREVIOUS
    assert flag_state(start=start, end=dt.date(2025, 12, 5), today=TODAY) is FlagState.EXPIRED
    assert flag_state(start=TODAY + dt.timedelta(days=1), end=None, today=TODAY) is (
        FlagState.NOT_STARTED
    )


def test_the_area_may_keep_previous_plans_shown_longer() -> None:
    ended = dt.date(2025, 6, 1)
    start = dt.date(2024, 1, 1)
    assert flag_state(start=start, end=ended, today=TODAY) is FlagState.EXPIRED
    assert flag_state(start=start, end=ended, today=TODAY, previously_months=24) is (
        FlagState.PREVIOUS
    )


@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
    today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2032, 1, 1)),
)
def test_a_plan_that_has_not_ended_by_today_is_open_once_started(
    start: dt.date, length: int | None, today: dt.date
) -> None:
    end = None if length is None else start + dt.timedelta(days=length)
    state = flag_state(start=start, end=end, today=today)
    if start > today:
        assert state is FlagState.NOT_STARTED
    elif end is None or end > today:
        assert state is FlagState.OPEN
    else:
        assert state in (FlagState.PREVIOUS, FlagState.EXPIRED)


def test_the_match_rate_warning_is_below_95_percent() -> None:
    assert not match_rate_below_standard(matched=95, records=100)
    assert match_rate_below_standard(matched=94, records=100)
    assert not match_rate_below_standard(matched=0, records=0)
    assert match_rate_below_standard(matched=97, records=100, threshold_percent=98)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_the_match_rate_warning_agrees_with_the_percentage(matched: int, records: int) -> None:
    matched = min(matched, records)
    assert match_rate_below_standard(matched=matched, records=records) == (matched / records < 0.95)


def test_an_fgm_risk_flag_is_for_a_girl_under_18_without_one() -> None:
    assert fgm_flag_problem(age=9, sex="female", already_flagged=False) is None
    assert "under 18" in (fgm_flag_problem(age=18, sex="female", already_flagged=False) or "")
    assert "only for a girl" in (fgm_flag_problem(age=9, sex="male", already_flagged=False) or "")
    assert "already has" in (fgm_flag_problem(age=9, sex="female", already_flagged=True) or "")
    assert fgm_flag_problem(age=18, sex="female", already_flagged=False, under_age=19) is None


def test_a_review_date_is_after_today_and_within_twelve_months() -> None:
    latest = risk_flag_latest_review(today=TODAY)
    assert latest == dt.date(2027, 12, 6)
    assert risk_flag_review_date_problem(review_on=latest, today=TODAY) is None
    assert (
        risk_flag_review_date_problem(review_on=TODAY + dt.timedelta(days=1), today=TODAY) is None
    )
    assert risk_flag_review_date_problem(review_on=TODAY, today=TODAY) == (
        "The review date must be in the future."
    )
    too_late = risk_flag_review_date_problem(review_on=latest + dt.timedelta(days=1), today=TODAY)
    assert too_late == "The review date must be within 12 months, by 6 December 2027 at the latest."


def test_one_open_flag_of_a_kind_and_a_reason_to_end_one() -> None:
    assert risk_flag_duplicate_problem(label="Missing", already_open=False) is None
    assert risk_flag_duplicate_problem(label="Missing", already_open=True) == (
        "This child already has an open Missing flag. Review that flag instead."
    )
    assert risk_flag_end_reason_problem("Found safe and well") is None
    assert risk_flag_end_reason_problem("   ") is not None
