"""Changing tasks: closing a review with its outcome (R-FLAG-7, R-FLAG-8)."""

from __future__ import annotations

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.accounts.presenters import people_by_username
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.tasks.models import Task, TaskStatus
from seenheard.tasks.selectors import tasks_owned_by

OUTCOME_MAX = 4000


class TaskError(Exception):
    """The change was refused; the message says why in plain English. Nothing was changed."""


def _closer(username: str) -> str:
    """Who closed a task, by name and role (never their username)."""
    return people_by_username([username])[username] if username else "someone"


@transaction.atomic
def task_close(*, actor: Actor, task_id: int, outcome: str) -> Task | None:
    """Close one of the actor's open tasks with what was decided. None when the task is not the
    actor's (the same answer as "no such task"); TaskError for a missing outcome or a task that
    is already closed."""
    task = tasks_owned_by(actor).select_for_update().filter(pk=task_id).first()
    if task is None:
        return None
    outcome = (outcome or "").strip()
    if task.status != TaskStatus.OPEN:
        raise TaskError(
            f"This task was already closed by {_closer(task.closed_by)} on "
            f"{task.closed_at:%-d %B %Y}."
            if task.closed_at
            else "This task is already closed."
        )
    if not outcome:
        raise TaskError("Enter the outcome of the review: what was decided and what happens next.")
    if len(outcome) > OUTCOME_MAX:
        raise TaskError(f"The outcome must be {OUTCOME_MAX} characters or fewer.")
    task.status = TaskStatus.DONE
    task.closed_at = clock.now()
    task.closed_by = actor.username
    task.outcome = outcome
    task.save(update_fields=["status", "closed_at", "closed_by", "outcome"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="Task",
        object_id=task.pk,
        child_id=task.child_id,
        detail={"closed": True, "kind": task.kind, "requirement": task.requirement},
    )
    return task
