"""ADR 030: the tracker's tasks for an overdue health assessment or SDQ (R-OUT-1, R-OUT-3)
close when the assessment or SDQ is recorded, never by hand on the task page while the item
stays overdue (the tracker would then raise no new task for it)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.lac_health.overdue import overdue_tasks_raise
from seenheard.lac_health.tests.conftest import assess
from seenheard.screening.questionnaires import Informant
from seenheard.screening.services import SdqAnswers, sdq_record
from seenheard.tasks.errors import TaskClosedOnItsPage
from seenheard.tasks.models import Task, TaskStatus
from seenheard.tasks.services import task_close

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 26)  # the IHA fell due on 21 January
NEXT_DECEMBER = dt.date(2026, 12, 21)  # and the first SDQ on 19 December


def _task(kind: str) -> Task:
    return Task.objects.get(kind=kind)


def test_the_task_page_links_to_the_assessment_form_and_refuses_a_close(in_care, client_for):
    overdue_tasks_raise(as_of=TODAY)
    task = _task("lac-iha-overdue")
    nurse = client_for("lac.nurse")
    shown = nurse.get(f"/tasks/{task.pk}/").content.decode()
    form = f"/lac/children/{in_care.pk}/assessments/new/"
    assert "This task closes when the initial health assessment is recorded" in shown
    assert f'href="{form}"' in shown
    assert 'name="outcome"' not in shown

    refused = nurse.post(f"/tasks/{task.pk}/", {"action": "close", "outcome": "Booked it."})
    assert refused.status_code == 400
    assert f'href="{form}"' in refused.content.decode()
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


@pytest.mark.parametrize("outcome", ["done", "declined"])
def test_recording_the_assessment_closes_its_task(in_care, lac_nurse, outcome):
    overdue_tasks_raise(as_of=TODAY)
    extra = (
        {}
        if outcome == "done"
        else {
            "findings": "",
            "decline_reason": "Did not want a nurse at home",
            "engagement": "place",
            "engagement_detail": "Offered the school nurse room",
        }
    )
    assess(lac_nurse, in_care, outcome=outcome, **extra)
    task = _task("lac-iha-overdue")
    assert task.status == TaskStatus.DONE
    assert task.outcome == f"Initial health assessment recorded as {outcome} on 20 January 2026."
    # The tracker does not raise it again for the same due date.
    assert overdue_tasks_raise(as_of=TODAY) == 0


def test_an_overdue_sdq_task_closes_when_an_sdq_is_recorded(in_care, lac_nurse, client_for):
    assess(lac_nurse, in_care)  # the IHA is done; the SDQ falls due on 19 December
    assert overdue_tasks_raise(as_of=NEXT_DECEMBER) == 1
    task = _task("lac-sdq-overdue")
    with pytest.raises(TaskClosedOnItsPage) as refused:
        task_close(actor=lac_nurse, task_id=task.pk, outcome="Sent to the carer.")
    assert refused.value.href == f"/children/{in_care.pk}/sdq/new/"
    shown = client_for("lac.nurse").get(f"/tasks/{task.pk}/").content.decode()
    assert "This task closes when a new SDQ is recorded" in shown

    sdq_record(
        actor=lac_nurse,
        child_id=in_care.pk,
        informant=Informant.CARER,
        completed_on=TODAY,
        answers=SdqAnswers(items=[0] * 25),
    )
    assert _task("lac-sdq-overdue").status == TaskStatus.OPEN  # until the daily run
    assert overdue_tasks_raise(as_of=NEXT_DECEMBER) == 0
    task = _task("lac-sdq-overdue")
    assert task.status == TaskStatus.DONE
    assert task.outcome == "Recorded: no longer overdue on 21 December 2026."
