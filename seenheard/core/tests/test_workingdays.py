"""Working days in England: statutory timescales skip weekends and England's bank holidays,
including substitute days (R-OUT-1: an initial health assessment is due within 20 working days)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.core.workingdays import add_working_days, is_working_day

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 12, 24), True),  # Thursday
        (D(2026, 12, 25), False),  # Christmas Day, a Friday
        (D(2026, 12, 26), False),  # Boxing Day, a Saturday
        (D(2026, 12, 27), False),  # Sunday
        (D(2026, 12, 28), False),  # Monday: Boxing Day substitute (observed)
        (D(2026, 12, 29), True),  # Tuesday
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 8, 31), False),  # late summer bank holiday (England, not Scotland's date)
        (D(2026, 8, 3), True),  # Scotland's summer bank holiday is a working day in England
        (D(2026, 11, 25), True),  # an ordinary Wednesday
    ],
)
def test_england_bank_holidays_2026(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_adding_working_days_skips_christmas_and_the_observed_boxing_day() -> None:
    # Thursday 24 December 2026 + 1 working day = Tuesday 29 December.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_the_start_day_itself_does_not_count() -> None:
    assert add_working_days(D(2026, 11, 25), 0) == D(2026, 11, 25)
    assert add_working_days(D(2026, 11, 25), 1) == D(2026, 11, 26)
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday -> Monday


def test_twenty_working_days_for_an_initial_health_assessment() -> None:
    """R-OUT-1: a child entering care on Monday 7 December 2026 is due an IHA 20 working days
    later: four weeks (Monday 4 January) plus three days for Christmas Day, the substitute
    Boxing Day and New Year's Day."""
    assert add_working_days(D(2026, 12, 7), 20) == D(2027, 1, 7)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 5), -1)
