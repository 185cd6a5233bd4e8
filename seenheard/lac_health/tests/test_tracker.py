"""The tracker and health assessments (issue 11 items 2, 3, 7; R-OUT-1, R-OUT-6, R-OUT-7)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.management import call_command

from seenheard.lac_health.errors import AssessmentRejected, ChildNotFound
from seenheard.lac_health.models import HealthAssessment, OverdueTask
from seenheard.lac_health.overdue import overdue_tasks_raise
from seenheard.lac_health.tests.conftest import assess as _assess
from seenheard.lac_health.tracker import tracker_rows
from seenheard.tasks.models import Task

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 26)


def test_the_iha_falls_due_across_christmas_and_new_year(in_care):
    [row] = tracker_rows(la=None, as_of=dt.date(2026, 1, 21))
    assert (row.entered_care, row.iha_due) == (dt.date(2025, 12, 19), dt.date(2026, 1, 21))
    assert row.status == "up to date"  # due today, not yet overdue
    [row] = tracker_rows(la=None, as_of=dt.date(2026, 1, 22))
    assert row.status == "IHA overdue since 2026-01-21"


def test_an_assessment_moves_the_review_date(in_care, lac_nurse):
    _assess(lac_nurse, in_care)
    [row] = tracker_rows(la=None, as_of=TODAY)
    assert (row.iha_done, row.rha_due) == (dt.date(2026, 1, 20), dt.date(2027, 1, 20))
    assert row.sdq_due == dt.date(2026, 12, 19)
    assert row.status == "up to date"


def test_the_command_writes_the_tracker(in_care, tmp_path, council):
    out = tmp_path / "tracker.csv"
    call_command("lac", "tracker", "--la", council.code, "--as-of", "2026-01-26", "--out", str(out))
    rows = list(csv.DictReader(out.open()))
    assert rows == [
        {
            "nhs_number": "9990000018",
            "la_child_id": "A100",
            "date_of_birth": "2014-03-02",
            "entered_care": "2025-12-19",
            "iha_due": "2026-01-21",
            "iha_done": "",
            "rha_due": "",
            "sdq_due": "2026-12-19",
            "last_sdq_date": "",
            "last_sdq_total": "",
            "last_sdq_band": "",
            "status": "IHA overdue since 2026-01-21",
        }
    ]


def test_overdue_items_become_tasks_for_the_team_once(in_care):
    assert overdue_tasks_raise(as_of=TODAY) == 1
    assert overdue_tasks_raise(as_of=TODAY) == 0
    task = Task.objects.get()
    assert task.kind == "lac-iha-overdue" and task.owner_org.code == "RDEMO-LAC"
    assert OverdueTask.objects.count() == 1


def test_declined_assessment_records_the_engagement_tried(in_care, lac_nurse):
    with pytest.raises(AssessmentRejected) as refused:
        _assess(lac_nurse, in_care, outcome="declined", findings="")
    assert set(refused.value.problems) == {"decline_reason", "engagement"}
    a = _assess(
        lac_nurse,
        in_care,
        outcome="declined",
        decline_reason="Did not want a nurse at home",
        engagement="place",
        engagement_detail="Offered the school nurse room",
    )
    assert a.outcome == "declined"
    [row] = tracker_rows(la=None, as_of=TODAY)
    assert row.iha_done is None  # a declined assessment is not done


@pytest.mark.parametrize(
    ("when", "field"), [(dt.date(2014, 3, 1), "assessed_on"), (dt.date(2026, 1, 27), "assessed_on")]
)
def test_assessment_before_birth_or_in_the_future_is_refused(in_care, lac_nurse, when, field):
    with pytest.raises(AssessmentRejected) as refused:
        _assess(lac_nurse, in_care, assessed_on=when)
    assert refused.value.field == field
    assert not HealthAssessment.objects.exists()


def test_uasc_assessment_asks_what_their_status_means(in_care, lac_nurse):
    from seenheard.lac_health.models import LacChild

    LacChild.objects.update(uasc=True)
    with pytest.raises(AssessmentRejected) as refused:
        _assess(lac_nurse, in_care)
    assert "uasc_considerations" in refused.value.problems
    _assess(lac_nurse, in_care, uasc_considerations="Age disputed; TB screening offered.")


def test_a_stranger_cannot_record_an_assessment(in_care, stranger):
    with pytest.raises(ChildNotFound):
        _assess(stranger, in_care)


def test_the_latest_carers_sdq_fills_the_trackers_sdq_columns(in_care, lac_nurse):
    from seenheard.screening.questionnaires import Informant
    from seenheard.screening.services import SdqAnswers, sdq_record

    # R-OUT-3: a carer's SDQ with every item "Somewhat true" scores 20, cause for concern.
    sdq_record(
        actor=lac_nurse,
        child_id=in_care.pk,
        informant=Informant.CARER,
        completed_on=dt.date(2026, 1, 23),
        answers=SdqAnswers(items=[1] * 25),
    )
    [row] = tracker_rows(la=None, as_of=TODAY)
    assert (row.last_sdq_date, row.last_sdq_total, row.last_sdq_band) == (
        dt.date(2026, 1, 23),
        20,
        "concern",
    )
    assert row.sdq_due == dt.date(2027, 1, 23)
