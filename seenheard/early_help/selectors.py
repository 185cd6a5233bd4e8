"""Reading early help (R-REF-6): the team's list (records led from the actor's organisation,
next review first), one record with its reviews, a child's records. Every read starts from the
children the actor may see and is audited."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.early_help.models import EarlyHelp, EarlyHelpReview, EarlyHelpStatus

PAGE = 25


def _visible(actor: Actor) -> QuerySet[EarlyHelp]:
    if not policy_for(actor.role).sees_child_data:
        return EarlyHelp.objects.none()
    return EarlyHelp.objects.filter(child_id__in=children_visible_to(actor).values("pk"))


@transaction.atomic
def early_help_team_list(*, actor: Actor, page_number: str | int | None) -> Page[EarlyHelp]:
    """The open early help led from the actor's organisation (and those inside it), the next
    review first: overdue reviews at the top."""
    records = (
        _visible(actor)
        .filter(status=EarlyHelpStatus.OPEN, lead_org_id__in=sorted(actor.scope_org_ids))
        .select_related("child", "lead_org")
        .order_by("review_on", "id")
    )
    paged = Paginator(records, PAGE).get_page(page_number)
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "EarlyHelpList", "team", child_id, {})
            for child_id in sorted({r.child_id for r in paged.object_list})
        ],
    )
    return paged


@transaction.atomic
def early_help_get(*, actor: Actor, early_help_id: int) -> EarlyHelp | None:
    """One record, with its child and lead's organisation; None when not the actor's to see."""
    record = _visible(actor).select_related("child", "lead_org").filter(pk=early_help_id).first()
    if record is not None:
        audit_view(
            actor=actor, object_type="EarlyHelp", object_id=record.pk, child_id=record.child_id
        )
    return record


def early_help_reviews(record: EarlyHelp) -> list[EarlyHelpReview]:
    """The reviews of a record the actor already holds (from ``early_help_get``), oldest first."""
    return list(record.reviews.order_by("reviewed_at", "id"))


def early_help_for_child(*, actor: Actor, child_id: int) -> list[EarlyHelp] | None:
    """A child's early help, open first (for the child's summary, which audits the view);
    None when the actor may not see the child."""
    if not policy_for(actor.role).sees_child_data:
        return None
    if not children_visible_to(actor).filter(pk=child_id).exists():
        return None
    return list(
        EarlyHelp.objects.filter(child_id=child_id)
        .select_related("lead_org")
        .order_by("-status", "-created_at")[:10]
    )


def missed_review_href(task_id: int) -> str:
    """Where a missed review's task is closed, by the task's id: the child's early help record,
    on which the review is recorded (ids only; the page checks who may open it; ADR 030)."""
    from seenheard.tasks.selectors import task_child_id

    child_id = task_child_id(task_id)
    if child_id is None:
        return ""
    # scope-exempt: ids only, for the task page's link
    found = (
        EarlyHelp.objects.filter(child_id=child_id)
        .order_by("-status", "-created_at")  # the open one ("open" > "closed"), else the latest
        .values_list("pk", flat=True)
        .first()
    )
    return "" if found is None else f"/early-help/{found}/"
