"""Reading a child's multi-agency chronology (issue 9 item 10): one timeline of what every
agency recorded, newest first, a page at a time, audited as a view of the child.

Paging is by keyset: a page ends at its last event's (moment, key), and the next page asks each
provider only for events at or before that moment, at most a page and one. So a page costs the
same for a child with 20 events or 20,000. A provider that filled its allowance may hold older
events than the ones it returned; the page never runs past the oldest of those (its horizon),
so nothing is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.services import audit_view
from seenheard.children.models import Child
from seenheard.chronology.registry import ChronologyEvent, Provider, registered_providers

PAGE_SIZE = 25
#: The most events asked of one provider at once (when many share the cursor's moment).
_ASK_MAX = 10_000
_SEPARATOR = "~"


@dataclass(frozen=True, order=True)
class Cursor:
    """Where a page ended: the last event's moment and key. Written into the "older" link."""

    at: dt.datetime
    key: str

    def token(self) -> str:
        return f"{self.at.isoformat()}{_SEPARATOR}{self.key}"

    @classmethod
    def parse(cls, token: str) -> Cursor | None:
        """A cursor from a link, or None when it is not one (it changes nothing)."""
        when, sep, key = token.partition(_SEPARATOR)
        if not sep or not key or len(token) > 120 or not key.isascii() or not key.isprintable():
            return None
        try:
            at = dt.datetime.fromisoformat(when)
        except ValueError:
            return None
        return cls(at, key) if at.tzinfo is not None else None


@dataclass(frozen=True)
class ChronologyPage:
    child: Child
    events: list[ChronologyEvent]
    #: Where the next (older) page starts, or None on the last page.
    older: Cursor | None
    first_page: bool


def _position(event: ChronologyEvent) -> Cursor:
    return Cursor(event.at, event.key)


def _gather(
    actor: Actor, child: Child, before: Cursor | None, limit: int
) -> tuple[list[ChronologyEvent], Cursor | None]:
    """Every provider's events older than ``before``, and the horizon: the newest of the
    oldest events of the providers that may hold more."""
    events: list[ChronologyEvent] = []
    horizon: Cursor | None = None
    for provider in registered_providers().values():
        kept, oldest = _from(provider, actor, child, before, limit + 1)
        events.extend(kept)
        if oldest is not None:
            horizon = oldest if horizon is None else max(horizon, oldest)
    return events, horizon


def _from(
    provider: Provider, actor: Actor, child: Child, before: Cursor | None, asked: int
) -> tuple[list[ChronologyEvent], Cursor | None]:
    """One provider's events older than ``before``, and the oldest it returned when it filled
    its allowance (it may hold more). A provider whose allowance is all taken by events at the
    cursor's own moment, already shown, is asked again for more, so the pages move on."""
    while True:
        found = list(provider(actor, child, before.at if before else None, asked))
        kept = [e for e in found if before is None or _position(e) < before]
        if len(found) < asked:
            return kept, None
        if kept or asked >= _ASK_MAX:
            return kept, min(_position(e) for e in found)
        asked *= 4


@transaction.atomic
def chronology_for(
    *, actor: Actor, child_id: int, before: Cursor | None = None, limit: int = PAGE_SIZE
) -> ChronologyPage | None:
    """A page of the child's chronology, newest first; None when the child is not found or
    the actor may not see them (the same answer). Audited as a view of the child."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        return None
    events, horizon = _gather(actor, child, before, limit)
    events.sort(key=_position, reverse=True)
    safe = [e for e in events if horizon is None or _position(e) >= horizon]
    page = safe[:limit]
    more = len(safe) > limit or (horizon is not None and bool(page))
    older = _position(page[-1]) if page and more else None
    audit_view(
        actor=actor,
        object_type="Chronology",
        object_id=child.pk,
        child_id=child.pk,
        detail={"before": before.token() if before else "", "shown": len(page)},
    )
    return ChronologyPage(child=child, events=page, older=older, first_page=before is None)
