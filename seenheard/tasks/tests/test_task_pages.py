"""The task pages between professionals (R-REF-7): giving a task from a child's page, the
worklists per person and per team, passing a task on (kept in its history) and closing it
with an outcome; bad input answered against its field with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.tasks.escalation import tasks_escalate_overdue
from seenheard.tasks.models import Task, TaskEvent, TaskStatus
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


def _hv_team() -> str:
    return f"team:{Organisation.objects.get(code='RDEMO-HV').pk}:{Role.COMMUNITY_NURSE}"


def _person(username: str) -> str:
    return f"person:{Membership.objects.get(user__username=username).pk}"


def _form(**overrides):
    due = clock.today() + dt.timedelta(days=7)
    data = {
        "recipient": _hv_team(),
        "title": "Please visit: two clinics missed",
        "detail": "Mother did not bring him to the last two clinics.",
        "due_day": str(due.day),
        "due_month": str(due.month),
        "due_year": str(due.year),
    }
    data.update(overrides)
    return data


def test_a_gp_gives_a_task_from_the_childs_page(client_for, noah):
    gp = client_for("gp")
    summary = main_text(gp.get(f"/children/{noah.pk}/"))
    assert "Open tasks" in summary
    assert f'href="/tasks/new/?child={noah.pk}"' in summary
    form = main_text(gp.get(f"/tasks/new/?child={noah.pk}"))
    assert "Health visitor or school nurse team, Demo Health Visiting and School Nursing" in form
    assert "Hannah Vale, Health visitor or school nurse" in form
    response = gp.post(f"/tasks/new/?child={noah.pk}", _form())
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.owner_org.code, task.owner_role, task.created_by) == (
        "RDEMO-HV",
        "community-nurse",
        "gp",
    )
    after = main_text(gp.get(f"/children/{noah.pk}/"))
    assert "Please visit: two clinics missed" in after
    assert "Health visitor or school nurse team" in after


def test_the_team_sees_it_in_its_worklist_and_a_named_person_in_theirs(client_for, noah):
    gp = client_for("gp")
    gp.post(f"/tasks/new/?child={noah.pk}", _form())
    gp.post(f"/tasks/new/?child={noah.pk}", _form(recipient=_person("hv.nurse"), title="Weigh"))
    hv = client_for("hv.nurse")
    team = main_text(hv.get("/tasks/?list=team"))
    assert "For your team (2)" in team
    assert "For you (1)" in team
    assert "Please visit: two clinics missed" in team
    assert "Given by Priya Shah, GP" in team
    mine = main_text(hv.get("/tasks/?list=mine"))
    assert "Weigh" in mine and "Please visit" not in mine
    assert AuditEvent.objects.filter(
        object_type="TaskList", actor_username="hv.nurse", child_id=noah.pk
    ).exists()


def test_the_worklist_is_paged(client_for, actor_named, noah):
    from seenheard.tasks.services import task_create

    gp = actor_named("gp")
    hv = Organisation.objects.get(code="RDEMO-HV")
    for i in range(30):
        task_create(
            actor=gp,
            child_id=noah.pk,
            kind="professional",
            owner_org_id=hv.pk,
            owner_role=Role.COMMUNITY_NURSE,
            title=f"Task number {i:02d}",
            due_on=clock.today() + dt.timedelta(days=i),
            notify=False,
        )
    client = client_for("hv.nurse")
    first = main_text(client.get("/tasks/"))
    assert "Showing 1 to 25 of 30." in first
    assert "Task number 00" in first and "Task number 29" not in first
    second = main_text(client.get("/tasks/?list=team&page=2"))
    assert "Showing 26 to 30 of 30." in second and "Task number 29" in second


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"due_day": "1", "due_month": "1", "due_year": "2020"}, "must be today or", "due_on"),
        ({"due_day": "31", "due_month": "2"}, "must be a real date", "due_on"),
        ({"due_day": "", "due_month": "", "due_year": ""}, "Enter the date the task", "due_on"),
        ({"title": ""}, "Enter what needs to be done.", "title"),
        ({"title": "x" * 201}, "200 characters or fewer", "title"),
        ({"detail": "x" * 100_000}, "4,000 characters or fewer", "detail"),
        ({"recipient": "team:999999:gp"}, "Choose who the task is for.", "recipient"),
    ],
)
def test_bad_input_is_shown_against_its_field_and_nothing_changes(
    client_for, noah, overrides, message, field
):
    before = AuditEvent.objects.filter(action="create").count()
    response = client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form(**overrides))
    assert response.status_code == 400
    body = main_text(response)
    assert "There is a problem" in body
    assert message in body
    assert f'href="#{field}' in body
    assert not Task.objects.exists()
    assert AuditEvent.objects.filter(action="create").count() == before


def test_script_is_escaped_on_every_page(client_for, noah):
    script = "<script>alert('x')</script>"
    client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form(title=script, detail=script))
    task = Task.objects.get()
    for who, path in (
        ("hv.nurse", "/tasks/"),
        ("hv.nurse", f"/tasks/{task.pk}/"),
        ("gp", f"/children/{noah.pk}/"),
    ):
        body = client_for(who).get(path).content.decode()
        assert script not in body
        assert "&lt;script&gt;" in body


def test_a_child_the_sender_may_not_see_is_not_found(client_for, noah):
    stranger = client_for("stranger")
    hidden = stranger.get(f"/tasks/new/?child={noah.pk}")
    missing = stranger.get("/tasks/new/?child=999999")
    assert hidden.status_code == missing.status_code == 404
    assert main_text(hidden) == main_text(missing)
    assert stranger.post(f"/tasks/new/?child={noah.pk}", _form()).status_code == 404
    by_number = main_text(stranger.get(f"/tasks/new/?nhs_number={noah.nhs_number}"))
    assert "No child found with those details" in by_number
    assert not Task.objects.exists()


def test_passing_a_task_on_is_kept_in_its_history(client_for, noah):
    client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form())
    task = Task.objects.get()
    hv = client_for("hv.nurse")
    response = hv.post(
        f"/tasks/{task.pk}/",
        {"action": "reassign", "recipient": _person("lac.nurse"), "note": "On her caseload"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner_org.code == "RDEMO-LAC"
    lac = main_text(client_for("lac.nurse").get(f"/tasks/{task.pk}/"))
    assert "Passed from Health visitor or school nurse team" in lac
    assert "to Lola Adeyemi, Looked-after children" in lac
    assert "by Hannah Vale, Health visitor or school nurse: On her caseload" in lac
    assert "Given to Health visitor or school nurse team" in lac
    assert AuditEvent.objects.filter(object_type="TaskOwner", child_id=noah.pk).exists()
    # The team that passed it on no longer has it.
    assert hv.get(f"/tasks/{task.pk}/").status_code == 404


def test_closing_needs_an_outcome_and_is_shown(client_for, noah):
    client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form())
    task = Task.objects.get()
    hv = client_for("hv.nurse")
    refused = hv.post(f"/tasks/{task.pk}/", {"action": "close", "outcome": " "})
    assert refused.status_code == 400
    assert "Enter the outcome" in main_text(refused)
    assert hv.post(f"/tasks/{task.pk}/", {"outcome": "Visited; weight fine."}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    body = main_text(hv.get(f"/tasks/{task.pk}/"))
    assert "Visited; weight fine." in body
    assert "Closed by Hannah Vale" in body


def test_an_escalated_task_is_in_the_managers_list(client_for, noah):
    client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form())
    task = Task.objects.get()
    with time_machine.travel(clock.now() + dt.timedelta(days=9), tick=False):
        tasks_escalate_overdue()
        manager = client_for("named.nurse")
        body = main_text(manager.get("/tasks/?list=escalated"))
        assert "Escalated to you (1)" in body
        assert "Overdue" in body
        detail = main_text(manager.get(f"/tasks/{task.pk}/"))
        assert "Overdue: escalated to Nadia Okafor" in detail
        assert "overdue by 2 days" in detail
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == 1


def test_stranger_gets_nothing(client_for, noah):
    client_for("gp").post(f"/tasks/new/?child={noah.pk}", _form())
    task = Task.objects.get()
    stranger = client_for("stranger")
    for which in ("mine", "team", "escalated"):
        assert "Noah" not in main_text(stranger.get(f"/tasks/?list={which}"))
    assert stranger.get(f"/tasks/{task.pk}/").status_code == 404
    assert (
        stranger.post(f"/tasks/{task.pk}/", {"action": "close", "outcome": "x"}).status_code == 404
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
