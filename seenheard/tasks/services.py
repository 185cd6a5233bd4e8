"""Changing tasks: giving one (any app, any professional: R-REF-7), closing it with its outcome,
reassigning it. Each change is audited in its own transaction and written to the task's history;
a refusal is a type from ``tasks.errors`` and changes nothing (ADR 025)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor, is_system
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.accounts.presenters import people_by_username
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.protocols.selectors import protocol_value
from seenheard.tasks import rules
from seenheard.tasks.errors import (
    TaskAlreadyClosed,
    TaskChildNotFound,
    TaskClosedOnItsPage,
    TaskDueInPast,
    TaskDueMissing,
    TaskKindRaisedElsewhere,
    TaskKindUnknown,
    TaskOutcomeMissing,
    TaskOwnerMissing,
    TaskOwnerNotFound,
    TaskOwnerUnchanged,
    TaskRefused,
    TaskTextTooLong,
    TaskTitleMissing,
)
from seenheard.tasks.escalation import escalation_schedule
from seenheard.tasks.kinds import TaskKindSpec, task_closed_on, task_kind
from seenheard.tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from seenheard.tasks.notify import tell_owners
from seenheard.tasks.selectors import tasks_owned_by

#: Kept for callers of the first release: every refusal is a ``TaskRefused``.
TaskError = TaskRefused

TITLE_MAX = 200
DETAIL_MAX = 4000
OUTCOME_MAX = 4000


def _text(value: str | None, *, field: str, what: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise TaskTextTooLong(field=field, what=what, limit=limit)
    return text


def _child(actor: Actor, child_id: int) -> Child:
    if is_system(actor):
        # scope-exempt: a rule's task is raised by the service for a child it already holds
        found = Child.objects.filter(pk=child_id).first()
    else:
        found = children_visible_to(actor).filter(pk=child_id).first()
    if found is None:
        raise TaskChildNotFound
    return found


def _owner(
    *, org_id: int | None, role: str | None, user_id: int | None
) -> tuple[Organisation, str, int | None]:
    """The owning team (organisation and role) and person, checked: the person works in that
    team; the role is one that sees children's records."""
    if org_id is None or (not role and user_id is None):
        raise TaskOwnerMissing
    members = Membership.objects.select_related("organisation").filter(
        organisation_id=org_id, active=True, organisation__active=True
    )
    if role:
        if role not in Role.values or not policy_for(role).sees_child_data:
            raise TaskOwnerNotFound
        members = members.filter(role=role)
    if user_id is not None:
        members = members.filter(user_id=user_id, user__is_active=True)
    member = members.order_by("pk").first()
    if member is None:
        if user_id is not None or not role:
            raise TaskOwnerNotFound
        org = Organisation.objects.filter(pk=org_id, active=True).first()
        if org is None:
            raise TaskOwnerNotFound
        return org, role, None  # a team with nobody in it yet still owns its tasks
    if not policy_for(member.role).sees_child_data:
        raise TaskOwnerNotFound
    return member.organisation, role or member.role, user_id


