"""Escalating overdue tasks to the owner's manager, and again (R-REF-7, ADR 028).

Giving a task with a due date queues one job (``tasks.escalate``) for the day after it is due;
the worker runs it (``tasks.handlers``). If the task is still open then, ``task_escalate``
records the escalation (history row, audit event as the system), tells the managers
(``access.managers.task_manager_levels``) in their inbox and by e-mail, and queues the next
check ``task.escalate_again_days`` later, until ``task.escalation_levels`` is reached. The
command ``seenheard tasks escalate`` runs the same check over every overdue task, for cron or
after an outage; running both, or either twice, escalates a task once per interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import system_actor
from seenheard.access.managers import ManagerLevel, task_manager_levels
from seenheard.accounts.models import Organisation, Role
from seenheard.accounts.presenters import person_label
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.jobs.services import job_enqueue
from seenheard.protocols.selectors import protocol_value
from seenheard.tasks import rules
from seenheard.tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from seenheard.tasks.notify import owners_of, tell_managers

JOB_KIND = "tasks.escalate"


@dataclass(frozen=True)
class Escalated:
    task_id: int
    level: int
    #: The managers told, by name and role ("" when nobody manages the owners).
    told: str


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def escalation_schedule(*, task: Task, after: dt.date | None = None) -> None:
    """Queue the check of an open task for the day after ``after`` (default: its due date)."""
    day = after if after is not None else task.due_on
    if day is None:
        return
    job_enqueue(
        kind=JOB_KIND, payload={"task_id": task.pk}, run_after=_start_of(day + dt.timedelta(1))
    )


def _owners_label(task: Task) -> str:
    team = f"{Role(task.owner_role).label} team at {task.owner_org.name}"
    if task.owner_user_id is None:
        return team
    people = owners_of(task)
    return person_label(people[0].user.get_full_name(), task.owner_role) if people else team


def _level_for(task: Task, level: int) -> ManagerLevel | None:
    levels = task_manager_levels(
        task.owner_org, owner_role=task.owner_role, owner_user_id=task.owner_user_id
    )
    return levels[min(level, len(levels)) - 1] if levels else None


def _record(task: Task, *, level: int, to: ManagerLevel | None, told: str) -> None:
    now = clock.now()
    TaskEvent.objects.create(
        task=task,
        kind=TaskEventKind.ESCALATED,
        at=now,
        by="system",
        to_org=to.organisation if to else None,
        to_role=to.role if to else "",
        level=level,
        note=told,
    )
    task.escalation_level = level
    task.escalated_at = now
    task.save(update_fields=["escalation_level", "escalated_at"])
    audit_change(
        actor=system_actor(task.owner_org, channel="job"),
        action=AuditAction.UPDATE,
        object_type="TaskEscalation",
        object_id=task.pk,
        child_id=task.child_id,
        detail={"level": level, "to_org": to.organisation.code if to else ""},
    )


def _parameters(area: Organisation) -> tuple[int, int]:
    return (
        protocol_value("task.escalate_again_days", area=area),
        protocol_value("task.escalation_levels", area=area),
    )


@transaction.atomic
def task_escalate(*, task_id: int) -> Escalated | None:
    """Escalate one open task if the rule says it is due today (``rules.escalation_due``);
    None when it is not (closed, not yet overdue, escalated recently, or at the last level)."""
    # scope-exempt: the system's own escalation run reaches every task
    task = Task.objects.select_for_update().select_related("owner_org").filter(pk=task_id).first()
    if task is None or task.status != TaskStatus.OPEN:
        return None
    again_days, max_level = _parameters(task.owner_org)
    today = timezone.localdate(clock.now())
    escalated_on = timezone.localdate(task.escalated_at) if task.escalated_at else None
    if not rules.escalation_due(
        due_on=task.due_on,
        level=task.escalation_level,
        escalated_on=escalated_on,
        today=today,
        again_days=again_days,
        max_level=max_level,
    ):
        return None
    level = task.escalation_level + 1
    to = _level_for(task, level)
    told = (
        " and ".join(person_label(m.user.get_full_name(), m.role) for m in to.members) if to else ""
    )
    _record(task, level=level, to=to, told=told)
    if to is not None:
        tell_managers(task=task, managers=list(to.members), level=level, owners=_owners_label(task))
    if level < max_level:
        escalation_schedule(task=task, after=today + dt.timedelta(days=max(again_days, 1) - 1))
    return Escalated(task_id=task.pk, level=level, told=told)


def tasks_escalate_overdue(*, limit: int | None = None) -> list[Escalated]:
    """Check every open, overdue task (the command's sweep); each in its own transaction."""
    today = timezone.localdate(clock.now())
    yesterday = clock.now() - dt.timedelta(days=1)
    # scope-exempt: the system's own escalation run reaches every task
    candidates = Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today).filter(
        escalated_at__isnull=True
    ) | Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today, escalated_at__lte=yesterday)
    ids = list(candidates.order_by("due_on", "pk").values_list("pk", flat=True)[:limit])
    done = [task_escalate(task_id=pk) for pk in ids]
    return [d for d in done if d is not None]
