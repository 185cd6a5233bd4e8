"""Recording early help (R-REF-6): a child below the child-protection threshold, the help
offered, a lead professional and a review date; reviews and closing; a missed review becomes a
task for the lead professional (through ``tasks.services.task_create``). Audited, typed
refusals (``early_help.errors``), nothing deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor, system_actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Membership
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.early_help import rules
from seenheard.early_help.errors import (
    EarlyHelpAlreadyOpen,
    EarlyHelpChildNotFound,
    EarlyHelpClosed,
    EarlyHelpCloseReasonMissing,
    EarlyHelpLeadNotFound,
    EarlyHelpReviewDateInvalid,
    EarlyHelpTextMissing,
    EarlyHelpTextTooLong,
)
from seenheard.early_help.models import (
    EarlyHelp,
    EarlyHelpCloseReason,
    EarlyHelpReview,
    EarlyHelpStatus,
)
from seenheard.jobs.services import job_enqueue
from seenheard.protocols.selectors import protocol_value

TEXT_MAX = 4000
MISSED_REVIEW_KIND = "early-help-review-missed"
CHECK_JOB = "early_help.review_check"


def _text(value: str, *, field: str, what: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise EarlyHelpTextMissing(field=field, message=missing)
    if len(text) > TEXT_MAX:
        raise EarlyHelpTextTooLong(field=field, what=what, limit=TEXT_MAX)
    return text


def _review_date(review_on: dt.date, *, area_org_id: int) -> dt.date:
    from seenheard.accounts.models import Organisation

    weeks = protocol_value(
        "early_help.review_interval_weeks", area=Organisation.objects.get(pk=area_org_id)
    )
    problem = rules.review_date_problem(
        review_on=review_on, today=timezone.localdate(clock.now()), weeks=weeks
    )
    if problem:
        raise EarlyHelpReviewDateInvalid(weeks=weeks, past=problem == "past")
    return review_on


def _lead(membership_id: int | None) -> Membership:
    member = (
        Membership.objects.select_related("organisation")
        .filter(pk=membership_id, active=True, user__is_active=True)
        .first()
        if membership_id
        else None
    )
    if member is None or not policy_for(member.role).sees_child_data:
        raise EarlyHelpLeadNotFound
    return member


def _schedule_check(record: EarlyHelp) -> None:
    """The day after the review date, the worker looks whether the review happened."""
    day = record.review_on + dt.timedelta(days=1)
    job_enqueue(
        kind=CHECK_JOB,
        payload={"early_help_id": record.pk},
        run_after=timezone.make_aware(dt.datetime.combine(day, dt.time.min)),
    )


@transaction.atomic
def early_help_record(
    *,
    actor: Actor,
    child_id: int,
    needs: str,
    help_offered: str,
    lead_membership_id: int | None,
    review_on: dt.date,
) -> EarlyHelp:
    """Record early help for a child the actor may see (R-REF-6). Refusals: the child not
    found (the same for not allowed), text missing or too long, the lead not found, the review
    date in the past or beyond the area's interval, early help already open."""
    needs = _text(
        needs, field="needs", what="The child's needs", missing="Say what the child needs."
    )
    help_offered = _text(
        help_offered,
        field="help_offered",
        what="The help offered",
        missing="Say what help is offered.",
    )
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        raise EarlyHelpChildNotFound
    lead = _lead(lead_membership_id)
    review_on = _review_date(review_on, area_org_id=lead.organisation_id)
    if EarlyHelp.objects.filter(child=child, status=EarlyHelpStatus.OPEN).exists():
        raise EarlyHelpAlreadyOpen
    record = EarlyHelp.objects.create(
        child=child,
        needs=needs,
        help_offered=help_offered,
        lead_org_id=lead.organisation_id,
        lead_role=lead.role,
        lead_user_id=lead.user_id,
        review_on=review_on,
        created_at=clock.now(),
        created_by=actor.username,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="EarlyHelp",
        object_id=record.pk,
        child_id=child.pk,
        detail={"review_on": review_on.isoformat(), "lead_org": lead.organisation.code},
    )
    _schedule_check(record)
    return record


def _open_record(actor: Actor, early_help_id: int) -> EarlyHelp | None:
    visible = children_visible_to(actor).values("pk")
    record = (
        EarlyHelp.objects.select_for_update().filter(pk=early_help_id, child_id__in=visible).first()
    )
    if record is not None and record.status != EarlyHelpStatus.OPEN:
        raise EarlyHelpClosed
    return record


