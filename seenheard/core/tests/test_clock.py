"""Ages are whole years on a given date, the way the law counts them (R-FLAG-8: under 13;
R-TRANS-1: from 14)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.core import clock

D = dt.date


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2013, 6, 15), D(2026, 6, 14), 12),  # the day before the 13th birthday
        (D(2013, 6, 15), D(2026, 6, 15), 13),  # the birthday itself
        (D(2013, 6, 15), D(2026, 6, 16), 13),
        (D(2026, 1, 1), D(2026, 1, 1), 0),  # born today
        (D(2012, 2, 29), D(2025, 2, 28), 12),  # leap-day birthday, not yet in a common year
        (D(2012, 2, 29), D(2025, 3, 1), 13),
        (D(2012, 2, 29), D(2028, 2, 29), 16),
        (D(2008, 12, 31), D(2026, 12, 31), 18),
        (D(2008, 12, 31), D(2026, 12, 30), 17),
    ],
)
def test_age_on(born: dt.date, on: dt.date, age: int) -> None:
    assert clock.age_on(born, on) == age


def test_today_is_the_date_in_england_not_utc() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == D(2026, 7, 1)
        assert clock.now().tzinfo is not None
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == D(2026, 12, 31)  # GMT in winter
