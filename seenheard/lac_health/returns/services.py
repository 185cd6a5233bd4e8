"""Recording the health facts the SSDA903 return's OC2 table needs (R-LEAD-6), for a child the
actor may see and a collection year: a new record supersedes the last, nothing is deleted."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.lac_health.models import LacChild
from seenheard.lac_health.returns.models import HealthReturnFacts
from seenheard.lac_health.returns.rules import Oc2Facts


class ReturnFactsRefused(Exception):
    """The child is not one the actor may see or not looked after by a council (the same
    answer), or the year is not one a return is made for."""

    message = "There is no looked-after child with that record."


@transaction.atomic
def health_return_facts_record(
    *, actor: Actor, child_id: int, year: int, facts: Oc2Facts
) -> HealthReturnFacts:
    """Record (or correct) a child's OC2 facts for the year ending 31 March ``year``, for the
    council that looks after them. Refused with ``ReturnFactsRefused``; audited."""
    if not 2001 <= year <= clock.today().year + 1:
        raise ReturnFactsRefused("Choose a collection year.")
    lac = (
        LacChild.objects.filter(child__in=children_visible_to(actor), child_id=child_id)
        .order_by("-updated_at")
        .first()
    )
    if lac is None:
        raise ReturnFactsRefused
    now = clock.now()
    HealthReturnFacts.objects.filter(
        child_id=child_id, la=lac.la, year=year, superseded_at__isnull=True
    ).update(superseded_at=now)
    row = HealthReturnFacts.objects.create(
        child_id=child_id,
        la=lac.la,
        year=year,
        **asdict(facts),
        recorded_by=actor.username,
        recorded_at=now,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="HealthReturnFacts",
        object_id=row.pk,
        child_id=child_id,
        detail={"year": year, "requirement": "R-LEAD-6"},
    )
    return row
