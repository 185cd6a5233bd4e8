"""The report's rules about child protection conferences (R-REF-5), as pure functions.

The numbers come from the area's protocol (``conference.*``), with Working Together's and the
report's as defaults: initial conference within 15 working days of the strategy discussion,
first review within 3 months, then every 6 months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

#: A reason for a date outside the timescale must say something (R-REF-5).
REASON_MIN_CHARS = 10


@dataclass(frozen=True)
class Timescale:
    """The window a conference must fall in: from ``earliest`` to ``due_by``, both included."""

    earliest: dt.date
    due_by: dt.date

    def allows(self, day: dt.date) -> bool:
        return self.earliest <= day <= self.due_by


def initial_timescale(
    *,
    strategy_on: dt.date,
    working_days: int,
    add_working_days: Callable[[dt.date, int], dt.date],
) -> Timescale:
    """R-REF-5: an initial conference within ``working_days`` working days of the strategy
    discussion (the day of the discussion itself does not count)."""
    return Timescale(earliest=strategy_on, due_by=add_working_days(strategy_on, working_days))


def review_timescale(
    *, previous_on: dt.date, previous_was_initial: bool, first_months: int, later_months: int
) -> Timescale:
    """R-REF-5: the first review within ``first_months`` of the initial conference, each later
    review within ``later_months`` of the one before."""
    months = first_months if previous_was_initial else later_months
    return Timescale(
        earliest=previous_on + dt.timedelta(days=1),
        due_by=previous_on + relativedelta(months=months),
    )


def outside_timescale_problem(*, day: dt.date, timescale: Timescale, reason: str) -> str | None:
    """R-REF-5: a date outside the timescale needs a recorded reason; None when it will do."""
    if timescale.allows(day):
        return None
    if len(reason.strip()) >= REASON_MIN_CHARS:
        return None
    return (
        f"The conference must be held by {timescale.due_by.strftime('%-d %B %Y')}. "
        "To hold it on another date, say why."
    )


def notice_days(*, sent_on: dt.date, conference_on: dt.date) -> int:
    """R-REF-5: the notice a GP was given, in calendar days."""
    return (conference_on - sent_on).days


def short_notice(*, days: int, wanted_days: int) -> bool:
    """R-REF-5: less notice than the area asks for (late notice keeps GPs away)."""
    return days < wanted_days


def outside_surgery_hours(
    *, starts_at_local: dt.datetime, opens_minute: int, closes_minute: int, is_working_day: bool
) -> bool:
    """R-REF-5: whether a conference starts outside GP surgery hours (before opening, after
    closing, or on a day that is not a working day), the time GPs can most easily attend."""
    if not is_working_day:
        return True
    minute = starts_at_local.hour * 60 + starts_at_local.minute
    return minute < opens_minute or minute >= closes_minute


def gp_contributed(*, attended: bool, report_before_start: bool) -> bool:
    """R-REF-5: a GP contributed to a conference when they attended (in person or remotely) or
    sent their report before it started."""
    return attended or report_before_start


def share_percent(part: int, whole: int) -> int | None:
    """A share as a whole percentage, rounded half up; None when there is nothing to share."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)
