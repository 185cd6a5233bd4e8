"""The kinds of task this app raises (registered with the tasks app's open registry, ADR 028,
from ``AppointmentsConfig.ready``), and the one place it makes them: ``tasks.services.
task_create``, as the system (the rule raises them, not the clerk)."""

from __future__ import annotations

import datetime as dt

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.tasks.kinds import ClosedOnItsPage, task_kind_register
from seenheard.tasks.models import Task
from seenheard.tasks.services import task_create

WNB_TRIAGE = "wnb-triage"
PLAN_FOLLOW_UP = "wnb-plan-follow-up"
IMMUNISATION_FOLLOW_UP = "wnb-immunisation-follow-up"
MEETING_ACTION = "wnb-meeting-action"

#: (key, what people read, requirement, protocol parameter for the days it is due in).
KINDS = (
    (WNB_TRIAGE, "Was not brought: triage", "R-WNB-5", ""),
    (PLAN_FOLLOW_UP, "Child on a plan not brought to an appointment", "R-WNB-3", ""),
    (IMMUNISATION_FOLLOW_UP, "Missed immunisation of a child on a plan", "R-WNB-6", ""),
    (MEETING_ACTION, "Action from the safeguarding meeting", "R-WNB-2", ""),
)


def kinds_register() -> None:
    from seenheard.appointments.selectors import triage_href

    # R-WNB-5: "the task closes only with the decision recorded" (ADR 030).
    triage_page = ClosedOnItsPage(
        decision="the triage decision (the risk and the action)",
        page="the triage form",
        href=triage_href,
    )
    for key, label, requirement, days in KINDS:
        task_kind_register(
            key=key,
            label=label,
            requirement=requirement,
            due_days_key=days,
            closed_on=triage_page if key == WNB_TRIAGE else None,
        )


def task_new(
    *,
    kind: str,
    child_id: int,
    owner_org: Organisation,
    owner_role: str | None,
    title: str,
    detail: str,
    requirement: str,
    due_on: dt.date,
    owner_user_id: int | None = None,
) -> Task:
    """A task a rule raises, as the system acting for the organisation that raises it."""
    return task_create(
        actor=system_actor(owner_org),
        child_id=child_id,
        kind=kind,
        owner_org_id=owner_org.pk,
        owner_role=owner_role,
        owner_user_id=owner_user_id,
        title=title[:200],
        detail=detail,
        requirement=requirement,
        due_on=due_on,
        owning_kind=kind,
    )
