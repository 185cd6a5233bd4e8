"""Reading outcomes (R-OUT-5, R-OUT-4): a child's values and SDQs with the help they had, only
for those who may see the child and audited in the same transaction; the cohort names nobody."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.lac_health.outcomes.presenters import sdq_block
from seenheard.lac_health.outcomes.selectors import (
    child_outcomes,
    cohort_for,
    cohort_for_council,
    outcome_get,
)
from seenheard.lac_health.outcomes.tests.conftest import record
from seenheard.screening.questionnaires import Informant
from seenheard.screening.services import SdqAnswers, sdq_record, sdq_review_seen

pytestmark = pytest.mark.django_db


def test_a_childs_outcomes_are_read_and_audited_together(sleep, in_care, lac_nurse):
    record(lac_nurse, in_care, sleep, "2", dt.date(2026, 1, 5))
    found = child_outcomes(actor=lac_nurse, child_id=in_care.pk)
    assert found is not None and [float(r.value) for r in found.records] == [2.0]
    assert [m.current.name for m in found.measures] == ["Sleeping well"]
    assert AuditEvent.objects.filter(
        object_type="OutcomeRecord", action="view", child_id=in_care.pk
    ).exists()


def test_a_stranger_reads_nothing_and_nothing_is_audited_for_them(
    sleep, in_care, lac_nurse, stranger
):
    saved = record(lac_nurse, in_care, sleep, "2", dt.date(2026, 1, 5))
    assert child_outcomes(actor=stranger, child_id=in_care.pk) is None
    assert outcome_get(actor=stranger, record_id=saved.pk) is None
    assert cohort_for(actor=stranger, la=sleep.la, today=clock.today()) == []
    assert not AuditEvent.objects.filter(actor_username="stranger", action="view").exists()


def test_the_sdq_chart_marks_the_review_it_led_to(in_care, lac_nurse):
    with time_machine.travel(dt.datetime(2025, 10, 2, 9, tzinfo=dt.UTC), tick=False):
        high = sdq_record(
            actor=lac_nurse,
            child_id=in_care.pk,
            informant=Informant.CARER,
            completed_on=dt.date(2025, 10, 1),
            answers=SdqAnswers(items=["2"] * 25),
        )
    review = high.reviews.get()
    sdq_review_seen(
        actor=lac_nurse,
        review_id=review.pk,
        seen_on=dt.date(2025, 11, 3),
        seen_by="Dr Sam Lee, clinical psychologist",
        service="CAMHS looked-after children's team",
        outcome="Weekly therapy for 12 weeks.",
    )
    sdq_record(
        actor=lac_nurse,
        child_id=in_care.pk,
        informant=Informant.CARER,
        completed_on=dt.date(2026, 1, 20),
        answers=SdqAnswers(items=["0"] * 25),
    )
    found = child_outcomes(actor=lac_nurse, child_id=in_care.pk)
    assert found is not None
    chart = sdq_block(found)
    assert chart is not None
    assert [s.values for s in chart.series] == [(30, 10)]
    labels = [m.label for m in chart.markers]
    assert labels[0] == (
        "The SDQ of 1 Oct 2025 (total difficulties 30) led to a referral for a specialist "
        "mental-health review"
    )
    assert labels[1] == "Seen by a specialist on 3 Nov 2025 (CAMHS looked-after children's team)"
    assert all(0 <= m.at <= 1 for m in chart.markers)


def test_the_cohort_counts_the_councils_children_in_care_only(sleep, in_care, lac_nurse):
    record(lac_nurse, in_care, sleep, "2", dt.date(2025, 12, 22))
    record(lac_nurse, in_care, sleep, "6", dt.date(2026, 1, 20))
    (cohort,) = cohort_for_council(la=sleep.la, today=clock.today(), quarters=2)
    assert cohort.looked_after == 1
    assert [(q.quarter.label(), q.children, q.median) for q in cohort.quarters] == [
        ("Oct-Dec 2025", 1, 2.0),
        ("Jan-Mar 2026", 1, 6.0),
    ]
    assert cohort.improvement.improved == 1
    (later,) = cohort_for_council(la=sleep.la, today=dt.date(2030, 1, 1), quarters=2)
    assert later.looked_after == 1  # still in care: no episode has ended
