"""The report's rules about attendances, as pure typed functions (ADR 025, ADR 029).

Each takes its numbers as arguments; the services read them from the area's protocol
(``protocols/catalogue.py``; the defaults are the report's numbers) and pass them in. Here: when a
start is in the future (R-FLAG-3), when the council is told (R-FLAG-5), the calendar-month windows
(R-FLAG-6), frequent attendance (``frequent_review_decision``) and the sexual-health flag
(R-FLAG-8).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

#: R-FLAG-3: how far ahead of this server's clock an attendance may start: the registering
#: system's clock may run a little fast. The one copy of the rule (ADR 025).
START_ALLOWANCE = dt.timedelta(minutes=5)


def starts_in_future(started_at: dt.datetime, *, now: dt.datetime) -> bool:
    """R-FLAG-3: an attendance is registered when the child is there, so a start more than
    ``START_ALLOWANCE`` after ``now`` is refused (``errors.StartInFuture``)."""
    return started_at > now + START_ALLOWANCE


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """The same day of the month, ``months`` earlier (the last day when that month is
    shorter): the windows the rules count in are calendar months."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return when.replace(year=year, month=month + 1, day=min(when.day, last_day))


class _Attendance(Protocol):
    @property
    def setting_id(self) -> int: ...
    @property
    def started_at(self) -> dt.datetime: ...


A = TypeVar("A", bound=_Attendance)
T = TypeVar("T")


def attendances_counted(attendances: Iterable[A], *, repeat_minutes: int) -> list[A]:
    """The attendances that count towards frequent attendance, in the order given.

    A registration at the same setting less than ``repeat_minutes`` (the area's
    ``attendance.repeat_minutes``) after one that counted is the same visit registered again (a
    second receptionist, a repeated API call), so it does not count: ten registrations in one
    minute are one attendance, not ten. One at another setting always counts (a child moved
    from a minor injury unit to the emergency department was seen twice)."""
    given = list(attendances)
    window = dt.timedelta(minutes=repeat_minutes)
    last_counted: dict[int, dt.datetime] = {}
    counted: set[int] = set()
    for index in sorted(range(len(given)), key=lambda i: given[i].started_at):
        attendance = given[index]
        before = last_counted.get(attendance.setting_id)
        if before is not None and attendance.started_at - before < window:
            continue
        last_counted[attendance.setting_id] = attendance.started_at
        counted.add(index)
    return [a for i, a in enumerate(given) if i in counted]


def council_is_notified(*, unscheduled_setting: bool, has_open_flag: bool) -> bool:
    """R-FLAG-5: an attendance at unscheduled care of a child with an open flag is notified to
    the council; a look-up from scheduled care is a silent read."""
    return unscheduled_setting and has_open_flag


def sexual_health_flag_reasons(*, age: int, looked_after: bool, under_age: int = 13) -> list[str]:
    """R-FLAG-8: sexual-health services flag every child under 13 (who cannot consent in law)
    and every looked-after young person, automatically."""
    reasons = []
    if age < under_age:
        reasons.append(f"Under {under_age}: cannot consent to sexual activity in law")
    if looked_after:
        reasons.append("Looked after")
    return reasons


# -- frequent attendance ----------------------------------------------------------------------


class ReviewAction(StrEnum):
    NONE = "none"  # no review: below the threshold, or this attendance does not count
    READ_LAST_REVIEW = "read-last-review"  # at the threshold: ask again with the last review
    JOIN = "join"  # add this attendance to the open review
    NEW = "new"  # raise a new review of ``in_window``


@dataclass(frozen=True)
class LastReview:
    """The child's latest frequent-attendance review: open, or closed at ``closed_at``."""

    open: bool
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReviewDecision(Generic[T]):
    action: ReviewAction
    #: The counted attendances in the window (since the last closed review, for a new one).
    in_window: list[T]
    #: Counted unscheduled attendances in the window, this one included (what the page says).
    counted_in_window: int
    #: Whether this attendance counts (False: the same visit registered again within minutes).
    this_counts: bool


class _Unread:
    """The last review has not been read yet (see ``frequent_review_decision``)."""


UNREAD = _Unread()


#: The requirement ``frequent_review_decision`` decides; its review tasks record it.
FREQUENT_REVIEW_REQUIREMENT = "R-FLAG-7"


def frequent_review_decision(
    attendances: Sequence[A],
    *,
    this: A,
    window_months: int,
    threshold: int,
    repeat_minutes: int,
    last_review: LastReview | _Unread | None = UNREAD,
) -> ReviewDecision[A]:
    """R-FLAG-7: the ``threshold``-th unscheduled attendance within ``window_months`` calendar
    months before ``this`` one, at any setting, puts the child up for one review by the
    safeguarding consultant paediatrician; later attendances join the open review instead of
    starting another, and once a review is closed a new one needs the threshold reached again
    by attendances since. The same visit registered again within ``repeat_minutes`` counts once
    (``attendances_counted``).

    ``attendances`` are the child's unscheduled attendances, ``this`` one among them when it was
    at unscheduled care. The numbers are the area's protocol (``attendance.frequent_threshold``,
    ``attendance.frequent_window_months``, ``attendance.repeat_minutes``). Reading the last
    review costs a query, so with ``last_review`` left ``UNREAD`` the answer is NONE or
    READ_LAST_REVIEW; asked again with it (None: the child has never had one), JOIN, NEW or
    NONE."""
    counted = attendances_counted(attendances, repeat_minutes=repeat_minutes)
    window_start = months_before(this.started_at, window_months)
    in_window = [a for a in counted if a.started_at >= window_start]
    this_counts = any(a is this for a in counted)
    decision = ReviewDecision(ReviewAction.NONE, in_window, len(in_window), this_counts)
    if not this_counts or len(in_window) < threshold:
        return decision
    if isinstance(last_review, _Unread):
        return ReviewDecision(ReviewAction.READ_LAST_REVIEW, in_window, len(in_window), True)
    if last_review is not None and last_review.open:
        return ReviewDecision(ReviewAction.JOIN, in_window, len(in_window), True)
    if last_review is not None and last_review.closed_at is not None:
        closed_at = last_review.closed_at
        in_window = [a for a in in_window if a.started_at > closed_at]
        if len(in_window) < threshold:
            return decision
    return ReviewDecision(ReviewAction.NEW, in_window, decision.counted_in_window, True)
