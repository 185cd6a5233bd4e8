"""Reading looked-after children's records (issue 11). Selectors that serve a person start
from ``children_visible_to(actor)``; those named for a council serve the operator's commands
and the import, which act for the council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.access.sensitive import sdq_detail_readable, sdq_detail_readable_of
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.flags.models import PlanType, ProtectionFlag
from seenheard.lac_health import rules

if TYPE_CHECKING:
    from seenheard.lac_health.tracker import TrackerRow
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    Episode,
    HealthAssessment,
    HealthPlan,
    LacChild,
    PlanObjective,
    PlanReview,
)


def episodes_on(day: dt.date) -> Q:
    """Episodes in which the child is looked after on ``day`` (rules.looked_after_on)."""
    return Q(superseded_at__isnull=True, decom__lte=day) & (Q(dec__isnull=True) | Q(dec__gt=day))


def current_episodes(*, la: Organisation | None, day: dt.date) -> QuerySet[Episode]:
    """The episode each child looked after on ``day`` is in (one per child: episodes of a
    child never overlap), for one council or all."""
    episodes = Episode.objects.filter(episodes_on(day))
    if la is not None:
        episodes = episodes.filter(lac_child__la=la)
    return episodes


def looked_after_child_ids(*, la: Organisation, day: dt.date) -> set[int]:
    return set(current_episodes(la=la, day=day).values_list("lac_child__child_id", flat=True))


@dataclass(frozen=True)
class FlagDifferences:
    """Where the council's SSDA903 tables and its looked-after flags disagree today."""

    looked_after: int
    without_flag: list[str]  # NHS numbers looked after with no open looked-after flag
    flag_without_care: list[str]  # NHS numbers flagged looked after but not in care

    @property
    def agree(self) -> bool:
        return not (self.without_flag or self.flag_without_care)


