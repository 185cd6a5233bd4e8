"""The rules of early help (R-REF-6), as pure functions; the parameters come from protocols
(``early_help.review_interval_weeks``, ``early_help.missed_review_task_days``)."""

from __future__ import annotations

import datetime as dt


def review_date_problem(*, review_on: dt.date, today: dt.date, weeks: int) -> str:
    """R-REF-6: "past", "too-far", or "" when the date is today or within ``weeks`` weeks."""
    if review_on < today:
        return "past"
    if review_on > today + dt.timedelta(weeks=weeks):
        return "too-far"
    return ""


def review_missed(*, review_on: dt.date, today: dt.date, is_open: bool) -> bool:
    """R-REF-6: an open record whose review date has passed without a review."""
    return is_open and review_on < today


def missed_review_task_due(
    *, review_on: dt.date, raised_for: dt.date | None, today: dt.date
) -> bool:
    """R-REF-6: a missed review becomes one task: not again for the same review date."""
    return review_on < today and raised_for != review_on
