"""The latest SDQ per child, for the tracker (R-OUT-3): the one place ``lac_health`` reads the
screening app's scores.

It returns, for each child id asked about, the date, total difficulties score and band of the
child's latest carer's SDQ (the statutory one), from ``screening.selectors.latest_sdqs_of``.
The SDQ due date is worked out here from the period of care and that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import NamedTuple

from seenheard.screening.selectors import latest_sdqs_of


class LatestSdq(NamedTuple):
    on: dt.date
    total: int | None  # total difficulties, 0-40; None when it could not be scored
    band: str  # "normal", "borderline", "concern" or ""


def latest_sdqs(child_ids: Collection[int]) -> dict[int, LatestSdq]:
    """The latest SDQ of each of these children that has one."""
    return {
        child_id: LatestSdq(sdq.completed_on, sdq.total, sdq.band.value if sdq.band else "")
        for child_id, sdq in latest_sdqs_of(child_ids).items()
    }
