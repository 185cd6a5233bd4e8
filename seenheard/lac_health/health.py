"""Recording health assessments and SMART health plans (R-OUT-1, R-OUT-2, R-OUT-6, R-OUT-7,
R-VOICE-1). Keyword-only, atomic, audited in the same transaction; the child's views through
``voice.services.voice_record``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.lac_health import rules
from seenheard.lac_health.errors import AssessmentRejected, ChildNotFound, PlanRejected
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    Engagement,
    HealthAssessment,
    HealthPlan,
    LacChild,
    ObjectiveProgress,
    PlanObjective,
    PlanReview,
    Progress,
    SubstanceHelp,
)
from seenheard.lac_health.overdue import overdue_tasks_close_for_assessment
from seenheard.voice.rules import VoiceInput
from seenheard.voice.services import voice_record

TEXT_MAX = 8000


def looked_after_child(*, actor: Actor, child_id: int) -> Child:
    """The child, if the actor may see them and a council has them in its SSDA903 tables."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None or not LacChild.objects.filter(child=child).exists():
        raise ChildNotFound
    return child


def is_uasc(child: Child) -> bool:
    """R-OUT-7: any council records the child as unaccompanied and seeking asylum."""
    return LacChild.objects.filter(child=child, uasc=True).exists()


@dataclass(frozen=True)
class AssessmentInput:
    kind: str
    outcome: str
    assessed_on: dt.date
    assessor_name: str
    assessor_role: str
    place: str
    findings: str = ""
    uasc_considerations: str = ""
    decline_reason: str = ""
    engagement: str = ""
    engagement_detail: str = ""
    #: The health outcomes the SSDA903 return counts (R-LEAD-6); None: not asked or not known.
    immunisations_up_to_date: bool | None = None
    dental_check_on: dt.date | None = None
    development_checks_up_to_date: bool | None = None
    substance_misuse: bool | None = None
    substance_help: str = ""


def _assessment_problems(data: AssessmentInput, child: Child) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.kind not in AssessmentKind.values:
        problems["kind"] = "Choose an initial or a review health assessment."
    if data.outcome not in AssessmentOutcome.values:
        problems["outcome"] = "Choose whether the assessment was done or declined."
    if data.engagement and data.engagement not in Engagement.values:
        problems["engagement"] = "Choose what was tried next from the list."
    when = rules.assessment_date_problem(
        when=data.assessed_on, date_of_birth=child.date_of_birth, today=clock.today()
    )
    if when:
        problems["assessed_on"] = when
    for name, label in (("assessor_name", "who did it"), ("place", "where it was")):
        if not getattr(data, name).strip():
            problems[name] = f"Enter {label}."
    facts = rules.AssessmentFacts(
        done=data.outcome == AssessmentOutcome.DONE,
        findings=data.findings,
        decline_reason=data.decline_reason,
        engagement=data.engagement,
        uasc=is_uasc(child),
        uasc_considerations=data.uasc_considerations,
    )
    problems.update(rules.assessment_problems(facts))
    if data.substance_help and data.substance_help not in SubstanceHelp.values:
        problems["substance_help"] = "Choose what help there has been from the list."
    elif data.outcome == AssessmentOutcome.DONE:
        problems.update(
            rules.health_outcome_problems(
                rules.HealthOutcomes(
                    assessed_on=data.assessed_on,
                    date_of_birth=child.date_of_birth,
                    dental_check_on=data.dental_check_on,
                    substance_misuse=data.substance_misuse,
                    substance_help=data.substance_help,
                )
            )
        )
    long = [
        f
        for f in ("findings", "uasc_considerations", "decline_reason")
        if len(getattr(data, f)) > TEXT_MAX
    ]
    problems.update({f: f"This must be at most {TEXT_MAX:,} characters." for f in long})
    return problems


@transaction.atomic
def assessment_record(
    *, actor: Actor, child_id: int, data: AssessmentInput, voice: VoiceInput
) -> HealthAssessment:
    """Record a health assessment, done or declined (R-OUT-1, R-OUT-6), with the child's
    views (R-VOICE-1). Refuses with ChildNotFound, or AssessmentRejected naming the first field
    (``.problems`` has every one), or the voice's own refusal; nothing is stored then."""
    child = looked_after_child(actor=actor, child_id=child_id)
    problems = _assessment_problems(data, child)
    if problems:
        raise AssessmentRejected(problems)
    held = voice_record(
        actor=actor, child_id=child.pk, record_kind="lac-health-assessment", voice=voice
    )
    done = data.outcome == AssessmentOutcome.DONE
    assessment = HealthAssessment.objects.create(
        child=child,
        kind=data.kind,
        outcome=data.outcome,
        assessed_on=data.assessed_on,
        assessor_name=data.assessor_name.strip(),
        assessor_role=data.assessor_role.strip(),
        place=data.place.strip(),
        findings=data.findings.strip() if done else "",
        uasc_considerations=data.uasc_considerations.strip(),
        decline_reason="" if done else data.decline_reason.strip(),
        engagement="" if done else data.engagement,
        engagement_detail="" if done else data.engagement_detail.strip(),
        # What a declined assessment did not find is not known.
        immunisations_up_to_date=data.immunisations_up_to_date if done else None,
        dental_check_on=data.dental_check_on if done else None,
        development_checks_up_to_date=data.development_checks_up_to_date if done else None,
        substance_misuse=data.substance_misuse if done else None,
        substance_help=data.substance_help if done else "",
        voice=held,
        organisation=actor.organisation,
        recorded_by=actor.username,
        recorded_at=clock.now(),
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="HealthAssessment",
        object_id=assessment.pk,
        child_id=child.pk,
        detail={"kind": data.kind, "outcome": data.outcome, "on": data.assessed_on.isoformat()},
    )
    # The tracker's task for this assessment closes now it is recorded (ADR 030).
    overdue_tasks_close_for_assessment(actor=actor, assessment=assessment)
    return assessment


