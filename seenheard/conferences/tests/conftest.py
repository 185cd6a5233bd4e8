from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import timezone

#: Monday 7 December 2026, 10:00 in England: a working day.
NOW = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))
START = timezone.make_aware(dt.datetime(2026, 12, 17, 17, 30))


@pytest.fixture
def now() -> Iterator[dt.datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


def form_for(
    *,
    invitees: list[int],
    kind: str = "initial",
    strategy_on: dt.date | None = dt.date(2026, 12, 4),
    starts: dt.datetime = START,
    reason: str = "",
    location: str = "Islington Town Hall, room 4",
    remote: str = "video",
) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": kind,
        "starts_on_day": str(starts.day),
        "starts_on_month": str(starts.month),
        "starts_on_year": str(starts.year),
        "time": starts.strftime("%H:%M"),
        "location": location,
        "remote_joining": remote,
        "remote_details": "A video link is sent the day before.",
        "reason": reason,
        "invitees": [str(i) for i in invitees],
    }
    if strategy_on is not None:
        data |= {
            "strategy_on_day": str(strategy_on.day),
            "strategy_on_month": str(strategy_on.month),
            "strategy_on_year": str(strategy_on.year),
        }
    return data


AUDIT = {"audit_auditevent", "audit_audithead"}


def counts_but_audit() -> dict[str, int]:
    """Row counts of every table but the audit trail's (a page that shows the child again
    records that it did, as it must): "nothing else changed"."""
    from seenheard.web.tests.world import table_counts

    return {k: v for k, v in table_counts().items() if k not in AUDIT}
