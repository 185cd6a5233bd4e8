"""Reading tasks: the worklists per person and per team (R-REF-7), one task with its history,
the open tasks about a child, and who a task may be given to."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, TextChoices

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
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
    paged = Paginator(_worklist_tasks(actor, which), per_page).get_page(page_number)
    tasks = list(
        _with_detail(Task.objects.filter(pk__in=[t.pk for t in paged.object_list])).order_by(
            "due_on", "id"
        )
    )
    paged.object_list = tasks
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "TaskList", which.value, child_id, {})
            for child_id in sorted({t.child_id for t in tasks})
        ],
    )
    counts = {w.value: _worklist_tasks(actor, w).count() for w in Worklist}
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
