"""The task list: open reviews for safeguarding leads (R-FLAG-7, R-FLAG-8), closed with an
outcome. A task that is not the actor's is "not found" (DESIGN rule 2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.roles import policy_for
from seenheard.accounts.presenters import people_by_username
from seenheard.children.selectors import child_ids_visible_to
from seenheard.encounters.presenters import attendance_row
from seenheard.tasks import errors
from seenheard.tasks.models import Task
from seenheard.tasks.selectors import task_get, tasks_for
from seenheard.tasks.services import task_close
from seenheard.web.pages import not_found, page, request_actor

#: Each refusal (ADR 025) and the form field its message is shown against on the task pages
#: ("" for the top of the page; a refusal about text names its own field). A test fails until
#: every type in ``tasks.errors`` has a row.
REFUSAL_FIELDS: dict[type[errors.TaskRefused], str] = {
    errors.TaskChildNotFound: "child",
    errors.TaskKindUnknown: "kind",
    errors.TaskOwnerMissing: "owner",
    errors.TaskOwnerNotFound: "owner",
    errors.TaskTitleMissing: "title",
    errors.TaskTextTooLong: "",
    errors.TaskDueMissing: "due_on",
    errors.TaskDueInPast: "due_on",
    errors.TaskOutcomeMissing: "outcome",
    errors.TaskAlreadyClosed: "",
    errors.TaskOwnerUnchanged: "owner",
}


def refusal_field(exc: errors.TaskRefused) -> str:
    """The field a refusal is shown against, from ``REFUSAL_FIELDS``."""
    if isinstance(exc, errors.TaskTextTooLong):
        return exc.field
    return next(REFUSAL_FIELDS[k] for k in type(exc).__mro__ if k in REFUSAL_FIELDS)


def _row(task: Task, *, openable: set[int], people: dict[str, str]) -> dict[str, Any]:
    return {
        "task": task,
        # The child's name links to their record when the viewer may open it (issue 7).
        "child_href": f"/children/{task.child_id}/" if task.child_id in openable else "",
        "closed_by": people.get(task.closed_by, "") if task.closed_by else "",
        "created_at": timezone.localtime(task.created_at),
        "closed_at": timezone.localtime(task.closed_at) if task.closed_at else None,
        "attendances": [attendance_row(e) for e in task.encounters.all()],
    }


def task_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return not_found(request)
    tasks = tasks_for(actor=actor)
    openable = child_ids_visible_to(actor, {t.child_id for t in tasks})
    rows = [_row(t, openable=openable, people={}) for t in tasks]
    return page(request, "tasks/task_list.jinja", {"rows": rows}, title="Tasks")


@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """One task with its attendances; POST closes it with the outcome (audited)."""
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    error = ""
    error_field = ""
    outcome = ""
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        try:
            closed = task_close(actor=actor, task_id=task_id, outcome=outcome)
        except errors.TaskRefused as exc:
            error, error_field = exc.message, refusal_field(exc)
        else:
            if closed is None:
                return not_found(request)
            messages.success(request, f"Task closed: {closed.title}")
            return redirect("/tasks/")
    task = task_get(actor=actor, task_id=task_id)
    if task is None:
        return not_found(request)
    return page(
        request,
        "tasks/task_detail.jinja",
        {
            "row": _row(
                task,
                openable=child_ids_visible_to(actor, {task.child_id}),
                people=people_by_username([task.closed_by]),
            ),
            "error": error,
            "error_field": error_field,
            "outcome": outcome,
            "back_href": "/tasks/",
        },
        title=("Error: " if error else "") + task.title,
        status=400 if error else 200,
    )
