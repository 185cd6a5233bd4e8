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
from seenheard.tasks.models import Task
from seenheard.tasks.selectors import task_get, tasks_for
from seenheard.tasks.services import TaskError, task_close
from seenheard.web.pages import not_found, page, request_actor


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
    outcome = ""
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        try:
            closed = task_close(actor=actor, task_id=task_id, outcome=outcome)
        except TaskError as exc:
            error = str(exc)
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
            "outcome": outcome,
            "back_href": "/tasks/",
        },
        title=("Error: " if error else "") + task.title,
        status=400 if error else 200,
    )
