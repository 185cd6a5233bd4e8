"""The rules of periods of care and health assessments (R-OUT-1, R-OUT-3)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from seenheard.core.clock import age_on
from seenheard.core.workingdays import is_working_day
from seenheard.lac_health import rules
from seenheard.lac_health.rules import EpisodeDates

D = dt.date


def test_a_period_of_care_goes_on_through_x1_and_restarts_after_any_other_reason():
    episodes = [
        EpisodeDates(D(2024, 1, 1), D(2024, 3, 1), "X1"),
        EpisodeDates(D(2024, 3, 1), D(2024, 6, 1), "E13"),
        EpisodeDates(D(2024, 9, 1), None, ""),
    ]
    assert rules.period_starts(episodes) == [D(2024, 1, 1), D(2024, 1, 1), D(2024, 9, 1)]
    # The order given does not matter.
    assert rules.period_starts(episodes[::-1]) == [D(2024, 9, 1), D(2024, 1, 1), D(2024, 1, 1)]


def test_x1_with_a_gap_is_a_new_period():
    episodes = [
        EpisodeDates(D(2024, 1, 1), D(2024, 3, 1), "X1"),
        EpisodeDates(D(2024, 3, 5), None, ""),
    ]
    assert rules.period_starts(episodes) == [D(2024, 1, 1), D(2024, 3, 5)]


def test_sequence_problems():
    assert rules.episode_sequence_problems([EpisodeDates(D(2024, 2, 1), D(2024, 1, 1), "E13")])
    open_then_new = [EpisodeDates(D(2024, 1, 1), None, ""), EpisodeDates(D(2024, 2, 1), None, "")]
    [problem] = rules.episode_sequence_problems(open_then_new)
    assert (problem.position, problem.column) == (1, "DECOM")


def test_looked_after_until_the_day_care_ceased():
    assert rules.looked_after_on(D(2024, 1, 1), D(2024, 3, 1), D(2024, 2, 29))
    assert not rules.looked_after_on(D(2024, 1, 1), D(2024, 3, 1), D(2024, 3, 1))
    assert not rules.looked_after_on(D(2024, 1, 1), None, D(2023, 12, 31))


def test_iha_due_counts_20_working_days_across_bank_holidays():
    # In care on Friday 19 December 2025: Christmas, Boxing Day and New Year's Day are not
    # working days, so the 20th working day is Wednesday 21 January 2026 (not Friday 16 January).
    assert rules.iha_due(D(2025, 12, 19)) == D(2026, 1, 21)
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    assert rules.iha_due(D(2026, 3, 27)) == D(2026, 4, 28)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)))
def test_iha_is_due_on_a_working_day_at_least_four_weeks_on(entered):
    due = rules.iha_due(entered)
    assert is_working_day(due)
    assert due - entered >= dt.timedelta(days=26)
    assert (
        sum(
            is_working_day(entered + dt.timedelta(days=n))
            for n in range(1, (due - entered).days + 1)
        )
        == 20
    )


def test_review_every_six_months_under_five_and_twelve_from_five():
    born = D(2020, 6, 15)
    assert rules.rha_due(D(2025, 6, 14), born) == D(2025, 12, 14)  # 4 on the day
    assert rules.rha_due(D(2025, 6, 15), born) == D(2026, 6, 15)  # 5 on the day
    assert rules.rha_due(D(2025, 8, 31), D(2010, 1, 1)) == D(2026, 8, 31)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    st.dates(min_value=D(1995, 1, 1), max_value=D(2030, 12, 31)),
)
def test_review_is_six_months_on_under_five_else_twelve(last, born):
    due = rules.rha_due(last, born)
    months = (due.year - last.year) * 12 + due.month - last.month
    assert months == (6 if age_on(born, last) < 5 else 12)
    assert due.day <= last.day


def test_sdq_due_after_a_year_in_care_then_yearly_and_only_to_16():
    born = D(2014, 3, 2)
    assert rules.sdq_due(D(2024, 5, 6), born, None) == D(2025, 5, 6)
    assert rules.sdq_due(D(2024, 5, 6), born, D(2025, 4, 1)) == D(2026, 4, 1)
    assert rules.sdq_due(D(2024, 5, 6), D(2007, 1, 1), None) is None  # 17 by then
    assert rules.sdq_due(D(2024, 5, 6), D(2022, 1, 1), None) == D(2026, 1, 1)  # at 4


def test_assessment_dates():
    born = D(2014, 3, 2)
    assert rules.assessment_date_problem(
        when=D(2014, 3, 1), date_of_birth=born, today=D(2025, 1, 1)
    )
    assert rules.assessment_date_problem(
        when=D(2025, 1, 2), date_of_birth=born, today=D(2025, 1, 1)
    )
    assert (
        rules.assessment_date_problem(when=D(2025, 1, 1), date_of_birth=born, today=D(2025, 1, 1))
        is None
    )


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(-240, 240))
def test_plus_months_is_relativedeltas_month_arithmetic(day: dt.date, months: int):
    """R-OUT-1, R-OUT-3: the tracker's fast month arithmetic gives exactly the due dates that
    ``dateutil.relativedelta`` gives (31 August + 6 months is the end of February)."""
    from dateutil.relativedelta import relativedelta

    assert rules.plus_months(day, months) == day + relativedelta(months=months)