def flag_differences(*, la: Organisation, day: dt.date) -> FlagDifferences:
    """Compare with the flags index (read only: the council's flag feed writes it)."""
    in_care = set(
        current_episodes(la=la, day=day).values_list("lac_child__child__nhs_number", flat=True)
    )
    flagged = set(
        ProtectionFlag.objects.filter(
            la=la, plan_type=PlanType.LAC, entered_in_error=False, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values_list("nhs_number", flat=True)
    )
    return FlagDifferences(
        looked_after=len(in_care),
        without_flag=sorted(in_care - flagged),
        flag_without_care=sorted(flagged - in_care),
    )


# --- what a person sees (start from children_visible_to) ----------------------------------------


@dataclass(frozen=True)
class HealthRecord:
    """A looked-after child's health record as the nurse sees it."""

    child: Child
    councils: list[LacChild]
    episodes: list[Episode]
    assessments: list[HealthAssessment]
    plan: HealthPlan | None
    objectives: list[PlanObjective]
    reviews: list[PlanReview]
    uasc: bool
    looked_after: bool
    #: The actor reads the child's SDQ scores (``access.sensitive``); else only that one exists.
    sdq_detail: bool = False


@transaction.atomic
def health_record(*, actor: Actor, child_id: int) -> HealthRecord | None:
    """The child's record, if the actor may see the child and a council has them in its
    SSDA903 tables; the view is audited."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        return None
    councils = list(LacChild.objects.filter(child=child).select_related("la"))
    if not councils:
        return None
    episodes = list(
        Episode.objects.filter(lac_child__in=councils, superseded_at__isnull=True)
        .select_related("lac_child__la")
        .order_by("-decom")
    )
    plan = (
        HealthPlan.objects.filter(child=child, superseded_at__isnull=True)
        .select_related("voice", "voice__organisation")
        .first()
    )
    today = clock.today()
    audit_view(actor=actor, object_type="LacHealthRecord", object_id=child.pk, child_id=child.pk)
    return HealthRecord(
        child=child,
        councils=councils,
        episodes=episodes,
        assessments=list(
            HealthAssessment.objects.filter(child=child).select_related(
                "voice", "voice__organisation"
            )
        ),
        plan=plan,
        objectives=list(plan.objectives.all()) if plan else [],
        reviews=list(plan.reviews.prefetch_related("progress")) if plan else [],
        uasc=any(c.uasc for c in councils),
        looked_after=any(rules.looked_after_on(e.decom, e.dec, today) for e in episodes),
        sdq_detail=sdq_detail_readable(actor, child.pk),
    )


@transaction.atomic
def tracker_for(
    *, actor: Actor, as_of: dt.date, la: Organisation | None = None
) -> list[TrackerRow]:
    """The tracker rows of the children the actor may see; every child listed is audited."""
    from seenheard.lac_health.tracker import tracker_rows

    rows = tracker_rows(la=la, as_of=as_of, children=children_visible_to(actor))
    # R-OUT-3: the SDQ's score and band only for those who read SDQs' detail; others see
    # when one was done (for when the next is due), not what it found.
    readable = sdq_detail_readable_of(actor, [row.child_id for row in rows])
    rows = [
        row
        if row.child_id in readable or row.last_sdq_date is None
        else replace(row, last_sdq_total=None, last_sdq_band="")
        for row in rows
    ]
    audit_record_many(
        actor=actor,
        items=[
            (
                AuditAction.VIEW,
                "LacTracker",
                row.child_id,
                row.child_id,
                {"as_of": as_of.isoformat()},
            )
            for row in rows
        ],
    )
    return rows


def councils_in_tracker(*, actor: Actor) -> list[Organisation]:
    """The councils whose looked-after children the actor sees, for the tracker's filter."""
    ids = LacChild.objects.filter(child__in=children_visible_to(actor)).values("la_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def assessment_get(*, actor: Actor, assessment_id: int) -> HealthAssessment | None:
    return (
        HealthAssessment.objects.filter(pk=assessment_id, child__in=children_visible_to(actor))
        .select_related("child")
        .first()
    )


def plan_get(*, actor: Actor, plan_id: int) -> HealthPlan | None:
    """A current plan, with its objectives, and the child's review assessments to choose from."""
    return (
        HealthPlan.objects.filter(
            pk=plan_id, superseded_at__isnull=True, child__in=children_visible_to(actor)
        )
        .select_related("child")
        .prefetch_related("objectives")
        .first()
    )


def review_assessments(*, actor: Actor, child_id: int) -> list[HealthAssessment]:
    return list(
        HealthAssessment.objects.filter(
            child_id=child_id,
            child__in=children_visible_to(actor),
            kind=AssessmentKind.REVIEW,
            outcome=AssessmentOutcome.DONE,
        )
    )


@dataclass(frozen=True)
class EngagementFigures:
    declined: int
    tried: int
    worked: int

    @property
    def rate(self) -> int | None:
        return rules.engagement_rate(tried=self.tried, worked=self.worked)


def engagement_figures(*, actor: Actor) -> EngagementFigures:
    """R-OUT-6: of the declined assessments of children the actor sees, how many had another
    way tried whose result is known, and for how many it worked."""
    declined = HealthAssessment.objects.filter(
        outcome=AssessmentOutcome.DECLINED, child__in=children_visible_to(actor)
    )
    return EngagementFigures(
        declined=declined.count(),
        tried=declined.filter(engagement_worked__isnull=False).count(),
        worked=declined.filter(engagement_worked=True).count(),
    )


def overdue_task_href(task_id: int) -> str:
    """Where an overdue assessment's or SDQ's task is closed, by the task's id (ids only; the
    page checks who may open it; ADR 030): the child's assessment form, or their SDQ form."""
    from seenheard.lac_health.models import OverdueTask

    # scope-exempt: ids only, for the task page's link
    found = OverdueTask.objects.filter(task_id=task_id).values_list("child_id", "item").first()
    if found is None:
        return ""
    child_id, item = found
    if item == "SDQ":
        return f"/children/{child_id}/sdq/new/"
    return f"/lac/children/{child_id}/assessments/new/"
