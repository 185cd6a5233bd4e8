"""Tasks in plain English for the pages: who owns one (people by name and role, teams by role
and organisation), when it is due and whether it is overdue, and its history (R-REF-7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from seenheard.accounts.models import Organisation, Role, User
from seenheard.accounts.presenters import people_by_username, person_label
from seenheard.tasks import rules
from seenheard.tasks.models import Task, TaskEvent, TaskEventKind

SYSTEM = "Seen and Heard"


def names_by_user_id(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    return {
        u.pk: u.get_full_name() or "A member of staff" for u in User.objects.filter(pk__in=wanted)
    }


def owner_label(
    org: Organisation | None, role: str, user_id: int | None, names: dict[int, str]
) -> str:
    """ "Hannah Vale, Health visitor or school nurse, Demo Health Visiting" or "Health visitor
    or school nurse team, Demo Health Visiting"."""
    where = org.name if org is not None else "an organisation"
    label = Role(role).label if role in Role.values else "Staff"
    if user_id is not None:
        return f"{person_label(names.get(user_id, ''), role)}, {where}"
    return f"{label} team, {where}"


@dataclass(frozen=True)
class Due:
    text: str
    overdue: bool


def due(task: Task, *, today: dt.date) -> Due:
    if task.due_on is None:
        return Due("No due date", False)
    text = f"{task.due_on:%-d %B %Y}"
    if task.status == "open" and rules.is_overdue(due_on=task.due_on, today=today):
        days = (today - task.due_on).days
        return Due(f"{text}: overdue by {days} day{'s' if days != 1 else ''}", True)
    return Due(text, False)


def _who(username: str, people: dict[str, str]) -> str:
    if not username or username == "system":
        return SYSTEM
    return people.get(username, "A member of staff")


def history_rows(events: list[TaskEvent], *, names: dict[int, str]) -> list[dict[str, Any]]:
    """Each event as a sentence with its time, oldest first."""
    people = people_by_username(e.by for e in events)
    rows = []
    for e in events:
        to = owner_label(e.to_org, e.to_role, e.to_user_id, names) if e.to_org else ""
        if e.kind == TaskEventKind.GIVEN:
            what = f"Given to {to} by {_who(e.by, people)}"
        elif e.kind == TaskEventKind.REASSIGNED:
            before = owner_label(e.from_org, e.from_role, e.from_user_id, names)
            what = f"Passed from {before} to {to} by {_who(e.by, people)}"
            if e.note:
                what += f": {e.note}"
        elif e.kind == TaskEventKind.ESCALATED:
            what = (
                f"Overdue: escalated to {e.note}"
                if e.note
                else "Overdue: nobody manages the owners, so it could not be escalated"
            )
        else:
            what = f"Closed by {_who(e.by, people)}"
        rows.append({"at": timezone.localtime(e.at), "what": what})
    return rows


def task_row(
    task: Task, *, today: dt.date, names: dict[int, str], people: dict[str, str]
) -> dict[str, Any]:
    """What the worklists and the task's page show of one task."""
    return {
        "task": task,
        "owner": owner_label(task.owner_org, task.owner_role, task.owner_user_id, names),
        "due": due(task, today=today),
        "given_by": _who(task.created_by, people),
        "escalated": task.escalation_level > 0,
    }


def child_task_rows(tasks: list[Task], *, today: dt.date) -> list[dict[str, Any]]:
    """The open tasks on a child's summary: what, for whom, when due."""
    names = names_by_user_id(t.owner_user_id for t in tasks)
    return [
        {
            "task": t,
            "owner": owner_label(t.owner_org, t.owner_role, t.owner_user_id, names),
            "due": due(t, today=today),
        }
        for t in tasks
    ]