def _due(due_on: dt.date | None, *, kind_due_days_key: str, area: Organisation) -> dt.date:
    today = timezone.localdate(clock.now())
    if due_on is None:
        if not kind_due_days_key:
            raise TaskDueMissing
        return rules.default_due(today=today, days=protocol_value(kind_due_days_key, area=area))
    if rules.due_in_past(due_on=due_on, today=today):
        raise TaskDueInPast(due_on)
    return due_on


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    child_id: int,
    kind: str,
    owner_org_id: int,
    owner_role: str | None = None,
    owner_user_id: int | None = None,
    title: str,
    detail: str = "",
    due_on: dt.date | None = None,
    requirement: str = "",
    encounter_ids: Sequence[int] = (),
    notify: bool = True,
    owning_kind: str = "",
) -> Task:
    """Give a task about a child to a team or a person (R-REF-7): the one way every app makes
    a task.

    ``actor`` is the professional giving it, or ``access.actor.system_actor(...)`` when a rule
    raises it (the service then reaches any child). ``kind`` is a key registered in
    ``tasks.kinds``; ``requirement`` defaults to the kind's. The owner is a team (``owner_org_id``
    and ``owner_role``), or one person in it (``owner_user_id``, with or without the role).
    ``due_on`` is today or later; without it the kind's protocol parameter sets it (a kind
    without one refuses). ``title`` (at most 200 characters) and ``detail`` (4,000) are kept as
    written; pages escape them.

    Refusals (``tasks.errors``, nothing changed): ``TaskChildNotFound`` (no such child, or one
    the actor may not see: the same answer), ``TaskKindUnknown``, ``TaskOwnerMissing``,
    ``TaskOwnerNotFound``, ``TaskTitleMissing``, ``TaskTextTooLong``, ``TaskDueMissing``,
    ``TaskDueInPast``, ``TaskKindRaisedElsewhere`` (a kind that closes on its own app's page,
    ADR 030, is made only by that app, which says so with ``owning_kind=kind``).

    In the same transaction: the task, its "given" history row, the audit event, and (unless
    ``notify`` is False) a message in each owner's inbox with its e-mail queued for the worker.
    """
    spec = task_kind(kind)
    if spec is None:
        raise TaskKindUnknown(kind)
    if spec.closed_on is not None and owning_kind != spec.key:
        raise TaskKindRaisedElsewhere(kind)
    title = _text(title, field="title", what="What needs to be done", limit=TITLE_MAX)
    if not title:
        raise TaskTitleMissing
    detail = _text(detail, field="detail", what="The details", limit=DETAIL_MAX)
    child = _child(actor, child_id)
    org, role, user_id = _owner(org_id=owner_org_id, role=owner_role, user_id=owner_user_id)
    due = _due(due_on, kind_due_days_key=spec.due_days_key, area=org)
    task = _task_write(
        actor=actor,
        spec=spec,
        child=child,
        owner=(org, role, user_id),
        text=(title, detail),
        requirement=requirement or spec.requirement,
        due=due,
    )
    if encounter_ids:
        task.encounters.add(*encounter_ids)
    escalation_schedule(task=task)
    if notify:
        tell_owners(task=task, sender=actor, reason="given")
    return task


def _task_write(
    *,
    actor: Actor,
    spec: TaskKindSpec,
    child: Child,
    owner: tuple[Organisation, str, int | None],
    text: tuple[str, str],
    requirement: str,
    due: dt.date,
) -> Task:
    """The task, its "given" history row and the audit event, all checked already."""
    org, role, user_id = owner
    title, detail = text
    now = clock.now()
    task = Task.objects.create(
        kind=spec.key,
        child=child,
        owner_org=org,
        owner_role=role,
        owner_user_id=user_id,
        title=title,
        detail=detail,
        requirement=requirement,
        due_on=due,
        created_at=now,
        created_by=actor.username,
    )
    TaskEvent.objects.create(
        task=task,
        kind=TaskEventKind.GIVEN,
        at=now,
        by=actor.username,
        to_org=org,
        to_role=role,
        to_user_id=user_id,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="Task",
        object_id=task.pk,
        child_id=child.pk,
        detail={"kind": spec.key, "requirement": task.requirement, "due_on": due.isoformat()},
    )
    return task


def _closer(username: str) -> str:
    """Who closed a task, by name and role (never their username)."""
    return people_by_username([username])[username] if username else "someone"


def _open_task(actor: Actor, task_id: int, *, owning_kind: str = "") -> Task | None:
    if owning_kind and task_closed_on(owning_kind) is not None:
        # The owning app has checked who may record its decision on its own record (ADR 030).
        found = Task.objects.filter(kind=owning_kind)
    else:
        found = tasks_owned_by(actor)
    task = found.select_for_update().filter(pk=task_id).first()
    if task is not None and task.status != TaskStatus.OPEN:
        when = timezone.localtime(task.closed_at).date() if task.closed_at else None
        raise TaskAlreadyClosed(who=_closer(task.closed_by) if when else "", when=when)
    return task


