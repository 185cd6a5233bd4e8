"""Recording a child's SDQ (R-OUT-3) and the specialist review a high total leads to, tracked
until the child is seen (R-OUT-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.screening import errors
from seenheard.screening.models import SdqRecord, SdqReview, SdqReviewStatus
from seenheard.screening.questionnaires import Band, Informant
from seenheard.screening.selectors import (
    latest_sdq_for,
    sdq_reviews_waiting,
    sdqs_for_child,
)
from seenheard.screening.services import (
    SdqAnswers,
    sdq_not_completed_record,
    sdq_record,
    sdq_review_seen,
)
from seenheard.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db

# Every difficulty item "Somewhat true": each difficulty subscale 5, total 20 (concern).
HIGH = SdqAnswers(items=[1] * 25)
# Nothing ticked but the prosocial items: total 0 (normal).
LOW = SdqAnswers(
    items=[
        2 if n in (1, 4, 9, 17, 20) else (2 if n in (7, 11, 14, 21, 25) else 0)
        for n in range(1, 26)
    ]
)


def record(actor, child, answers=HIGH, informant=Informant.CARER, on=None):
    return sdq_record(
        actor=actor,
        child_id=child.pk,
        informant=informant,
        completed_on=on or clock.today() - dt.timedelta(days=3),
        answers=answers,
    )


def test_recording_scores_stores_and_audits(lac_nurse, amelia):
    sdq = record(lac_nurse, amelia, LOW)
    assert (sdq.total_difficulties, sdq.prosocial, sdq.total_band) == (0, 10, Band.NORMAL)
    assert sdq.answers["items"][0] == 2
    assert AuditEvent.objects.filter(object_type="SdqRecord", child_id=amelia.pk).exists()
    assert not SdqReview.objects.exists()


def test_fourteen_or_more_raises_a_review_and_a_task_until_seen(lac_nurse, amelia):
    sdq = record(lac_nurse, amelia)
    review = SdqReview.objects.get()
    assert (review.sdq, review.status, review.threshold) == (sdq, SdqReviewStatus.AWAITING, 14)
    task = Task.objects.get(pk=review.task_id)
    assert task.kind == "sdq-specialist-review" and task.status == TaskStatus.OPEN
    assert task.requirement == "R-OUT-4"
    # A second high score while one waits does not raise a second review.
    record(lac_nurse, amelia, informant=Informant.SELF)
    assert SdqReview.objects.count() == 1
    assert [r.pk for r in sdq_reviews_waiting(actor=lac_nurse)] == [review.pk]
    seen = sdq_review_seen(
        actor=lac_nurse,
        review_id=review.pk,
        seen_on=clock.today(),
        seen_by="Dr Asha Patel, clinical psychologist",
        service="CAMHS looked-after children's team",
        outcome="Six sessions of trauma-focused therapy offered and accepted.",
    )
    assert seen.status == SdqReviewStatus.SEEN
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert sdq_reviews_waiting(actor=lac_nurse) == []
    with pytest.raises(errors.SdqReviewAlreadySeen):
        sdq_review_seen(
            actor=lac_nurse,
            review_id=review.pk,
            seen_on=clock.today(),
            seen_by="x",
            service="y",
            outcome="z",
        )


@pytest.mark.parametrize("bad", [3, "yes", "2.0", True])
def test_an_answer_of_3_or_yes_is_refused_and_nothing_stored(lac_nurse, amelia, bad):
    items: list[object] = [1] * 25
    items[6] = bad
    with pytest.raises(errors.SdqAnswerInvalid) as refused:
        record(lac_nurse, amelia, SdqAnswers(items=items))
    assert refused.value.field == "item7"
    assert not SdqRecord.objects.exists()
    assert not AuditEvent.objects.filter(object_type="SdqRecord").exists()


def test_bad_impact_and_dates_and_informants(lac_nurse, amelia, noah):
    with pytest.raises(errors.SdqAnswerInvalid) as refused:
        record(lac_nurse, amelia, SdqAnswers(items=[1] * 25, difficulties=4))
    assert refused.value.field == "difficulties"
    with pytest.raises(errors.SdqDateInvalid):
        record(lac_nurse, amelia, on=clock.today() + dt.timedelta(days=1))
    with pytest.raises(errors.SdqDateInvalid):
        record(lac_nurse, amelia, on=amelia.date_of_birth - dt.timedelta(days=1))
    with pytest.raises(errors.SdqInformantNotAllowed, match="from age 11"):
        record(lac_nurse, amelia, informant=Informant.SELF, on=dt.date(2024, 3, 1))  # aged 9
    with pytest.raises(errors.SdqNothingAnswered):
        record(lac_nurse, amelia, SdqAnswers(items=[None] * 25))
    assert not SdqRecord.objects.exists()


def test_a_stranger_records_and_sees_nothing(stranger, lac_nurse, amelia):
    with pytest.raises(errors.SdqChildNotFound):
        record(stranger, amelia)
    record(lac_nurse, amelia)
    assert sdqs_for_child(actor=stranger, child_id=amelia.pk) is None
    assert sdq_reviews_waiting(actor=stranger) == []
    assert latest_sdq_for(actor=stranger, children=[amelia.pk]) == {}
    with pytest.raises(errors.SdqReviewNotFound):
        sdq_review_seen(
            actor=stranger,
            review_id=SdqReview.objects.get().pk,
            seen_on=clock.today(),
            seen_by="x",
            service="y",
            outcome="z",
        )


def test_latest_sdq_is_the_carers_latest(lac_nurse, amelia):
    record(lac_nurse, amelia, LOW, on=dt.date(2025, 1, 10))
    record(lac_nurse, amelia, HIGH, on=dt.date(2025, 11, 1))
    record(lac_nurse, amelia, LOW, informant=Informant.TEACHER, on=dt.date(2025, 11, 20))
    sdq_not_completed_record(
        actor=lac_nurse,
        child_id=amelia.pk,
        informant=Informant.CARER,
        asked_on=dt.date(2025, 11, 25),
        reason="SDQ2",
    )
    latest = latest_sdq_for(actor=lac_nurse, children=[amelia.pk])
    assert latest[amelia.pk].completed_on == dt.date(2025, 11, 1)
    assert (latest[amelia.pk].total, latest[amelia.pk].band) == (20, Band.CONCERN)


def test_not_completed_needs_a_reason(lac_nurse, amelia):
    with pytest.raises(errors.SdqReasonMissing):
        sdq_not_completed_record(
            actor=lac_nurse,
            child_id=amelia.pk,
            informant=Informant.CARER,
            asked_on=clock.today(),
            reason="",
        )


def test_the_review_task_closes_only_when_the_child_is_seen(lac_nurse, amelia):
    """R-OUT-4 (tracked until seen), ADR 030: the team cannot close the task with a note;
    recording that the child was seen closes it."""
    from seenheard.tasks.errors import TaskClosedOnItsPage
    from seenheard.tasks.services import task_close

    record(lac_nurse, amelia)
    review = SdqReview.objects.get()
    with pytest.raises(TaskClosedOnItsPage) as refused:
        task_close(actor=lac_nurse, task_id=review.task_id, outcome="Referred to CAMHS.")
    assert refused.value.href == f"/sdq/reviews/{review.pk}/seen/"
    assert Task.objects.get(pk=review.task_id).status == TaskStatus.OPEN
    sdq_review_seen(
        actor=lac_nurse,
        review_id=review.pk,
        seen_on=clock.today(),
        seen_by="Dr Asha Patel, clinical psychologist",
        service="CAMHS",
        outcome="Therapy offered.",
    )
    assert Task.objects.get(pk=review.task_id).status == TaskStatus.DONE
