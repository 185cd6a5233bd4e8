"""The task pages (R-REF-7, and the flags' reviews): the worklists (for you, your team, escalated to
you), giving a task about a child, and one task with its history, passed on or closed with an
outcome. A task or child that is not the actor's is "not found" (DESIGN rule 2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.presenters import people_by_username
from seenheard.children.models import Child
from seenheard.children.selectors import child_ids_visible_to
from seenheard.core import clock
from seenheard.core.ids import InvalidId, parse_id
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.encounters.presenters import attendance_row
from seenheard.tasks import errors
from seenheard.tasks.forms import TaskGiveForm, TaskReassignForm
from seenheard.tasks.kinds import TaskKind, task_closed_on
from seenheard.tasks.models import Task
from seenheard.tasks.presenters import history_rows, names_by_user_id, task_row
from seenheard.tasks.recipients import Recipient, recipient_parse, task_recipients
from seenheard.tasks.selectors import (
    Worklist,
    task_child,
    task_get,
    task_history,
    task_may_act,
    worklist,
)
from seenheard.tasks.services import task_close, task_create, task_reassign
from seenheard.web.pages import not_found, page, request_actor

#: Each refusal (ADR 025) and the form field its message is shown against on the task pages
#: ("" for the top of the page; a refusal about text names its own field). A test fails until
#: every type in ``tasks.errors`` has a row.
REFUSAL_FIELDS: dict[type[errors.TaskRefused], str] = {
    errors.TaskChildNotFound: "child",
    errors.TaskKindUnknown: "kind",
    errors.TaskOwnerMissing: "recipient",
    errors.TaskOwnerNotFound: "recipient",
    errors.TaskTitleMissing: "title",
    errors.TaskTextTooLong: "",
    errors.TaskDueMissing: "due_on",
    errors.TaskDueInPast: "due_on",
    errors.TaskOutcomeMissing: "outcome",
    errors.TaskAlreadyClosed: "",
    errors.TaskOwnerUnchanged: "recipient",
    errors.TaskClosedOnItsPage: "",
    errors.TaskKindRaisedElsewhere: "kind",
}


def refusal_field(exc: errors.TaskRefused) -> str:
    """The field a refusal is shown against, from ``REFUSAL_FIELDS``."""
    if isinstance(exc, errors.TaskTextTooLong):
        return exc.field
    return next(REFUSAL_FIELDS[k] for k in type(exc).__mro__ if k in REFUSAL_FIELDS)


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    return actor if actor is not None and policy_for(actor.role).sees_child_data else None


def _rows(tasks: list[Task], actor: Actor) -> list[dict[str, Any]]:
    today = timezone.localdate(clock.now())
    names = names_by_user_id(t.owner_user_id for t in tasks)
    people = people_by_username([*(t.created_by for t in tasks), *(t.closed_by for t in tasks)])
    openable = child_ids_visible_to(actor, {t.child_id for t in tasks})
    rows = []
    for t in tasks:
        row = task_row(t, today=today, names=names, people=people)
        # The child's name links to their record when the viewer may open it (issue 7).
        row["child_href"] = f"/children/{t.child_id}/" if t.child_id in openable else ""
        row["closed_by"] = people.get(t.closed_by, "") if t.closed_by else ""
        row["created_at"] = timezone.localtime(t.created_at)
        row["closed_at"] = timezone.localtime(t.closed_at) if t.closed_at else None
        row["attendances"] = [attendance_row(e) for e in t.encounters.all()]
        rows.append(row)
    return rows


def task_list(request: HttpRequest) -> HttpResponse:
    """A worklist, paged: ?list=mine|team|escalated (default: the team's), ?page=N."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    asked = request.GET.get("list", "")
    which = Worklist(asked) if asked in Worklist.values else Worklist.TEAM
    found = worklist(actor=actor, which=which, page_number=request.GET.get("page"))
    paged = found.page

    def href(w: Worklist, number: int | None = None) -> str:
        return "/tasks/?" + urlencode({"list": w.value, **({"page": number} if number else {})})

    tabs = [
        {"href": href(w), "text": f"{w.label} ({found.counts[w.value]:,})", "current": w == which}
        for w in Worklist
    ]
    pages = {
        "previous": href(which, paged.previous_page_number()) if paged.has_previous() else None,
        "next": href(which, paged.next_page_number()) if paged.has_next() else None,
    }
    return page(
        request,
        "tasks/task_list.jinja",
        {
            "rows": _rows(list(paged.object_list), actor),
            "which": which,
            "tabs": tabs,
            "paged": paged,
            "pages": pages if paged.paginator.num_pages > 1 else None,
        },
        title="Tasks",
    )


def _child_for(request: HttpRequest, actor: Actor) -> tuple[Child | None, str]:
    """The child named by ?child= or ?nhs_number=, and the problem with the NHS number."""
    raw_id = request.GET.get("child") or request.POST.get("child") or ""
    if raw_id:
        try:
            child_id = parse_id(raw_id)
        except InvalidId:
            return None, ""
        return task_child(actor=actor, child_id=child_id), ""
    raw_nhs = request.GET.get("nhs_number", "")
    if not raw_nhs:
        return None, ""
    try:
        nhs_number = normalise_nhs_number(raw_nhs)
    except InvalidNhsNumber as exc:
        return None, str(exc)
    child = task_child(actor=actor, child_id=None, nhs_number=nhs_number)
    return child, "" if child is not None else errors.CHILD_NOT_FOUND


def _give(actor: Actor, child: Child, form: TaskGiveForm) -> Task | None:
    owner = recipient_parse(form.cleaned_data["recipient"])
    try:
        return task_create(
            actor=actor,
            child_id=child.pk,
            kind=TaskKind.PROFESSIONAL,
            owner_org_id=owner.org_id if owner else 0,
            owner_role=owner.role if owner else None,
            owner_user_id=owner.user_id if owner else None,
            title=form.cleaned_data["title"],
            detail=form.cleaned_data["detail"],
            due_on=form.cleaned_data["due_on"],
        )
    except errors.TaskRefused as refused:
        form.errors.setdefault(refusal_field(refused) or "title", form.error_class()).append(
            refused.message
        )
        return None


@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest) -> HttpResponse:
    """Give a task about a child (from the child's page, ?child=, or from the worklist by NHS
    number) to a team or a person, with a due date (R-REF-7)."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    child, nhs_problem = _child_for(request, actor)
    if child is None and (request.GET.get("child") or request.POST.get("child")):
        return not_found(request)
    if child is None:
        return page(
            request,
            "tasks/task_find_child.jinja",
            {"nhs_number": request.GET.get("nhs_number", ""), "problem": nhs_problem},
            title=("Error: " if nhs_problem else "") + "Give a task",
            status=400 if nhs_problem else 200,
        )
    recipients = task_recipients(actor=actor, child=child)
    form = TaskGiveForm(request.POST if request.method == "POST" else None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        task = _give(actor, child, form)
        if task is not None:
            messages.success(request, f"Task given: {task.title}. They have been told.")
            return redirect(f"/children/{child.pk}/")
    return page(
        request,
        "tasks/task_new.jinja",
        {
            "child": child,
            "form": form,
            "recipients": recipients,
            "back_href": f"/children/{child.pk}/",
            "back_text": f"Back to {child.given_name}'s summary",
        },
        title=("Error: " if form.errors else "") + f"Give a task about {child.full_name}",
        status=400 if form.errors else 200,
    )


def _post(
    request: HttpRequest, actor: Actor, task_id: int
) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Close or pass on the task; the response on success, else the page's error context."""
    action = request.POST.get("action", "close")
    try:
        if action == "reassign":
            form = TaskReassignForm(request.POST, recipients=_task_recipients(actor, task_id))
            if not form.is_valid():
                field, problems = next(iter(form.errors.items()))
                return None, {"error": problems[0], "error_field": field, "form": form}
            owner = recipient_parse(form.cleaned_data["recipient"])
            assert owner is not None  # one of the choices offered
            changed = task_reassign(
                actor=actor,
                task_id=task_id,
                owner_org_id=owner.org_id,
                owner_role=owner.role,
                owner_user_id=owner.user_id,
                note=form.cleaned_data["note"],
            )
            done = "Task passed on. They have been told."
        else:
            changed = task_close(
                actor=actor, task_id=task_id, outcome=request.POST.get("outcome", "")
            )
            done = "Task closed"
    except errors.TaskRefused as exc:
        # ADR 030: the error links to the page the task closes on.
        href = exc.href if isinstance(exc, errors.TaskClosedOnItsPage) else ""
        return None, {"error": exc.message, "error_field": refusal_field(exc), "error_href": href}
    if changed is None:
        return not_found(request), {}
    messages.success(request, f"{done}: {changed.title}")
    return redirect("/tasks/"), {}


