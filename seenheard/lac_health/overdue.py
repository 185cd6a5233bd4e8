"""Overdue health assessments and SDQs become tasks for the council's looked-after children's
health team (issue 11 item 3; R-OUT-1, R-OUT-3), each overdue item once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation, Role
from seenheard.core import clock
from seenheard.lac_health.models import CouncilHealthTeam, OverdueTask
from seenheard.lac_health.tracker import tracker_rows
from seenheard.tasks.kinds import task_kind_register
from seenheard.tasks.services import task_create

KINDS = {
    "IHA": ("lac-iha-overdue", "Initial health assessment overdue", "R-OUT-1"),
    "RHA": ("lac-rha-overdue", "Review health assessment overdue", "R-OUT-1"),
    "SDQ": ("lac-sdq-overdue", "SDQ overdue", "R-OUT-3"),
}


def register_task_kinds() -> None:
    for key, label, requirement in KINDS.values():
        task_kind_register(key=key, label=label, requirement=requirement)


@transaction.atomic
def overdue_tasks_raise(*, as_of: dt.date, la: Organisation | None = None) -> int:
    """Give the council's health team a task for each overdue item not already given one.
    Councils with no health team named are left out (nobody to give it to). Returns how many
    tasks were given."""
    teams = {t.la_id: t.team for t in CouncilHealthTeam.objects.select_related("team")}
    raised = set(OverdueTask.objects.values_list("child_id", "item", "due_on"))
    given = 0
    for row in tracker_rows(la=la, as_of=as_of):
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
