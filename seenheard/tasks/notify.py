"""Telling people about tasks: the owners when a task is given or reassigned to them, the
managers when one is overdue (R-REF-7). A message in each person's inbox, and its e-mail queued
for the worker (``jobs.services.notification_send``). Neither carries anything that identifies
the child: the task behind sign-in has that. An escalation is always high priority (shown first
and marked urgent); a new task is when its kind is registered ``urgent``."""

from __future__ import annotations

from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.accounts.models import Membership
from seenheard.accounts.presenters import person_label
from seenheard.jobs.models import NotificationPriority
from seenheard.jobs.services import notification_send
from seenheard.tasks.kinds import task_kind_label, task_kind_urgent
from seenheard.tasks.models import Task

TOPIC = "task"


def owners_of(task: Task) -> list[Membership]:
    """The people a task belongs to: the named person, else everyone active in the team."""
    members = Membership.objects.select_related("user", "organisation").filter(
        organisation_id=task.owner_org_id, active=True, user__is_active=True
    )
    if task.owner_user_id is not None:
        members = members.filter(user_id=task.owner_user_id)
    else:
        members = members.filter(role=task.owner_role)
    return list(members.order_by("pk"))


def _send(members: list[Membership], *, task: Task, subject: str, body: str, urgent: bool) -> int:
    sent = set()
    for member in members:
        if member.user_id in sent:
            continue
        sent.add(member.user_id)
        notification_send(
            recipient_user_id=member.user_id,
            recipient_email=member.user.email,
            recipient_org_code=member.organisation.code,
            topic=TOPIC,
            subject=subject,
            body=body,
            link=f"/tasks/{task.pk}/",
            child_id=task.child_id,
            priority=NotificationPriority.HIGH if urgent else NotificationPriority.NORMAL,
        )
    return len(sent)


def _due(task: Task) -> str:
    return f"{task.due_on:%-d %B %Y}" if task.due_on else "no date set"


def tell_owners(*, task: Task, sender: Actor, reason: str) -> int:
    """Tell the task's owners it is theirs (``reason``: "given" or "reassigned")."""
    who = person_label(sender.name, sender.role) if sender.user_id else "Seen and Heard"
    verb = "passed you" if reason == "reassigned" else "given you"
    body = (
        f"{who} has {verb} a task ({task_kind_label(task.kind).lower()}), due {_due(task)}. "
        "It is in your task list."
    )
    return _send(
        owners_of(task),
        task=task,
        subject="You have a new task",
        body=body,
        urgent=task_kind_urgent(task.kind),
    )


def tell_managers(*, task: Task, managers: list[Membership], level: int, owners: str) -> int:
    """Tell the managers an overdue task has come to them (R-REF-7)."""
    again = "" if level <= 1 else " It is still open after an earlier escalation."
    body = (
        f"A task for {owners} was due on {_due(task)} and is still open.{again} "
        f"As their manager, please make sure it is done. It was raised on "
        f"{timezone.localtime(task.created_at):%-d %B %Y}."
    )
    return _send(
        managers, task=task, subject="An overdue task needs your attention", body=body, urgent=True
    )