def _task_recipients(actor: Actor, task_id: int) -> list[Recipient]:
    task = task_get(actor=actor, task_id=task_id)
    return [] if task is None else task_recipients(actor=actor, child=task.child)


@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """One task with its attendances and history; POST closes it with the outcome, or passes it
    to another team or person (audited)."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    problem: dict[str, Any] = {}
    if request.method == "POST":
        answer, problem = _post(request, actor, task_id)
        if answer is not None:
            return answer
    task = task_get(actor=actor, task_id=task_id)
    if task is None:
        return not_found(request)
    (row,) = _rows([task], actor)
    events = task_history(task)
    names = names_by_user_id(
        [task.owner_user_id, *(e.to_user_id for e in events), *(e.from_user_id for e in events)]
    )
    error = problem.get("error", "")
    closed_on = task_closed_on(task.kind)
    return page(
        request,
        "tasks/task_detail.jinja",
        {
            "row": row,
            "history": history_rows(events, names=names),
            "recipients": task_recipients(actor=actor, child=task.child),
            "may_act": task_may_act(actor=actor, task_id=task.pk),
            "error": error,
            "error_field": problem.get("error_field", ""),
            "error_href": problem.get("error_href", ""),
            # ADR 030: a kind closed only on its own app's page links there instead.
            "closed_on": None
            if closed_on is None
            else {
                "decision": closed_on.decision,
                "page": closed_on.page,
                "href": closed_on.href(task.pk),
            },
            "outcome": request.POST.get("outcome", "") if request.method == "POST" else "",
            "note": request.POST.get("note", "") if request.method == "POST" else "",
            "chosen": request.POST.get("recipient", "") if request.method == "POST" else "",
            "back_href": "/tasks/",
        },
        title=("Error: " if error else "") + task.title,
        status=400 if error else 200,
    )
