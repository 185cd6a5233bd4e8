"""The conference rules (R-REF-5), without the database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from seenheard.conferences import rules
from seenheard.core.workingdays import add_working_days, is_working_day


def test_initial_within_15_working_days_of_the_strategy_discussion():
    # Friday 4 December 2026: 15 working days later, skipping Christmas Day and Boxing Day
    # (observed on Monday 28th), is Tuesday 29 December.
    scale = rules.initial_timescale(
        strategy_on=dt.date(2026, 12, 4), working_days=15, add_working_days=add_working_days
    )
    assert scale.due_by == dt.date(2026, 12, 29)
    assert scale.allows(dt.date(2026, 12, 29))
    assert not scale.allows(dt.date(2026, 12, 30))
    assert not scale.allows(dt.date(2026, 12, 3))


def test_first_review_within_3_months_then_every_6():
    first = rules.review_timescale(
        previous_on=dt.date(2026, 11, 30),
        previous_was_initial=True,
        first_months=3,
        later_months=6,
    )
    assert first.due_by == dt.date(2027, 2, 28)
    later = rules.review_timescale(
        previous_on=dt.date(2027, 2, 28),
        previous_was_initial=False,
        first_months=3,
        later_months=6,
    )
    assert later.due_by == dt.date(2027, 8, 28)
    assert not later.allows(dt.date(2027, 2, 28))


def test_a_date_outside_the_timescale_needs_a_reason():
    scale = rules.Timescale(earliest=dt.date(2026, 12, 1), due_by=dt.date(2026, 12, 21))
    assert (
        rules.outside_timescale_problem(day=dt.date(2026, 12, 10), timescale=scale, reason="")
        is None
    )
    problem = rules.outside_timescale_problem(day=dt.date(2027, 1, 5), timescale=scale, reason=" ")
    assert problem == (
        "The conference must be held by 21 December 2026. To hold it on another date, say why."
    )
    assert (
        rules.outside_timescale_problem(
            day=dt.date(2027, 1, 5), timescale=scale, reason="Parents' solicitor unavailable"
        )
        is None
    )


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=1, max_value=40),
)
def test_the_initial_deadline_is_a_working_day_after_the_discussion(start, days):
    scale = rules.initial_timescale(
        strategy_on=start, working_days=days, add_working_days=add_working_days
    )
    assert scale.due_by > start
    assert is_working_day(scale.due_by)
    assert scale.allows(start) and scale.allows(scale.due_by)


def test_surgery_hours():
    kwargs = {"opens_minute": 8 * 60, "closes_minute": 18 * 60 + 30}
    at = dt.datetime(2026, 12, 15, 18, 30)
    assert rules.outside_surgery_hours(starts_at_local=at, is_working_day=True, **kwargs)
    assert not rules.outside_surgery_hours(
        starts_at_local=at.replace(hour=18, minute=29), is_working_day=True, **kwargs
    )
    assert rules.outside_surgery_hours(
        starts_at_local=at.replace(hour=7, minute=59), is_working_day=True, **kwargs
    )
    assert rules.outside_surgery_hours(
        starts_at_local=at.replace(hour=11), is_working_day=False, **kwargs
    )


def test_notice_and_short_notice():
    days = rules.notice_days(sent_on=dt.date(2026, 12, 6), conference_on=dt.date(2026, 12, 14))
    assert days == 8
    assert rules.short_notice(days=days, wanted_days=10)
    assert not rules.short_notice(days=10, wanted_days=10)


def test_gp_contribution_and_share():
    assert rules.gp_contributed(attended=False, report_before_start=True)
    assert rules.gp_contributed(attended=True, report_before_start=False)
    assert not rules.gp_contributed(attended=False, report_before_start=False)
    assert rules.share_percent(1, 3) == 33
    assert rules.share_percent(1, 2) == 50
    assert rules.share_percent(2, 3) == 67
    assert rules.share_percent(0, 0) is None


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_share_is_a_percentage(part, whole):
    part = min(part, whole)
    share = rules.share_percent(part, whole)
    assert share is not None and 0 <= share <= 100
    assert abs(share - 100 * part / whole) <= 0.5
