"""Reading tasks: the worklists per person and per team (R-REF-7), one task with its history,
the open tasks about a child, and who a task may be given to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, TextChoices

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.children.models import Child
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
    its attendances (a frequent-attendance or sexual-health review's). Each child shown is
    audited."""
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


def tasks_readable_by(actor: Actor) -> QuerySet[Task]:
    """The tasks the actor may open: their own, their team's, those escalated to them, and
    those they gave (to follow what became of them). Only owners and managers change them."""
    if not policy_for(actor.role).sees_child_data:
        return Task.objects.none()
    return tasks_owned_by(actor) | Task.objects.filter(created_by=actor.username)


@transaction.atomic
def task_get(*, actor: Actor, task_id: int) -> Task | None:
    """One task, open or closed, with its attendances; None when the actor may not open it
    (the same answer as "no such task"). Audited."""
    task = _with_detail(tasks_readable_by(actor)).filter(pk=task_id).first()
    if task is not None:
        audit_view(actor=actor, object_type="Task", object_id=task.pk, child_id=task.child_id)
    return task


def task_may_act(*, actor: Actor, task_id: int) -> bool:
    """Whether the actor may close or pass on the task (its owners and managers)."""
    return tasks_owned_by(actor).filter(pk=task_id).exists()


@transaction.atomic
def task_search(
    *,
    actor: Actor,
    child_id: int | None = None,
    owner_org_id: int | None = None,
    owner_user_id: int | None = None,
    limit: int = 1000,
) -> list[Task]:
    """The actor's tasks (``tasks_readable_by``) about one child and/or of one owner (a team's
    organisation or a person), newest first; each child found is audited (the API's search)."""
    found = tasks_readable_by(actor)
    if child_id is not None:
        found = found.filter(child_id=child_id)
    if owner_org_id is not None:
        found = found.filter(owner_org_id=owner_org_id)
    if owner_user_id is not None:
        found = found.filter(owner_user_id=owner_user_id)
    tasks = list(found.select_related("child", "owner_org").order_by("-created_at", "-pk")[:limit])
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "TaskList", "search", cid, {})
            for cid in sorted({t.child_id for t in tasks})
        ],
    )
    return tasks


# -- worklists, per person and per team (R-REF-7) ---------------------------------------------


class Worklist(TextChoices):
    MINE = "mine", "For you"
    TEAM = "team", "For your team"
    ESCALATED = "escalated", "Escalated to you"


WORKLIST_PAGE = 25


def _worklist_tasks(actor: Actor, which: Worklist) -> QuerySet[Task]:
    """The open tasks of one worklist, in due order (the overdue at the top). Each list is read
    from one index (the partial indexes of open tasks by team and by person; the escalations by
    manager), in the index's own order, so a page costs the same with 100,000 open tasks as
    with ten (``bench/task_worklist.py``). Tasks with no due date (the rules' reviews) sort as
    each database sorts a missing date: first on SQLite, last on PostgreSQL."""
    if not policy_for(actor.role).sees_child_data:
        return Task.objects.none()
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN)
    if which == Worklist.MINE:
        chosen = open_tasks.filter(owner_user_id=actor.user_id)
    elif which == Worklist.TEAM:
        orgs = sorted(actor.scope_org_ids)
        by_org = Q(owner_org_id=orgs[0]) if len(orgs) == 1 else Q(owner_org_id__in=orgs)
        chosen = open_tasks.filter(by_org, owner_role=actor.role)
    else:
        escalated = TaskEvent.objects.filter(
            to_org_id=actor.organisation.pk, to_role=actor.role, kind=TaskEventKind.ESCALATED
        ).values("task_id")
        chosen = open_tasks.filter(pk__in=escalated)
    return chosen.order_by("due_on", "id")


@dataclass(frozen=True)
class WorklistPage:
    which: Worklist
    page: Page[Task]
    #: How many open tasks each worklist has, for the tabs.
    counts: dict[str, int]


