"""Tasks for safeguarding leads: the review list, closing with an outcome (the flags' reviews)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.encounters.services import encounter_register
from seenheard.tasks.models import Task, TaskStatus
from seenheard.tasks.selectors import task_get, tasks_for
from seenheard.tasks.services import TaskError, task_close
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(ae_nurse, noah):
    now = clock.now()
    for i in range(10):
        encounter_register(
            actor=ae_nurse,
            nhs_number=noah.nhs_number,
            started_at=now - dt.timedelta(days=200 - i * 20),
        )
    return Task.objects.get()


def test_safeguarding_lead_sees_the_review_with_its_attendances(safeguarding_lead, review):
    (task,) = tasks_for(actor=safeguarding_lead)
    assert task == review
    assert len(task.encounters.all()) == 10
    assert AuditEvent.objects.filter(
        object_type="TaskList", actor_username="safeguarding.lead", child_id=review.child_id
    ).exists()


@pytest.mark.parametrize("username", ["stranger", "ae.nurse", "social.worker", "board"])
def test_other_roles_see_no_review(actor_named, review, username):
    actor = actor_named(username)
    assert tasks_for(actor=actor) == []
    assert task_get(actor=actor, task_id=review.pk) is None
    assert task_close(actor=actor, task_id=review.pk, outcome="x") is None
    review.refresh_from_db()
    assert review.status == TaskStatus.OPEN


def test_closing_a_review_records_the_outcome_and_audits_it(safeguarding_lead, review):
    closed = task_close(
        actor=safeguarding_lead, task_id=review.pk, outcome="  Referred to the MASH.  "
    )
    assert closed is not None
    assert closed.status == TaskStatus.DONE
    assert closed.outcome == "Referred to the MASH."
    assert closed.closed_by == "safeguarding.lead"
    event = AuditEvent.objects.get(object_type="Task", action="update")
    assert event.child_id == review.child_id
    assert tasks_for(actor=safeguarding_lead) == []


def test_closing_needs_an_outcome_and_changes_nothing_without_one(safeguarding_lead, review):
    with pytest.raises(TaskError, match="Enter the outcome"):
        task_close(actor=safeguarding_lead, task_id=review.pk, outcome="   ")
    review.refresh_from_db()
    assert review.status == TaskStatus.OPEN


def test_closing_twice_is_refused(safeguarding_lead, review):
    task_close(actor=safeguarding_lead, task_id=review.pk, outcome="Done.")
    with pytest.raises(TaskError, match="already closed"):
        task_close(actor=safeguarding_lead, task_id=review.pk, outcome="Again.")


def test_tasks_page_lists_the_review_and_its_attendances(client_for, review):
    body = main_text(client_for("safeguarding.lead").get("/tasks/"))
    assert "Frequent attendance review: Noah Brennan" in body
    assert "10 attendances" in body
    assert "Demo Hospital Emergency Department" in body
    assert f'href="/tasks/{review.pk}/"' in body


def test_closing_from_the_page(client_for, review):
    client = client_for("safeguarding.lead")
    detail = main_text(client.get(f"/tasks/{review.pk}/"))
    assert "Close the task" in detail
    response = client.post(f"/tasks/{review.pk}/", {"outcome": "Seen by the paediatrician."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == TaskStatus.DONE
    after = main_text(client.get("/tasks/"))
    assert "You have no open tasks." in after


def test_closing_from_the_page_without_an_outcome_shows_the_problem(client_for, review):
    response = client_for("safeguarding.lead").post(f"/tasks/{review.pk}/", {"outcome": ""})
    assert response.status_code == 400
    body = main_text(response)
    assert "There is a problem" in body
    assert "Enter the outcome" in body
    review.refresh_from_db()
    assert review.status == TaskStatus.OPEN


def test_stranger_gets_nothing_on_the_task_pages(client_for, review):
    client = client_for("stranger")
    body = main_text(client.get("/tasks/"))
    assert "Noah" not in body
    assert "You have no open tasks." in body
    missing = client.get("/tasks/999999/")
    forbidden = client.get(f"/tasks/{review.pk}/")
    assert missing.status_code == forbidden.status_code == 404
    assert main_text(missing) == main_text(forbidden)
    assert client.post(f"/tasks/{review.pk}/", {"outcome": "x"}).status_code == 404
    review.refresh_from_db()
    assert review.status == TaskStatus.OPEN


@pytest.mark.parametrize("username", ["board", "admin"])
def test_roles_without_child_data_get_not_found(client_for, username):
    assert client_for(username).get("/tasks/").status_code == 404


def test_tasks_show_no_requirement_ids_and_link_the_child(client_for, review):
    """Issue 7 section 4: a requirement id is for the code; the child's name opens their record."""
    assert review.requirement  # the task still carries it, for the code and the audit
    client = client_for("safeguarding.lead")
    for body in (main_text(client.get("/tasks/")), main_text(client.get(f"/tasks/{review.pk}/"))):
        assert review.requirement not in body
        assert "R-FLAG" not in body
        assert f'href="/children/{review.child_id}/"' in body
        assert "Open Noah Brennan's record" in body


def test_a_closed_task_names_who_closed_it_by_name_and_role(client_for, review, safeguarding_lead):
    task_close(actor=safeguarding_lead, task_id=review.pk, outcome="Done.")
    body = main_text(client_for("safeguarding.lead").get(f"/tasks/{review.pk}/"))
    assert f"closed by {safeguarding_lead.name}, {safeguarding_lead.role.label}" in body
    assert "safeguarding.lead" not in body
    with pytest.raises(TaskError) as refused:
        task_close(actor=safeguarding_lead, task_id=review.pk, outcome="Again.")
    assert safeguarding_lead.name in str(refused.value)
    assert "safeguarding.lead" not in str(refused.value)


def test_attendances_name_who_registered_them_with_their_role(client_for, review):
    body = main_text(client_for("safeguarding.lead").get(f"/tasks/{review.pk}/"))
    assert "Unscheduled-care clinician or receptionist" in body
