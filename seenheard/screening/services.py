"""Recording a child's SDQ (R-OUT-3) and following a high score to a specialist review
(R-OUT-4). Keyword-only, typed, atomic, audited in the same transaction.

Decision (issue 11): a total at or above the protocol's number raises an ``SdqReview`` here,
the record that says whether the child has been seen by a specialist mental-health
professional, and gives the recording team a task (``tasks.services.task_create``) so it is on
their worklist until then. Marking the review seen closes the task. The review is the truth
for "tracked until seen"; the task is how the team is reminded and escalated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.access.sensitive import children_with_sdq_detail_for
from seenheard.accounts.models import Organisation, Role, SettingType
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.children.models import CareRelationshipKind, Child
from seenheard.core import clock
from seenheard.protocols.selectors import protocol_value
from seenheard.screening import errors
from seenheard.screening.models import (
    SdqNotCompletedReason,
    SdqOutcome,
    SdqRecord,
    SdqReview,
    SdqReviewStatus,
)
from seenheard.screening.questionnaires import IMPACT_QUESTIONS, SDQ, Informant, Scale
from seenheard.screening.rules import (
    DIFFICULTIES_VALUES,
    IMPACT_VALUES,
    ITEM_VALUES,
    sdq_band,
    sdq_informant_problem,
    sdq_needs_referral,
    sdq_scores,
)
from seenheard.tasks.errors import TaskAlreadyClosed
from seenheard.tasks.services import task_close, task_create

SDQ_REVIEW_TASK = "sdq-specialist-review"


Answer = int | str | None


@dataclass(frozen=True)
class SdqAnswers:
    """The answers as given (a form's text or a number): 25 items, empty or None when
    unanswered, and the impact supplement. ``sdq_answers_check`` turns them into
    ``CheckedAnswers`` or refuses."""

    items: Sequence[Answer]
    difficulties: Answer = None
    impact: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedAnswers:
    items: list[int | None]
    difficulties: int | None
    impact: dict[str, int | None]


def _checked(value: object, *, field_name: str, allowed: tuple[int, ...], words: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise errors.SdqAnswerInvalid(field=field_name, value=value, allowed=words)
    text = str(value).strip()
    if text not in {str(a) for a in allowed}:
        raise errors.SdqAnswerInvalid(field=field_name, value=value, allowed=words)
    return int(text)


def sdq_answers_check(answers: SdqAnswers) -> CheckedAnswers:
    """Every answer one the questionnaire offers (an item is 0, 1 or 2; never 3 or "yes")."""
    if len(answers.items) != len(SDQ.items):
        raise errors.SdqAnswerInvalid(field="items", value=len(answers.items), allowed="25 items")
    items = [
        _checked(v, field_name=f"item{n}", allowed=ITEM_VALUES, words="0, 1 or 2")
        for n, v in enumerate(answers.items, start=1)
    ]
    difficulties = _checked(
        answers.difficulties, field_name="difficulties", allowed=DIFFICULTIES_VALUES, words="0-3"
    )
    impact = {
        name: _checked(
            answers.impact.get(name), field_name=name, allowed=IMPACT_VALUES, words="0-3"
        )
        for name in IMPACT_QUESTIONS
    }
    return CheckedAnswers(items=items, difficulties=difficulties, impact=impact)


def _child(actor: Actor, child_id: int) -> Child:
    child = children_visible_to(actor).filter(pk=child_id).select_for_update().first()
    if child is None:
        raise errors.SdqChildNotFound
    return child


def _check_date(child: Child, completed_on: dt.date) -> None:
    if completed_on > clock.today():
        raise errors.SdqDateInvalid(when=completed_on, reason="The date cannot be in the future.")
    if completed_on < child.date_of_birth:
        raise errors.SdqDateInvalid(
            when=completed_on, reason="The date cannot be before the child was born."
        )


@transaction.atomic
def sdq_record(
    *,
    actor: Actor,
    child_id: int,
    informant: Informant,
    completed_on: dt.date,
    answers: SdqAnswers,
) -> SdqRecord:
    """Record one informant's SDQ for a child, scored now by the current questionnaire
    version (R-OUT-3); a total at or above the area's number raises a specialist review and
    the team's task (R-OUT-4). Refusals (``screening.errors``), nothing stored:
    ``SdqAnswerInvalid``, ``SdqChildNotFound``, ``SdqDateInvalid``,
    ``SdqInformantNotAllowed``, ``SdqNothingAnswered``."""
    checked = sdq_answers_check(answers)
    child = _child(actor, child_id)
    _check_date(child, completed_on)
    problem = sdq_informant_problem(informant, age=clock.age_on(child.date_of_birth, completed_on))
    if problem:
        raise errors.SdqInformantNotAllowed(problem)
    if all(v is None for v in checked.items):
        raise errors.SdqNothingAnswered
    scores = sdq_scores(
        dict(enumerate(checked.items, start=1)),
        informant=informant,
        difficulties=checked.difficulties,
        impact_answers=checked.impact,
    )
    band = sdq_band(Scale.TOTAL, scores.total_difficulties, informant=informant)
    record = SdqRecord.objects.create(
        child=child,
        outcome=SdqOutcome.COMPLETED,
        informant=informant,
        completed_on=completed_on,
        version=SDQ.version,
        answers={
            "items": checked.items,
            "difficulties": checked.difficulties,
            "impact": checked.impact,
        },
        **{scale.value: scores.of(scale) for scale in Scale},
        externalising=scores.externalising,
        internalising=scores.internalising,
        total_band=band or "",
        organisation=actor.organisation,
        recorded_by_id=actor.user_id or None,
        recorded_at=clock.now(),
    )
    _audit(actor, record, {"informant": informant, "total": scores.total_difficulties})
    threshold = protocol_value("sdq.referral_total", area=actor.organisation)
    if sdq_needs_referral(scores.total_difficulties, threshold=threshold):
        _review_raise(actor=actor, record=record, threshold=threshold)
    return record


@transaction.atomic
def sdq_not_completed_record(
    *,
    actor: Actor,
    child_id: int,
    informant: Informant,
    asked_on: dt.date,
    reason: SdqNotCompletedReason | str,
) -> SdqRecord:
    """Record that an SDQ was not completed, and why (the DfE's reasons, for the SSDA903
    return's ``SDQ_REASON``). Refusals: ``SdqReasonMissing``, ``SdqChildNotFound``,
    ``SdqDateInvalid``."""
    if reason not in SdqNotCompletedReason.values:
        raise errors.SdqReasonMissing
    child = _child(actor, child_id)
    _check_date(child, asked_on)
    record = SdqRecord.objects.create(
        child=child,
        outcome=SdqOutcome.NOT_COMPLETED,
        informant=informant,
        completed_on=asked_on,
        not_completed_reason=reason,
        version=SDQ.version,
        organisation=actor.organisation,
        recorded_by_id=actor.user_id or None,
        recorded_at=clock.now(),
    )
    _audit(actor, record, {"informant": informant, "not_completed": str(reason)})
    return record


def _audit(actor: Actor, record: SdqRecord, detail: dict[str, object]) -> None:
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="SdqRecord",
        object_id=record.pk,
        child_id=record.child_id,
        detail={**detail, "requirement": "R-OUT-3"},
    )


def _lac_team(child: Child, *, fallback: Organisation) -> Organisation:
    """The looked-after children's health team with the child on its caseload (whoever
    recorded the SDQ: a social worker's high score reaches the nurses), else the recorder's
    own organisation."""
    rel = (
        child.care_relationships.filter(
            ended_on__isnull=True,
            kind=CareRelationshipKind.CASELOAD,
            organisation__setting_type=SettingType.LAC_HEALTH,
        )
        .select_related("organisation")
        .order_by("started_on", "pk")
        .first()
    )
    return rel.organisation if rel is not None else fallback


def _review_raise(*, actor: Actor, record: SdqRecord, threshold: int) -> SdqReview:
    """R-OUT-4: one review waiting per child at a time; a later high score while one waits
    is on the same review's child record, not a second review."""
    waiting = SdqReview.objects.filter(
        child_id=record.child_id, status=SdqReviewStatus.AWAITING
    ).first()
    if waiting is not None:
        return waiting
    team = _lac_team(record.child, fallback=actor.organisation)
    task = task_create(
        actor=actor,
        child_id=record.child_id,
        kind=SDQ_REVIEW_TASK,
        owner_org_id=team.pk,
        owner_role=Role.LAC_NURSE,
        title="Arrange a review by a specialist mental-health professional",
        detail=(
            f"The {Informant(record.informant).label.lower()}'s SDQ on "
            f"{record.completed_on:%-d %B %Y} has a total difficulties score of "
            f"{record.total_difficulties} ({threshold} or more). Record when the child is seen."
        ),
        owning_kind=SDQ_REVIEW_TASK,
    )
    review = SdqReview.objects.create(
        child_id=record.child_id,
        sdq=record,
        threshold=threshold,
        raised_at=clock.now(),
        team=team,
        task_id=task.pk,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="SdqReview",
        object_id=review.pk,
        child_id=record.child_id,
        detail={"sdq": record.pk, "threshold": threshold, "requirement": "R-OUT-4"},
    )
    return review


@transaction.atomic
def sdq_review_seen(
    *,
    actor: Actor,
    review_id: int,
    seen_on: dt.date,
    seen_by: str,
    service: str,
    outcome: str,
) -> SdqReview:
    """R-OUT-4: the child has been seen by a specialist mental-health professional; the
    review is closed with who, where, when and what was decided, and the team's task with it.
    Refusals: ``SdqReviewNotFound`` (none the actor may see), ``SdqReviewAlreadySeen``,
    ``SdqReviewDetailsMissing``, ``SdqDateInvalid``."""
    review = (
        SdqReview.objects.select_for_update()
        .filter(pk=review_id, child__in=children_with_sdq_detail_for(actor))
        .select_related("child")
        .first()
    )
    if review is None:
        raise errors.SdqReviewNotFound
    if review.status == SdqReviewStatus.SEEN:
        raise errors.SdqReviewAlreadySeen
    for name, value, what in (
        ("seen_by", seen_by, "who saw the child (name and role)"),
        ("service", service, "the service they work for"),
        ("outcome", outcome, "what was decided"),
    ):
        if not value.strip():
            raise errors.SdqReviewDetailsMissing(field=name, what=what)
    if seen_on > clock.today() or seen_on < review.sdq.completed_on:
        raise errors.SdqDateInvalid(
            when=seen_on, reason="The date must be between the SDQ's date and today."
        )
    review.status = SdqReviewStatus.SEEN
    review.seen_on, review.seen_by = seen_on, seen_by.strip()[:200]
    review.service, review.outcome = service.strip()[:200], outcome.strip()
    review.closed_by_id = actor.user_id or None
    review.closed_at = clock.now()
    review.save()
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="SdqReview",
        object_id=review.pk,
        child_id=review.child_id,
        detail={"seen": True, "requirement": "R-OUT-4"},
    )
    if review.task_id is not None:
        # Only this closes the task (ADR 030); a task closed before that rule keeps its outcome.
        with contextlib.suppress(TaskAlreadyClosed):
            task_close(
                actor=actor,
                task_id=review.task_id,
                outcome=f"Seen by {review.seen_by}.",
                owning_kind=SDQ_REVIEW_TASK,
            )
    return review
