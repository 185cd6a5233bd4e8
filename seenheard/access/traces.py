"""Exact traces as short-lived legitimate relationships (R-FLAG-3, R-FLAG-10, ADR 019).

Unscheduled-care staff may find any child by an exact trace (ADR 006). What they found, they
may then read and register for ``trace.minutes`` minutes (a protocol parameter): the search
result's link, the FHIR search's ``fullUrl``, the "Register attendance" button. A record id on
its own (typed into a form, an address or a FHIR reference) reaches nobody: the id must belong
to someone the same user has just traced, or already sees through a relationship.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from seenheard.access.actor import Actor
from seenheard.access.models import Trace, TraceKind
from seenheard.access.roles import policy_for
from seenheard.core import clock
from seenheard.protocols.selectors import protocol_value

TRACE_MINUTES = "trace.minutes"


def trace_record(
    *,
    actor: Actor,
    kind: TraceKind,
    child_ids: Iterable[int] = (),
    adult_ids: Iterable[int] = (),
) -> dt.datetime | None:
    """Record that the actor traced these people exactly; the time the access ends, or None
    when the trace gives no access (a role that traces only within its relationships, an area
    that set ``trace.minutes`` to 0, nobody found).

    The caller audits the trace in the same transaction, naming the returned time, so the
    audit trail says both what was found and for how long it could be read."""
    children, adults = sorted(set(child_ids)), sorted(set(adult_ids))
    if not (children or adults) or not policy_for(actor.role).may_trace_any_child:
        return None
    minutes = protocol_value(TRACE_MINUTES, area=actor.organisation)
    if minutes <= 0:
        return None
    now = clock.now()
    expires = now + dt.timedelta(minutes=minutes)
    common = {
        "user_id": actor.user_id,
        "organisation_id": actor.organisation.pk,
        "role": str(actor.role),
        "kind": kind,
        "traced_at": now,
        "expires_at": expires,
    }
    Trace.objects.bulk_create(
        [Trace(child_id=pk, **common) for pk in children]
        + [Trace(adult_id=pk, **common) for pk in adults]
    )
    return expires


def traces_remove_ended(*, before: dt.datetime | None = None) -> int:
    """Remove traces whose access ended before ``before`` (default: a day ago); how many.

    A trace that has ended opens nothing, and the audit trail already says who traced whom and
    until when (the search's event names ``traced_until``), so the rows are not kept. The
    worker calls this on its checkpoint schedule."""
    cutoff = before if before is not None else clock.now() - dt.timedelta(days=1)
    removed, _ = Trace.objects.filter(expires_at__lt=cutoff).delete()
    return removed
