"""The rules of tasks between professionals (R-REF-7), without the database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from seenheard.tasks import rules

TODAY = dt.date(2026, 12, 6)


def test_a_task_may_be_due_today_but_not_yesterday():
    assert not rules.due_in_past(due_on=TODAY, today=TODAY)
    assert rules.due_in_past(due_on=TODAY - dt.timedelta(days=1), today=TODAY)


def test_the_default_due_date_counts_days_from_today():
    assert rules.default_due(today=TODAY, days=10) == dt.date(2026, 12, 16)
    assert rules.default_due(today=TODAY, days=-3) == TODAY


def test_overdue_from_the_day_after_the_due_date():
    assert not rules.is_overdue(due_on=TODAY, today=TODAY)
    assert rules.is_overdue(due_on=TODAY, today=TODAY + dt.timedelta(days=1))
    assert not rules.is_overdue(due_on=None, today=TODAY)


def _due(level, escalated_on, today, due_on=TODAY):
    return rules.escalation_due(
        due_on=due_on,
        level=level,
        escalated_on=escalated_on,
        today=today,
        again_days=5,
        max_level=3,
    )


def test_first_escalation_the_day_after_the_due_date_then_every_interval():
    day = dt.timedelta(days=1)
    assert not _due(0, None, TODAY)
    assert _due(0, None, TODAY + day)
    assert not _due(1, TODAY + day, TODAY + 5 * day)
    assert _due(1, TODAY + day, TODAY + 6 * day)
    assert not _due(3, TODAY + day, TODAY + 60 * day)  # the last level has been reached


@given(
    level=st.integers(0, 5),
    gap=st.integers(0, 400),
    since=st.integers(0, 30),
)
def test_escalation_never_runs_before_due_nor_past_the_last_level(level, gap, since):
    today = TODAY + dt.timedelta(days=gap)
    escalated = today - dt.timedelta(days=since) if level else None
    due = _due(level, escalated, today)
    if due:
        assert gap >= 1 and level < 3
        assert level == 0 or since >= 5
