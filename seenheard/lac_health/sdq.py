"""The latest SDQ per child, for the tracker (R-OUT-3): the one place ``lac_health`` reads the
screening app's scores.

Agreed with the screening app through this function: it returns, for each child id asked about,
the date, total difficulties score and band of the child's latest SDQ. Until ``screening``
records SDQs it returns nothing, and the tracker's SDQ columns stay empty (the SDQ due date is
still worked out from the period of care). The screening app's owner fills in the body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import NamedTuple


class LatestSdq(NamedTuple):
    on: dt.date
    total: int | None  # total difficulties, 0-40; None when it could not be scored
    band: str  # "normal", "borderline", "concern" or ""


def latest_sdqs(child_ids: Collection[int]) -> dict[int, LatestSdq]:
    """The latest SDQ of each of these children that has one (empty until screening exists)."""
    return {}
