"""The kinds of task this app raises, and the one place it creates them.

Until the tasks app's open registry of kinds is on main, a kind is its stable string; the tasks
pages show it through ``Task.get_kind_display``.
"""

from __future__ import annotations

import datetime as dt

from seenheard.core import clock
from seenheard.tasks.models import Task

WNB_TRIAGE = "wnb-triage"  # R-WNB-5
PLAN_FOLLOW_UP = "wnb-plan-follow-up"  # R-WNB-3
IMMUNISATION_FOLLOW_UP = "wnb-immunisation-follow-up"  # R-WNB-6
MEETING_ACTION = "wnb-meeting-action"  # R-WNB-2

LABELS = {
    WNB_TRIAGE: "Was not brought: triage",
    PLAN_FOLLOW_UP: "Child on a plan not brought",
    IMMUNISATION_FOLLOW_UP: "Missed immunisation",
    MEETING_ACTION: "Safeguarding meeting action",
}


def task_new(
    *,
    kind: str,
    child_id: int,
    owner_org_id: int,
    owner_role: str,
    title: str,
    detail: str,
    requirement: str,
    due_on: dt.date,
    owner_user_id: int | None = None,
) -> Task:
    return Task.objects.create(
        kind=kind,
        child_id=child_id,
        owner_org_id=owner_org_id,
        owner_role=owner_role,
        owner_user_id=owner_user_id,
        title=title[:200],
        detail=detail,
        requirement=requirement,
        due_on=due_on,
        created_at=clock.now(),
    )
