"""What a child's registration sets going besides the banner (frequent attendance, R-FLAG-8,
R-FLAG-9): the frequent-attendance review (``rules.frequent_review_decision``), the
sexual-health safeguarding task, and telling the owners of open risk flags. Each costs nothing
unless it applies; all run in the registration's transaction, before its audit events."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.utils import timezone

from seenheard.access.services import safeguarding_leads_at
from seenheard.accounts.models import Organisation, Role
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.rules import (
    LastReview,
    ReviewAction,
    ReviewDecision,
    frequent_review_decision,
    months_before,
)
from seenheard.flags.risk import risk_flags_seen
from seenheard.flags.selectors import FlagBanner
from seenheard.jobs.services import notification_send
from seenheard.tasks.kinds import task_kind
from seenheard.tasks.models import Task, TaskKind, TaskStatus


def trust_of(setting: Organisation) -> int:
    """The organisation that owns reviews raised at a setting: the trust above it, or the
    setting itself when it stands alone (a GP practice)."""
    return setting.parent_id or setting.pk


def _tell_safeguarding_leads(
    *, org_ids: list[int], org_code: str, subject: str, body: str, child_id: int
) -> None:
    """An in-app message for each safeguarding lead; no e-mail, because the message is about
    an identifiable child and the task list behind sign-in has the detail."""
    for user_id in sorted({m.user_id for m in safeguarding_leads_at(org_ids)}):
        notification_send(
            recipient_user_id=user_id,
            recipient_email="",
            recipient_org_code=org_code,
            topic="task-raised",
            subject=subject,
            body=body,
            link="/tasks/",
            child_id=child_id,
        )


def _requirement_of(kind: str) -> str:
    """The requirement a kind of task is raised under, as the task registry records it."""
    spec = task_kind(kind)
    return spec.requirement if spec is not None else ""


def _latest_review(child_id: int) -> Task | None:
    """The child's latest frequent-attendance review, open or closed (one query)."""
    return (
        Task.objects.filter(child_id=child_id, kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW)
        .order_by("-created_at")
        .first()
    )


def _as_last_review(task: Task | None) -> LastReview | None:
    if task is None:
        return None
    return LastReview(open=task.status == TaskStatus.OPEN, closed_at=task.closed_at)


def _frequent_review(
    *,
    encounter: Encounter,
    decision: ReviewDecision[Encounter],
    latest: Task | None,
    window_start: dt.datetime,
    setting: Organisation,
) -> tuple[Task | None, bool]:
    """Carry out ``rules.frequent_review_decision``: add the attendance to the open review, or
    raise a new one for the safeguarding lead of the trust where it happened."""
    child_id = encounter.child_id
    assert child_id is not None  # a child's attendance: mothers are not reviewed here
    if decision.action == ReviewAction.JOIN:
        assert latest is not None  # the open review the rule was given
        latest.encounters.add(encounter)
        return latest, False
    if decision.action != ReviewAction.NEW:
        return None, False
    in_window = decision.in_window
    trust_id = trust_of(setting)
    review = Task.objects.create(
        kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW,
        child_id=child_id,
        owner_org_id=trust_id,
        owner_role=Role.SAFEGUARDING_LEAD,
        title=f"Review frequent attendance: {len(in_window)} unscheduled attendances",
        detail=(
            f"{len(in_window)} attendances at unscheduled care since "
            f"{timezone.localtime(window_start):%-d %B %Y}, the latest at {setting.name}. "
            "The report asks for a review by the consultant paediatrician responsible for "
            "safeguarding."
        ),
        requirement=_requirement_of(TaskKind.FREQUENT_ATTENDANCE_REVIEW),
        created_at=clock.now(),
    )
    review.encounters.add(*in_window)
    _tell_safeguarding_leads(
        org_ids=[trust_id, setting.pk],
        org_code=setting.code,
        subject="A child is up for a frequent attendance review",
        body=(
            f"A child has had {len(in_window)} unscheduled-care attendances in the review "
            f"window, the latest at {setting.name}. The review is in your task list."
        ),
        child_id=child_id,
    )
    return review, True


