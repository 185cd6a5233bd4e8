"""Date arithmetic the attendance rules share (R-FLAG-6, R-FLAG-7), which attendances count
towards frequent attendance (R-FLAG-7), and when a start is in the future (R-FLAG-3)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

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
    setting_id: int
    started_at: dt.datetime


A = TypeVar("A", bound=_Attendance)


def attendances_counted(attendances: Iterable[A], *, repeat_minutes: int) -> list[A]:
    """R-FLAG-7: the attendances that count towards frequent attendance, in the order given.

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