@transaction.atomic
def assessment_engagement_outcome(
    *, actor: Actor, assessment_id: int, worked: bool
) -> HealthAssessment:
    """R-OUT-6: record whether what was tried next with a young person who declined worked."""
    assessment = (
        HealthAssessment.objects.select_for_update()
        .filter(
            pk=assessment_id,
            outcome=AssessmentOutcome.DECLINED,
            child__in=children_visible_to(actor),
        )
        .first()
    )
    if assessment is None:
        raise ChildNotFound
    assessment.engagement_worked = worked
    assessment.save(update_fields=["engagement_worked"])
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="HealthAssessment",
        object_id=assessment.pk,
        child_id=assessment.child_id,
        detail={"engagement_worked": worked},
    )
    return assessment


@dataclass(frozen=True)
class ObjectiveInput:
    need: str = ""
    action: str = ""
    measure: str = ""
    target: str = ""
    owner: str = ""
    due_on: dt.date | None = None
    child_view: str = ""


def _plan_problems(objectives: list[ObjectiveInput]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not objectives:
        problems["objectives"] = "Add at least one objective."
    for i, objective in enumerate(objectives):
        for name, message in rules.objective_problems(vars(objective)).items():
            problems[f"objective-{i}-{name}"] = message
    return problems


@transaction.atomic
def plan_record(
    *,
    actor: Actor,
    child_id: int,
    objectives: list[ObjectiveInput],
    voice: VoiceInput,
    assessment_id: int | None = None,
) -> HealthPlan:
    """R-OUT-2: a health plan of SMART objectives, each with every part; it replaces the
    child's current plan (kept, superseded). PlanRejected lists every missing part by field
    (``objective-<n>-<part>``)."""
    child = looked_after_child(actor=actor, child_id=child_id)
    problems = _plan_problems(objectives)
    if problems:
        raise PlanRejected(problems)
    held = voice_record(actor=actor, child_id=child.pk, record_kind="lac-health-plan", voice=voice)
    now = clock.now()
    HealthPlan.objects.filter(child=child, superseded_at__isnull=True).update(superseded_at=now)
    assessment = (
        HealthAssessment.objects.filter(pk=assessment_id, child=child).first()
        if assessment_id
        else None
    )
    plan = HealthPlan.objects.create(
        child=child,
        assessment=assessment,
        voice=held,
        organisation=actor.organisation,
        recorded_by=actor.username,
        recorded_by_name=actor.name,
        recorded_at=now,
    )
    PlanObjective.objects.bulk_create(
        PlanObjective(
            plan=plan,
            position=i + 1,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in vars(o).items()},
        )
        for i, o in enumerate(objectives)
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="HealthPlan",
        object_id=plan.pk,
        child_id=child.pk,
        detail={"objectives": len(objectives)},
    )
    return plan


@transaction.atomic
def plan_review_record(
    *,
    actor: Actor,
    plan_id: int,
    assessment_id: int,
    progress: dict[int, tuple[str, str]],
) -> PlanReview:
    """R-OUT-2: review the plan at a review health assessment, with progress and a note on
    every objective (``progress``: objective id -> (Progress, note))."""
    plan = HealthPlan.objects.filter(pk=plan_id, child__in=children_visible_to(actor)).first()
    if plan is None:
        raise ChildNotFound
    assessment = HealthAssessment.objects.filter(
        pk=assessment_id, child_id=plan.child_id, kind=AssessmentKind.REVIEW
    ).first()
    if assessment is None:
        raise PlanRejected(
            {"assessment": "Choose the review health assessment it was reviewed at."}
        )
    objectives = list(plan.objectives.all())
    problems: dict[str, str] = {}
    for o in objectives:
        state, note = progress.get(o.pk, ("", ""))
        if state not in Progress.values:
            problems[f"progress-{o.pk}"] = f"Choose the progress on objective {o.position}."
        if not note.strip():
            problems[f"note-{o.pk}"] = f"Enter what has happened on objective {o.position}."
    if problems:
        raise PlanRejected(problems)
    review = PlanReview.objects.create(
        plan=plan,
        assessment=assessment,
        recorded_by=actor.username,
        recorded_by_name=actor.name,
        recorded_at=clock.now(),
    )
    ObjectiveProgress.objects.bulk_create(
        ObjectiveProgress(
            review=review, objective=o, progress=progress[o.pk][0], note=progress[o.pk][1].strip()
        )
        for o in objectives
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="PlanReview",
        object_id=review.pk,
        child_id=plan.child_id,
        detail={"plan": plan.pk, "assessment": assessment.pk},
    )
    return review
