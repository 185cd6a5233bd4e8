"""Figures about children who are not brought (issue 10 item 8, R-LEAD-4): "was not brought"
by service and month, the share triaged within the protocol's working days (R-WNB-5), and the
share of the meeting's actions done on time (R-WNB-2). Counts only: no child is named, so the
same figures serve the safeguarding lead and the board."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import holds_meetings
from seenheard.appointments.kinds import MEETING_ACTION
from seenheard.appointments.models import Appointment, MeetingDecision, Outcome, Service, Triage
from seenheard.appointments.rules import months_before, on_time
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.tasks.models import Task


def sees_wnb_figures(actor: Actor) -> bool:
    """The meeting's chair and the board (ADR 026: asked of the role's policy)."""
    return holds_meetings(actor) or policy_for(actor.role).sees_figures


@dataclass(frozen=True)
class Share:
    month: str
    done: int
    of: int

    @property
    def percent(self) -> int | None:
        return None if not self.of else round(100 * self.done / self.of)


@dataclass(frozen=True)
class WnbFigures:
    months: list[str]
    services: list[tuple[str, str]]
    #: (service, month) -> count of "was not brought"
    by_service: dict[tuple[str, str], int]
    triaged_in_time: list[Share]
    actions_on_time: list[Share]

    def total(self, month: str) -> int:
        return sum(self.by_service.get((s, month), 0) for s, _ in self.services)


def _month_keys(today: dt.date, months: int) -> list[str]:
    first = months_before(today.replace(day=1), months - 1)
    keys = []
    for i in range(months):
        idx = first.year * 12 + first.month - 1 + i
        keys.append(f"{idx // 12}-{idx % 12 + 1:02d}")
    return keys


def _month(at: dt.datetime | dt.date) -> str:
    day = timezone.localdate(at) if isinstance(at, dt.datetime) else at
    return f"{day.year}-{day.month:02d}"


@transaction.atomic
def wnb_figures(*, actor: Actor, months: int = 12) -> WnbFigures:
    """The actor's organisation and its settings, over the last ``months`` calendar months."""
    today = timezone.localdate()
    keys = _month_keys(today, months)
    since = timezone.make_aware(dt.datetime.fromisoformat(keys[0] + "-01"))
    scope = actor.scope_org_ids
    by_service: dict[tuple[str, str], int] = defaultdict(int)
    for service, starts_at in Appointment.objects.filter(
        organisation_id__in=scope, outcome=Outcome.WAS_NOT_BROUGHT, starts_at__gte=since
    ).values_list("service", "starts_at"):
        by_service[(service, _month(starts_at))] += 1
    triaged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for created, decided, due in Triage.objects.filter(
        appointment__organisation_id__in=scope, task__created_at__gte=since
    ).values_list("task__created_at", "decided_at", "task__due_on"):
        tally = triaged[_month(created)]
        tally[1] += 1
        tally[0] += on_time(done_on=timezone.localdate(decided) if decided else None, due_on=due)
    actions: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    action_ids = MeetingDecision.actions.through.objects.filter(
        meetingdecision__meeting__organisation_id__in=scope
    ).values("task_id")
    for due, closed in Task.objects.filter(
        pk__in=action_ids, kind=MEETING_ACTION, due_on__gte=since.date(), due_on__lte=today
    ).values_list("due_on", "closed_at"):
        if due is None:
            continue
        tally = actions[_month(due)]
        tally[1] += 1
        tally[0] += on_time(done_on=timezone.localdate(closed) if closed else None, due_on=due)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="WnbFigures",
        object_id=actor.organisation.code,
        detail={"months": months},
    )
    return WnbFigures(
        months=keys,
        services=[(str(v), str(label)) for v, label in Service.choices],
        by_service=dict(by_service),
        triaged_in_time=[Share(m, *triaged.get(m, [0, 0])) for m in keys],
        actions_on_time=[Share(m, *actions.get(m, [0, 0])) for m in keys],
    )
