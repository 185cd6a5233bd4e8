"""Reading tasks: the open reviews and tasks for the actor's organisation and role."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.encounters.models import Encounter
from seenheard.tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus


def tasks_owned_by(actor: Actor) -> QuerySet[Task]:
    """Tasks owned by the actor's role anywhere in their organisation (a trust's lead has the
    reviews raised at every setting inside the trust), given to the actor by name, or escalated
    to the actor's role at their organisation as the owners' managers (R-REF-7)."""
    if not policy_for(actor.role).sees_child_data:
        return Task.objects.none()
    escalated = TaskEvent.objects.filter(
        task_id=OuterRef("pk"),
        kind=TaskEventKind.ESCALATED,
        to_org_id=actor.organisation.pk,
        to_role=actor.role,
    )
    return Task.objects.filter(
        Q(owner_org_id__in=actor.scope_org_ids, owner_role=actor.role)
        | Q(owner_user_id=actor.user_id)
        | Exists(escalated)
    )


def _with_detail(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("child", "owner_org").prefetch_related(
        Prefetch(
            "encounters",
            queryset=Encounter.objects.select_related("setting", "setting__parent").order_by(
                "-started_at", "-pk"
            ),
        )
    )


@transaction.atomic
def tasks_for(*, actor: Actor, limit: int = 200) -> list[Task]:
    """The actor's open tasks, oldest first (the longest-waiting review at the top), each with
    its attendances (R-FLAG-7, R-FLAG-8). Each child shown is audited."""
    tasks = list(
        _with_detail(tasks_owned_by(actor).filter(status=TaskStatus.OPEN)).order_by(
            "created_at", "pk"
        )[:limit]
    )
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "TaskList", "open", child_id, {})
            for child_id in sorted({t.child_id for t in tasks})
        ],
    )
    return tasks


@transaction.atomic
def task_get(*, actor: Actor, task_id: int) -> Task | None:
    """One task, open or closed, with its attendances; None when it is not the actor's (the
    same answer as "no such task"). Audited."""
    task = _with_detail(tasks_owned_by(actor)).filter(pk=task_id).first()
    if task is not None:
        audit_view(actor=actor, object_type="Task", object_id=task.pk, child_id=task.child_id)
    return task