def _sexual_health_task(*, encounter: Encounter, setting: Organisation, reasons: list[str]) -> Task:
    """R-FLAG-8: a task for the organisation's safeguarding lead, automatically."""
    child_id = encounter.child_id
    assert child_id is not None  # a child's attendance
    trust_id = trust_of(setting)
    task = Task.objects.create(
        kind=TaskKind.SEXUAL_HEALTH_SAFEGUARDING,
        child_id=child_id,
        owner_org_id=trust_id,
        owner_role=Role.SAFEGUARDING_LEAD,
        title="Sexual health attendance: " + "; ".join(reasons),
        detail=(
            f"Attendance at {setting.name} flagged automatically: {'; '.join(reasons)}. "
            "Consider a safeguarding referral."
        ),
        requirement=_requirement_of(TaskKind.SEXUAL_HEALTH_SAFEGUARDING),
        created_at=clock.now(),
    )
    task.encounters.add(encounter)
    _tell_safeguarding_leads(
        org_ids=[trust_id, setting.pk],
        org_code=setting.code,
        subject="A sexual health attendance needs a safeguarding review",
        body=f"An attendance at {setting.name} was flagged: {'; '.join(reasons)}.",
        child_id=child_id,
    )
    return task


@dataclass(frozen=True)
class FollowUps:
    review: Task | None
    review_created: bool
    #: Counted unscheduled attendances in the area's window, this one included.
    unscheduled_in_window: int
    #: Whether this attendance counts towards frequent attendance (not a repeat within minutes).
    counts: bool
    sexual_health_task: Task | None
    risk_owners_told: int


def _review_decide(
    *, encounter: Encounter, recent: list[Encounter], values: dict[str, int]
) -> tuple[ReviewDecision[Encounter], Task | None]:
    """The rule's decision, reading the child's last review only when it asks for it."""
    assert encounter.child_id is not None
    unscheduled_recent = [e for e in recent if e.unscheduled]
    this = next((e for e in unscheduled_recent if e.pk == encounter.pk), encounter)
    rule = functools.partial(
        frequent_review_decision,
        unscheduled_recent,
        this=this,
        window_months=values["attendance.frequent_window_months"],
        threshold=values["attendance.frequent_threshold"],
        repeat_minutes=values["attendance.repeat_minutes"],
    )
    decision, latest = rule(), None
    if decision.action == ReviewAction.READ_LAST_REVIEW:
        latest = _latest_review(encounter.child_id)
        decision = rule(last_review=_as_last_review(latest))
    return decision, latest


def registration_followups(
    *,
    encounter: Encounter,
    recent: list[Encounter],
    values: dict[str, int],
    setting: Organisation,
    banner: FlagBanner,
    reasons: list[str],
) -> FollowUps:
    """The review, the sexual-health task and the risk-flag owners' messages for a child's new
    attendance. ``recent`` is the child's attendances over the review window (this one
    included); ``values`` the area's protocol values registration read."""
    decision, latest = _review_decide(encounter=encounter, recent=recent, values=values)
    window_start = months_before(encounter.started_at, values["attendance.frequent_window_months"])
    review, created = _frequent_review(
        encounter=encounter,
        decision=decision,
        latest=latest,
        window_start=window_start,
        setting=setting,
    )
    sexual_task = (
        _sexual_health_task(encounter=encounter, setting=setting, reasons=reasons)
        if reasons
        else None
    )
    told = 0
    if banner.risks:  # the banner already read the open risk flags: no query when there are none
        assert encounter.child_id is not None
        told = risk_flags_seen(
            child_id=encounter.child_id,
            setting_name=setting.name,
            seen_at_text=timezone.localtime(encounter.started_at).strftime("%H:%M on %-d %B %Y"),
        )
    return FollowUps(
        review=review,
        review_created=created,
        unscheduled_in_window=decision.counted_in_window,
        counts=decision.this_counts,
        sexual_health_task=sexual_task,
        risk_owners_told=told,
    )
