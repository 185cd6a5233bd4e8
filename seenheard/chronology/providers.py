"""The chronology's events from the apps that were here first (issue 9 item 10): attendances
(R-FLAG-6), protection plans (R-FLAG-1), shared risk flags (R-FLAG-9) and tasks (the flags'
reviews, R-REF-7). Each reads one child, already found and allowed by the chronology's
selector; every query is bounded by ``limit`` and starts from an index on the child (the
protection index by the child's NHS number)."""

from __future__ import annotations

import datetime as dt

from seenheard.access.actor import Actor
from seenheard.accounts.models import Role
from seenheard.accounts.presenters import person_label
from seenheard.accounts.selectors import organisations_by_id
from seenheard.children.models import Child
from seenheard.chronology.registry import (
    ChronologyEvent,
    agency_name,
    at_start_of,
    chronology_provider,
    newest_first,
)
from seenheard.encounters.models import Encounter
from seenheard.flags.models import PlanType, ProtectionFlag, RiskFlag, RiskFlagType
from seenheard.tasks.models import Task
from seenheard.tasks.selectors import tasks_owned_by


@chronology_provider("attendances")
def attendance_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> list[ChronologyEvent]:
    """Every attendance at any setting (R-FLAG-6: seen together, because moving between
    services can mask abuse), as the child's page shows them."""
    rows = Encounter.objects.filter(child_id=child.pk)
    if before is not None:
        rows = rows.filter(started_at__lte=before)
    found = list(
        rows.order_by("-started_at", "-pk").values_list(
            "pk", "started_at", "setting_id", "registered_by_name", "registered_by_role"
        )[:limit]
    )
    orgs = organisations_by_id({setting_id for _, _, setting_id, _, _ in found})
    events = []
    for pk, at, setting_id, name, role in found:
        setting = orgs[setting_id]
        kind = setting.get_setting_type_display() if setting.setting_type else ""
        events.append(
            ChronologyEvent(
                at=at,
                key=f"attendance:{pk:012d}",
                kind="Attendance",
                title=f"Attended {setting.name}",
                agency=agency_name(setting),
                detail="; ".join(
                    part for part in (kind, f"registered by {person_label(name, role)}") if part
                ),
            )
        )
    return events


@chronology_provider("protection-plans")
def protection_plan_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> list[ChronologyEvent]:
    """Each plan's start and end, as the council recorded them (R-FLAG-1). A child has a few."""
    flags = ProtectionFlag.objects.filter(
        nhs_number=child.nhs_number, child_id=child.pk, entered_in_error=False
    ).select_related("la")
    events = []
    for flag in flags:
        label = PlanType(flag.plan_type).label
        base = {"kind": "Protection plan", "agency": flag.la.name}
        events.append(
            ChronologyEvent(
                at=at_start_of(flag.start_date),
                key=f"plan:{flag.pk:012d}:start",
                title=f"{label}: started",
                **base,
            )
        )
        if flag.end_date is not None:
            events.append(
                ChronologyEvent(
                    at=at_start_of(flag.end_date),
                    key=f"plan:{flag.pk:012d}:end",
                    title=f"{label}: ended",
                    **base,
                )
            )
    return newest_first(events, before, limit)


@chronology_provider("risk-flags")
def risk_flag_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> list[ChronologyEvent]:
    """Each shared risk flag raised and ended (R-FLAG-9), by whom; the detail is on the child's
    risk flags page. A child has a few."""
    flags = RiskFlag.objects.filter(child_id=child.pk).select_related(
        "owner_org", "owner_org__parent"
    )
    href = f"/children/{child.pk}/risk-flags/"
    events = []
    for flag in flags:
        label = RiskFlagType(flag.flag_type).label
        agency = agency_name(flag.owner_org)
        events.append(
            ChronologyEvent(
                at=flag.raised_at,
                key=f"risk:{flag.pk:012d}:raised",
                kind="Risk flag",
                title=f"{label}: flag raised",
                agency=agency,
                detail=f"Raised by {flag.owner_name}",
                href=href,
            )
        )
        if flag.ended_at is not None:
            events.append(
                ChronologyEvent(
                    at=flag.ended_at,
                    key=f"risk:{flag.pk:012d}:ended",
                    kind="Risk flag",
                    title=f"{label}: flag ended",
                    agency=agency,
                    href=href,
                )
            )
    return newest_first(events, before, limit)


@chronology_provider("tasks")
def task_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> list[ChronologyEvent]:
    """Each task about the child given and closed (the flags' reviews, R-REF-7): for whom and
    its title; the detail and outcome are on the task's own page, linked for those whose task
    it is."""
    tasks = Task.objects.filter(child_id=child.pk)
    given = tasks if before is None else tasks.filter(created_at__lte=before)
    closed = tasks.filter(closed_at__isnull=False)
    if before is not None:
        closed = closed.filter(closed_at__lte=before)
    rows = {
        t.pk: t
        for t in [
            *given.order_by("-created_at", "-pk")[:limit],
            *closed.order_by("-closed_at", "-pk")[:limit],
        ]
    }
    orgs = organisations_by_id({t.owner_org_id for t in rows.values()})
    mine = set(tasks_owned_by(actor).filter(pk__in=rows).values_list("pk", flat=True))
    events = []
    for task in rows.values():
        owner = orgs[task.owner_org_id]
        team = Role(task.owner_role).label if task.owner_role in Role.values else "team"
        base = {
            "kind": "Task",
            "agency": agency_name(owner),
            "href": f"/tasks/{task.pk}/" if task.pk in mine else "",
        }
        events.append(
            ChronologyEvent(
                at=task.created_at,
                key=f"task:{task.pk:012d}:given",
                title=f"Task given: {task.title}",
                detail=f"For: {team}, {owner.name}",
                **base,
            )
        )
        if task.closed_at is not None:
            events.append(
                ChronologyEvent(
                    at=task.closed_at,
                    key=f"task:{task.pk:012d}:closed",
                    title=f"Task closed: {task.title}",
                    **base,
                )
            )
    return newest_first(events, before, limit)
