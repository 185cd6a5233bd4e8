"""Date arithmetic the attendance rules share (R-FLAG-6, R-FLAG-7)."""

from __future__ import annotations

import calendar
import datetime as dt


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """The same day of the month, ``months`` earlier (the last day when that month is
    shorter): the windows the rules count in are calendar months."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return when.replace(year=year, month=month + 1, day=min(when.day, last_day))
