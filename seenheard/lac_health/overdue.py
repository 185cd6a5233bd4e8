"""Overdue health assessments and SDQs become tasks for the council's looked-after children's
health team (issue 11 item 3; R-OUT-1, R-OUT-3), each overdue item once.

The tasks close only when what they ask for is recorded (ADR 030), never by hand while the item
stays overdue: a health assessment recorded (done or declined) closes the child's task for it at
once (``overdue_tasks_close_for_assessment``); an SDQ, recorded in the screening app, closes its
task at the next daily run (``overdue_tasks_raise`` first closes every open task whose item is no
longer overdue, or whose child is no longer looked after)."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction

from seenheard.access.actor import Actor, system_actor
from seenheard.accounts.models import Organisation, Role
from seenheard.core import clock
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    CouncilHealthTeam,
    HealthAssessment,
    OverdueTask,
)
from seenheard.lac_health.tracker import TrackerRow, tracker_rows
from seenheard.tasks.errors import TaskAlreadyClosed
from seenheard.tasks.kinds import ClosedOnItsPage, task_kind_register
from seenheard.tasks.selectors import tasks_open_among
from seenheard.tasks.services import task_close, task_create

KINDS = {
    "IHA": ("lac-iha-overdue", "Initial health assessment overdue", "R-OUT-1"),
    "RHA": ("lac-rha-overdue", "Review health assessment overdue", "R-OUT-1"),
    "SDQ": ("lac-sdq-overdue", "SDQ overdue", "R-OUT-3"),
}
#: What closes each kind, and where it is recorded (ADR 030).
_CLOSED_ON = {
    "IHA": ("the initial health assessment", "the health assessment form"),
    "RHA": ("the review health assessment", "the health assessment form"),
    "SDQ": ("a new SDQ", "the SDQ form"),
}
_ITEM_OF_ASSESSMENT = {AssessmentKind.INITIAL: "IHA", AssessmentKind.REVIEW: "RHA"}


def register_task_kinds() -> None:
    from seenheard.lac_health.selectors import overdue_task_href

    for item, (key, label, requirement) in KINDS.items():
        decision, page = _CLOSED_ON[item]
        task_kind_register(
            key=key,
            label=label,
            requirement=requirement,
            closed_on=ClosedOnItsPage(decision=decision, page=page, href=overdue_task_href),
        )


def _close(*, actor: Actor, task_id: int, item: str, outcome: str) -> bool:
    kind = KINDS[item][0]
    with contextlib.suppress(TaskAlreadyClosed):
        closed = task_close(actor=actor, task_id=task_id, outcome=outcome, owning_kind=kind)
        return closed is not None
    return False


def overdue_tasks_close_for_assessment(*, actor: Actor, assessment: HealthAssessment) -> int:
    """Close the child's open overdue task for this kind of assessment, now that one is
    recorded, done or declined (R-OUT-1, R-OUT-6: a declined one is followed on its own
    record). Runs inside ``assessment_record``'s transaction. Returns how many closed."""
    item = _ITEM_OF_ASSESSMENT[AssessmentKind(assessment.kind)]
    task_ids = list(
        OverdueTask.objects.filter(child_id=assessment.child_id, item=item).values_list(
            "task_id", flat=True
        )
    )
    what = "done" if assessment.outcome == AssessmentOutcome.DONE else "declined"
    outcome = f"{AssessmentKind(assessment.kind).label} recorded as {what} on " + (
        f"{assessment.assessed_on:%-d %B %Y}."
    )
    return sum(
        _close(actor=actor, task_id=task_id, item=item, outcome=outcome)
        for task_id in sorted(tasks_open_among(task_ids))
    )


def _close_resolved(rows: list[TrackerRow], *, as_of: dt.date, la: Organisation | None) -> int:
    """Close the open tasks whose item is no longer overdue (recorded since), or whose child is
    no longer looked after (by any council when ``la`` is None; by this one otherwise)."""
    overdue = {(r.child_id, i.item, i.due) for r in rows for i in r.overdue}
    in_care = {r.child_id for r in rows}
    raised = OverdueTask.objects.order_by("pk")
    if la is not None:
        raised = raised.filter(child_id__in=in_care)
    found = list(raised.values_list("child_id", "item", "due_on", "task_id"))
    still_open = tasks_open_among([task_id for *_, task_id in found])
    closed = 0
    for child_id, item, due, task_id in found:
        if task_id not in still_open or (child_id, item, due) in overdue:
            continue
        outcome = (
            f"Recorded: no longer overdue on {as_of:%-d %B %Y}."
            if child_id in in_care
            else f"No longer looked after on {as_of:%-d %B %Y}."
        )
        actor = system_actor(still_open[task_id], channel="job")
        closed += _close(actor=actor, task_id=task_id, item=item, outcome=outcome)
    return closed


@transaction.atomic
def overdue_tasks_raise(*, as_of: dt.date, la: Organisation | None = None) -> int:
    """Give the council's health team a task for each overdue item not already given one.
    Councils with no health team named are left out (nobody to give it to). Returns how many
    tasks were given. First closes the tasks whose item was recorded since (ADR 030)."""
    rows = tracker_rows(la=la, as_of=as_of)
    _close_resolved(rows, as_of=as_of, la=la)
    teams = {t.la_id: t.team for t in CouncilHealthTeam.objects.select_related("team")}
    raised = set(OverdueTask.objects.values_list("child_id", "item", "due_on"))
    given = 0
    for row in rows:
        team = teams.get(row.la_id)
        if team is None:
            continue
        for item in row.overdue:
            if (row.child_id, item.item, item.due) in raised:
                continue
            kind, label, requirement = KINDS[item.item]
            task = task_create(
                actor=system_actor(team, channel="job"),
                child_id=row.child_id,
                kind=kind,
                owner_org_id=team.pk,
                owner_role=Role.LAC_NURSE,
                title=f"{label} (due {item.due:%d %B %Y})",
                due_on=max(as_of, clock.today()),
                requirement=requirement,
                owning_kind=kind,
            )
            OverdueTask.objects.create(
                child_id=row.child_id,
                item=item.item,
                due_on=item.due,
                task_id=task.pk,
                raised_at=clock.now(),
            )
            given += 1
    return given
