"""SMART health plans (issue 11 item 5; R-OUT-2, R-VOICE-1)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.lac_health.errors import PlanRejected
from seenheard.lac_health.health import ObjectiveInput, plan_record, plan_review_record
from seenheard.lac_health.models import HealthPlan, Progress
from seenheard.lac_health.tests.conftest import VOICE
from seenheard.lac_health.tests.conftest import assess as _assess

pytestmark = pytest.mark.django_db

DENTIST = ObjectiveInput(
    need="Two teeth need filling",
    action="Register with a dentist near school and book a check-up",
    measure="Dental check-up attended",
    target="Seen by a dentist",
    owner="Foster carer, Mrs Okafor",
    due_on=dt.date(2026, 3, 31),
    child_view="Wants a dentist she can walk to after school",
)


def test_a_plan_without_a_measure_is_refused_field_by_field(in_care, lac_nurse):
    without = ObjectiveInput(**{**vars(DENTIST), "measure": "", "child_view": " "})
    with pytest.raises(PlanRejected) as refused:
        plan_record(
            actor=lac_nurse, child_id=in_care.pk, objectives=[DENTIST, without], voice=VOICE
        )
    assert refused.value.errors == {
        "objective-1-measure": "Enter how it will be measured.",
        "objective-1-child_view": "Enter the child's view of it.",
    }
    assert not HealthPlan.objects.exists()


def test_a_plan_is_reviewed_at_the_review_assessment(in_care, lac_nurse):
    plan = plan_record(actor=lac_nurse, child_id=in_care.pk, objectives=[DENTIST], voice=VOICE)
    review_assessment = _assess(lac_nurse, in_care, kind="review")
    [objective] = plan.objectives.all()
    with pytest.raises(PlanRejected):
        plan_review_record(
            actor=lac_nurse, plan_id=plan.pk, assessment_id=review_assessment.pk, progress={}
        )
    review = plan_review_record(
        actor=lac_nurse,
        plan_id=plan.pk,
        assessment_id=review_assessment.pk,
        progress={objective.pk: (Progress.ACHIEVED, "Seen at Holloway Dental on 3 March.")},
    )
    assert [p.progress for p in review.progress.all()] == ["achieved"]