def _missed_review_tasks_close(actor: Actor, record: EarlyHelp, *, outcome: str) -> None:
    """A missed review's task closes with the review, or with the early help (ADR 030)."""
    from seenheard.tasks.selectors import task_ids_open_of_kind
    from seenheard.tasks.services import OUTCOME_MAX, task_close

    for task_id in task_ids_open_of_kind(child_id=record.child_id, kind=MISSED_REVIEW_KIND):
        task_close(
            actor=actor,
            task_id=task_id,
            outcome=outcome[:OUTCOME_MAX],
            owning_kind=MISSED_REVIEW_KIND,
        )


@transaction.atomic
def early_help_review(
    *, actor: Actor, early_help_id: int, note: str, next_review_on: dt.date
) -> EarlyHelp | None:
    """Record a review and the next review date. None when the record is not one the actor may
    see (the same answer as none)."""
    record = _open_record(actor, early_help_id)
    if record is None:
        return None
    note = _text(
        note, field="note", what="What the review found", missing="Say what the review found."
    )
    next_review_on = _review_date(next_review_on, area_org_id=record.lead_org_id)
    EarlyHelpReview.objects.create(
        early_help=record,
        reviewed_at=clock.now(),
        reviewed_by=actor.username,
        note=note,
        next_review_on=next_review_on,
    )
    record.review_on = next_review_on
    record.save(update_fields=["review_on"])
    _missed_review_tasks_close(actor, record, outcome=f"Review recorded: {note}")
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="EarlyHelpReview",
        object_id=record.pk,
        child_id=record.child_id,
        detail={"next_review_on": next_review_on.isoformat()},
    )
    _schedule_check(record)
    return record


@transaction.atomic
def early_help_close(
    *, actor: Actor, early_help_id: int, reason: str, note: str
) -> EarlyHelp | None:
    """Close early help with why (the needs met, stepped up to social care ...)."""
    record = _open_record(actor, early_help_id)
    if record is None:
        return None
    if reason not in EarlyHelpCloseReason.values:
        raise EarlyHelpCloseReasonMissing
    note = _text(note, field="note", what="What happens next", missing="Say what happens next.")
    now = clock.now()
    EarlyHelpReview.objects.create(
        early_help=record, reviewed_at=now, reviewed_by=actor.username, note=note
    )
    record.status = EarlyHelpStatus.CLOSED
    record.closed_at = now
    record.closed_by = actor.username
    record.close_reason = reason
    record.save(update_fields=["status", "closed_at", "closed_by", "close_reason"])
    why = EarlyHelpCloseReason(reason).label
    _missed_review_tasks_close(
        actor, record, outcome=f"Early help closed: {why[0].lower()}{why[1:]}. {note}"
    )
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="EarlyHelp",
        object_id=record.pk,
        child_id=record.child_id,
        detail={"closed": True, "reason": reason},
    )
    return record


@dataclass(frozen=True)
class MissedReview:
    early_help_id: int
    task_id: int


@transaction.atomic
def early_help_missed_review_check(*, early_help_id: int) -> MissedReview | None:
    """R-REF-6: a missed review becomes a task for the lead professional, once per review date
    (the worker's job the day after the review date, and the sweep)."""
    from seenheard.tasks.services import task_create

    # scope-exempt: the system's own check of a record it holds
    record = EarlyHelp.objects.select_for_update().filter(pk=early_help_id).first()
    today = timezone.localdate(clock.now())
    if record is None or record.status != EarlyHelpStatus.OPEN:
        return None
    if not rules.missed_review_task_due(
        review_on=record.review_on, raised_for=record.missed_review_task_for, today=today
    ):
        return None
    days = protocol_value("early_help.missed_review_task_days", area=record.lead_org)
    task = task_create(
        actor=system_actor(record.lead_org, channel="job"),
        child_id=record.child_id,
        kind=MISSED_REVIEW_KIND,
        owner_org_id=record.lead_org_id,
        owner_role=record.lead_role,
        owner_user_id=record.lead_user_id,
        title=f"Early help review missed: it was due on {record.review_on:%-d %B %Y}",
        detail="Review the early help: what has changed, whether the help is working, and the "
        "date of the next review.",
        due_on=today + dt.timedelta(days=days),
        owning_kind=MISSED_REVIEW_KIND,
    )
    record.missed_review_task_for = record.review_on
    record.save(update_fields=["missed_review_task_for"])
    return MissedReview(early_help_id=record.pk, task_id=task.pk)


def early_help_missed_reviews_sweep() -> list[MissedReview]:
    """Check every open record whose review date has passed (for cron, after an outage)."""
    today = timezone.localdate(clock.now())
    # scope-exempt: the system's own sweep of the records it holds
    ids = list(
        EarlyHelp.objects.filter(status=EarlyHelpStatus.OPEN, review_on__lt=today)
        .order_by("review_on", "pk")
        .values_list("pk", flat=True)
    )
    done = [early_help_missed_review_check(early_help_id=pk) for pk in ids]
    return [d for d in done if d is not None]
