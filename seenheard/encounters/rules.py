"""Date arithmetic the attendance rules share (R-FLAG-6, R-FLAG-7), and which attendances count
towards frequent attendance (R-FLAG-7)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar


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