def _closed_on_its_page(task: Task, owning_kind: str) -> None:
    """ADR 030: a kind registered with ``closed_on`` closes only through its owning app."""
    closed_on = task_closed_on(task.kind)
    if closed_on is not None and owning_kind != task.kind:
        raise TaskClosedOnItsPage(
            decision=closed_on.decision, page=closed_on.page, href=closed_on.href(task.pk)
        )


@transaction.atomic
def task_close(*, actor: Actor, task_id: int, outcome: str, owning_kind: str = "") -> Task | None:
    """Close one of the actor's open tasks with what was done or decided (R-REF-7; the flags'
    reviews too). None when the task is not the actor's (the same answer as "no such task").
    Refusals: ``TaskAlreadyClosed``, ``TaskOutcomeMissing``, ``TaskTextTooLong``,
    ``TaskClosedOnItsPage``.

    A kind registered with ``closed_on`` (ADR 030: a "was not brought" triage, an SDQ's
    specialist review, an overdue referral decision) closes only with its app's decision: the
    pages and the API get ``TaskClosedOnItsPage``, naming the page to record it on. The owning
    app's service closes it by passing ``owning_kind`` (the task's kind); the task is then
    found by its id and kind, the app having decided who may record its decision."""
    task = _open_task(actor, task_id, owning_kind=owning_kind)
    if task is None:
        return None
    _closed_on_its_page(task, owning_kind)
    outcome = _text(outcome, field="outcome", what="The outcome", limit=OUTCOME_MAX)
    if not outcome:
        raise TaskOutcomeMissing
    now = clock.now()
    task.status = TaskStatus.DONE
    task.closed_at = now
    task.closed_by = actor.username
    task.outcome = outcome
    task.save(update_fields=["status", "closed_at", "closed_by", "outcome"])
    TaskEvent.objects.create(task=task, kind=TaskEventKind.CLOSED, at=now, by=actor.username)
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="Task",
        object_id=task.pk,
        child_id=task.child_id,
        detail={"closed": True, "kind": task.kind, "requirement": task.requirement},
    )
    return task


@transaction.atomic
def task_reassign(
    *,
    actor: Actor,
    task_id: int,
    owner_org_id: int,
    owner_role: str | None = None,
    owner_user_id: int | None = None,
    note: str = "",
) -> Task | None:
    """Give one of the actor's open tasks to another team or person (R-REF-7). The change is
    kept in the task's history (from whom, to whom, who did it, why) and audited; the new
    owners are told. None when the task is not the actor's. Refusals: ``TaskAlreadyClosed``,
    ``TaskOwnerMissing``, ``TaskOwnerNotFound``, ``TaskOwnerUnchanged``, ``TaskTextTooLong``."""
    task = _open_task(actor, task_id)
    if task is None:
        return None
    note = _text(note, field="note", what="The reason", limit=DETAIL_MAX)
    org, role, user_id = _owner(org_id=owner_org_id, role=owner_role, user_id=owner_user_id)
    if (org.pk, role, user_id) == (task.owner_org_id, task.owner_role, task.owner_user_id):
        raise TaskOwnerUnchanged
    TaskEvent.objects.create(
        task=task,
        kind=TaskEventKind.REASSIGNED,
        at=clock.now(),
        by=actor.username,
        from_org_id=task.owner_org_id,
        from_role=task.owner_role,
        from_user_id=task.owner_user_id,
        to_org=org,
        to_role=role,
        to_user_id=user_id,
        note=note,
    )
    task.owner_org, task.owner_role, task.owner_user_id = org, role, user_id
    task.save(update_fields=["owner_org", "owner_role", "owner_user_id"])
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="TaskOwner",
        object_id=task.pk,
        child_id=task.child_id,
        detail={"to_org": org.code, "to_role": role, "to_user_id": user_id},
    )
    tell_owners(task=task, sender=actor, reason="reassigned")
    return task