@transaction.atomic
def worklist(
    *, actor: Actor, which: Worklist, page_number: str | int | None, per_page: int = WORKLIST_PAGE
) -> WorklistPage:
    """One page of a worklist, with each list's count. Each child shown is audited."""
    # The page is found as ids only: PostgreSQL then skips the earlier pages in the index
    # alone (an index-only scan), instead of reading and sorting every task of the list
    # (the last page of 100,000: 53 ms instead of 368 ms, bench/issue9.py).
    ids = _worklist_tasks(actor, which).values_list("pk", flat=True)
    paged: Page[Any] = Paginator(ids, per_page).get_page(page_number)
    tasks = list(
        _with_detail(Task.objects.filter(pk__in=list(paged.object_list))).order_by("due_on", "id")
    )
    paged.object_list = tasks
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "TaskList", which.value, child_id, {})
            for child_id in sorted({t.child_id for t in tasks})
        ],
    )
    # The list shown was counted by its paginator already: each count reads its index.
    counts = {
        w.value: paged.paginator.count if w == which else _worklist_tasks(actor, w).count()
        for w in Worklist
    }
    return WorklistPage(which=which, page=paged, counts=counts)


def task_history(task: Task) -> list[TaskEvent]:
    """What happened to a task the actor already holds (from ``task_get``), oldest first."""
    return list(
        TaskEvent.objects.filter(task_id=task.pk)
        .select_related("from_org", "to_org")
        .order_by("at", "id")
    )


@transaction.atomic
def tasks_about_child(*, actor: Actor, child_id: int, limit: int = 20) -> list[Task] | None:
    """The open tasks about a child the actor may see, due first (for the child's summary);
    None when the actor may not see the child. Audited with the summary's own view."""
    if not children_visible_to(actor).filter(pk=child_id).exists():
        return None
    return list(
        Task.objects.filter(child_id=child_id, status=TaskStatus.OPEN)
        .select_related("owner_org")
        .order_by(F("due_on").asc(nulls_last=True), "id")[:limit]
    )


@transaction.atomic
def task_child(*, actor: Actor, child_id: int | None, nhs_number: str = "") -> Child | None:
    """The child a task is to be given about, by id or NHS number: one the actor may see, else
    None (the same for one that does not exist). Audited as a view of the child."""
    if child_id is None and not nhs_number:
        return None
    children = children_visible_to(actor)
    found = (
        children.filter(pk=child_id)
        if child_id is not None
        else children.filter(nhs_number=nhs_number)
    ).first()
    if found is not None:
        audit_view(
            actor=actor,
            object_type="Child",
            object_id=found.pk,
            child_id=found.pk,
            detail={"purpose": "give-task"},
        )
    return found


def tasks_open_among(task_ids: list[int]) -> dict[int, Organisation]:
    """Which of these tasks are still open, each with the organisation that owns it: for an app
    that closes its own kind of task when what it asked for is recorded (ADR 030), without
    trying every task it ever raised. Ids and owners only, nothing about the child."""
    if not task_ids:
        return {}
    # scope-exempt: tasks the calling app raised itself; ids and owners only
    found = Task.objects.filter(pk__in=task_ids, status=TaskStatus.OPEN).select_related("owner_org")
    return {task.pk: task.owner_org for task in found}


def task_ids_open_of_kind(*, child_id: int, kind: str) -> list[int]:
    """The open tasks of one kind about a child, by id: for the app that owns the kind, to
    close them when what they ask for is recorded (ADR 030)."""
    # scope-exempt: ids only, for the owning app's service, which has checked its actor
    found = Task.objects.filter(child_id=child_id, kind=kind, status=TaskStatus.OPEN)
    return list(found.order_by("pk").values_list("pk", flat=True))


def task_child_id(task_id: int) -> int | None:
    """The id of the child a task is about (ids only: for an app's link to its own page)."""
    # scope-exempt: ids only; the page linked to checks who may open it
    return Task.objects.filter(pk=task_id).values_list("child_id", flat=True).first()
