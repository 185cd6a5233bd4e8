"""Reading children's records. Every function names its actor and audits what it shows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.models import TraceKind
from seenheard.access.roles import policy_for
from seenheard.access.scope import adults_traceable_by, children_traceable_by, children_visible_to
from seenheard.access.traces import trace_record
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.children.models import Adult, Child


def _family_key(name: str) -> str:
    return name.strip().lower()


@transaction.atomic
def child_search(
    *,
    actor: Actor,
    nhs_number: str | None = None,
    family_name: str | None = None,
    date_of_birth: dt.date | None = None,
    limit: int = 20,
) -> list[Child]:
    """Exact search by NHS number, or by family name and date of birth.

    The caller validates the inputs. Results are only children the actor may find; the search
    itself is audited (what was asked, how many were shown), and so is each child shown. For
    staff who may trace any child, each child found may be read and registered by them for a
    few minutes (access.traces, ADR 019): the search event says until when.
    """
    base = children_traceable_by(actor).select_related("gp_practice", "responsible_la")
    if nhs_number:
        found = list(base.filter(nhs_number=nhs_number)[:1])
        query: dict[str, object] = {"nhs_number": nhs_number}
        kind = TraceKind.NHS_NUMBER
    elif family_name and date_of_birth:
        found = list(
            base.filter(
                family_name_key=_family_key(family_name), date_of_birth=date_of_birth
            ).order_by("given_name", "pk")[:limit]
        )
        query = {"family_name": family_name.strip(), "date_of_birth": date_of_birth.isoformat()}
        kind = TraceKind.NAME_AND_BIRTH_DATE
    else:
        raise ValueError("search by NHS number, or by family name and date of birth")
    until = trace_record(actor=actor, kind=kind, child_ids=[c.pk for c in found])
    if until is not None:
        query["traced_until"] = until.isoformat()
    # The search itself, and a view of each child it showed, so "who has seen this child"
    # includes the people who found them in a search.
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.SEARCH, "Child", "", None, {**query, "results": [c.pk for c in found]}),
            *((AuditAction.VIEW, "Child", c.pk, c.pk, {"purpose": "search-result"}) for c in found),
        ],
    )
    return found


@transaction.atomic
def mother_search(*, actor: Actor, nhs_number: str) -> list[Adult]:
    """A pregnant woman, by her NHS number (validated by the caller), so that an unborn child's
    plan held against it is seen when she attends (R-FLAG-1, R-FLAG-3). Only staff who may
    trace any child find anyone; the search and the woman shown are audited. She may then be
    registered by id, by the same user, for a few minutes (access.traces, ADR 019)."""
    found = list(adults_traceable_by(actor).filter(nhs_number=nhs_number)[:1])
    query: dict[str, object] = {"nhs_number": nhs_number, "results": [a.pk for a in found]}
    until = trace_record(actor=actor, kind=TraceKind.NHS_NUMBER, adult_ids=[a.pk for a in found])
    if until is not None:
        query["traced_until"] = until.isoformat()
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.SEARCH, "Adult", "", None, query),
            *((AuditAction.VIEW, "Adult", a.pk, None, {"purpose": "search-result"}) for a in found),
        ],
    )
    return found


@transaction.atomic
def child_get(*, actor: Actor, child_id: int, purpose: str = "summary") -> Child | None:
    """The child's record, or None when not found *or* not allowed (the same answer)."""
    child = (
        children_visible_to(actor)
        .select_related("gp_practice", "responsible_la", "household")
        .filter(pk=child_id)
        .first()
    )
    if child is not None:
        audit_view(
            actor=actor,
            object_type="Child",
            object_id=child.pk,
            child_id=child.pk,
            detail={"purpose": purpose},
        )
    return child


@transaction.atomic
def child_get_by_nhs_number(*, actor: Actor, nhs_number: str, purpose: str) -> Child | None:
    """For a trace at registration or through the API: traceable children only, audited. The
    child found may then be read by id (the search result's fullUrl) by the same user for a few
    minutes (access.traces, ADR 019); the view's audit event says until when."""
    child = (
        children_traceable_by(actor)
        .select_related("gp_practice", "responsible_la")
        .filter(nhs_number=nhs_number)
        .first()
    )
    if child is not None:
        detail: dict[str, object] = {"purpose": purpose}
        until = trace_record(actor=actor, kind=TraceKind.NHS_NUMBER, child_ids=[child.pk])
        if until is not None:
            detail["traced_until"] = until.isoformat()
        audit_view(
            actor=actor,
            object_type="Child",
            object_id=child.pk,
            child_id=child.pk,
            detail=detail,
        )
    return child


@transaction.atomic
def child_access_history(
    *, actor: Actor, child_id: int, limit: int = 100
) -> list[dict[str, object]] | None:
    """Who has seen this child: the audit events about the child, newest first.

    None when the actor may not see the child or has no role that reviews access.
    """
    from seenheard.access.roles import policy_for
    from seenheard.audit.models import AuditEvent

    if not policy_for(actor.role).sees_child_audit:
        return None
    if not children_visible_to(actor).filter(pk=child_id).exists():
        return None
    events = list(
        AuditEvent.objects.filter(child_id=child_id)
        .order_by("-seq")
        .values(
            "seq",
            "at",
            "actor_username",
            "actor_name",
            "actor_role",
            "actor_org_name",
            "action",
            "object_type",
            "channel",
            "detail",
        )[:limit]
    )
    audit_view(actor=actor, object_type="ChildAccessHistory", object_id=child_id, child_id=child_id)
    return [dict(event) for event in events]


def child_ids_visible_to(actor: Actor, child_ids: set[int]) -> set[int]:
    """Which of these children the actor may open (R-FLAG-10), so that a page links a child's
    name to their record only when the record would open. Reads ids only: nothing about the
    children is shown, so nothing is audited here (opening the record is)."""
    if not child_ids or not policy_for(actor.role).sees_child_data:
        return set()  # the child summary opens for no one else (web.views.children)
    return set(children_visible_to(actor).filter(pk__in=child_ids).values_list("pk", flat=True))


@transaction.atomic
def child_number_traceable(*, actor: Actor, nhs_number: str, purpose: str) -> bool:
    """Whether the NHS number (validated by the caller) is a child's the actor may trace, so a
    search for someone else (a pregnant woman) can say what is true. Says nothing more about
    the child; the question is audited as a search, like any other (R-FLAG-10)."""
    found = list(
        children_traceable_by(actor).filter(nhs_number=nhs_number).values_list("pk", flat=True)[:1]
    )
    audit_record_many(
        actor=actor,
        items=[
            (
                AuditAction.SEARCH,
                "Child",
                "",
                None,
                {"nhs_number": nhs_number, "purpose": purpose, "results": found},
            )
        ],
    )
    return bool(found)
