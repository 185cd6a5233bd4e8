"""The multi-agency chronology's registry (issue 9 item 10): each app contributes its events
about a child through one provider, registered once.

A provider is a function ``(actor, child, before, limit) -> events``: the app's events about
the child that the actor may see, at or before ``before`` (all when None), newest first, at
most ``limit``. It reads only that child (already found and allowed by the chronology's
selector, ``children_visible_to``), with a query bounded by ``limit`` on an index that starts
with the child, so the chronology stays fast for a child with thousands of events. It leaves
out what the viewer may not see of its own records, and free text they should not read (link
to the record instead: its own page applies its own rules and audit). In the app's
``AppConfig.ready()``::

    from seenheard.chronology.registry import chronology_provider_register
    chronology_provider_register("referrals", referral_events)

Each event names its agency (the organisation that recorded it, by name) and carries a key
unique across the chronology ("referral:42"), which orders events at the same moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from seenheard.access.actor import Actor
    from seenheard.accounts.models import Organisation
    from seenheard.children.models import Child


@dataclass(frozen=True)
class ChronologyEvent:
    #: When it happened (timezone-aware). A date only: ``at_start_of(date)``.
    at: dt.datetime
    #: Unique across the chronology and stable: "<source>:<id>[:<what>]", e.g. "task:12:closed".
    key: str
    #: What kind of event, in a word or two: "Attendance", "Referral", "Task".
    kind: str
    #: One line saying what happened, in plain English.
    title: str
    #: The agency that recorded it, by name: "Demo Hospitals NHS Foundation Trust".
    agency: str
    #: A little more (a setting, who, an outcome), or "".
    detail: str = ""
    #: The record's own page, when the viewer may open it; else "".
    href: str = ""


Provider = Callable[["Actor", "Child", "dt.datetime | None", int], Sequence[ChronologyEvent]]

_PROVIDERS: dict[str, Provider] = {}


def chronology_provider_register(name: str, provider: Provider) -> None:
    """Add an app's provider (again under the same name replaces it: a reload, a test)."""
    _PROVIDERS[name] = provider


def chronology_provider(name: str) -> Callable[[Provider], Provider]:
    """The same, as a decorator."""

    def register(provider: Provider) -> Provider:
        chronology_provider_register(name, provider)
        return provider

    return register


def registered_providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def at_start_of(day: dt.date) -> dt.datetime:
    """A date of law (a plan's start) as the moment it began in England."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def agency_name(org: Organisation | None) -> str:
    """The agency an organisation belongs to: the top of its tree (a setting's trust, a team's
    council), by name. Its parents must be attached (``accounts.selectors.organisations_by_id``
    or ``select_related``)."""
    if org is None:
        return ""
    top = org
    seen = {top.pk}
    while top.parent_id is not None and top.parent is not None and top.parent.pk not in seen:
        top = top.parent
        seen.add(top.pk)
    return top.name


def newest_first(
    events: list[ChronologyEvent], before: dt.datetime | None, limit: int
) -> list[ChronologyEvent]:
    """For a provider that builds its few events in memory: those at or before ``before``,
    newest first, at most ``limit``."""
    kept = [e for e in events if before is None or e.at <= before]
    kept.sort(key=lambda e: (e.at, e.key), reverse=True)
    return kept[:limit]
