"""One place to ask the time, so tests can move it (time-machine) and rules stay pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

# The demo's stories are told as they happened (seenheard.demo.casework): inside ``as_of`` the
# services see that moment. The audit trail never does: it records when it was written.
_AS_OF: ContextVar[dt.datetime | None] = ContextVar("clock_as_of", default=None)


def now() -> dt.datetime:
    at = _AS_OF.get()
    return timezone.now() if at is None else at


def today() -> dt.date:
    """Today's date in England (dates of law are local dates: DESIGN rule 6)."""
    return timezone.localdate(now())


def wall_now() -> dt.datetime:
    """The real time, whatever ``as_of`` says: when an audit event was written."""
    return timezone.now()


@contextmanager
def as_of(at: dt.datetime) -> Iterator[None]:
    """Run the block as if it were ``at`` (an aware time): for seeding past events only."""
    if timezone.is_naive(at):
        raise ValueError("as_of needs an aware time")
    token = _AS_OF.set(at)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
