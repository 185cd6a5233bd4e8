"""Giving a task (R-REF-7): the one service every app uses, its open registry of kinds, and
its typed refusals, each changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation, Role, User
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.jobs.models import Notification, NotificationPriority
from seenheard.tasks import errors
from seenheard.tasks.kinds import task_kind, task_kind_label, task_kind_register
from seenheard.tasks.models import Task, TaskEvent, TaskKind
from seenheard.tasks.services import task_create
from seenheard.tasks.views import REFUSAL_FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp(actor_named):
    return actor_named("gp")


@pytest.fixture
def hv_team():
    return Organisation.objects.get(code="RDEMO-HV")


def _give(actor, child, team, **overrides):
    fields = {
        "actor": actor,
        "child_id": child.pk,
        "kind": TaskKind.PROFESSIONAL,
        "owner_org_id": team.pk,
        "owner_role": Role.COMMUNITY_NURSE,
        "title": "Please visit: missed two appointments",
        "detail": "Mother did not bring him to the last two clinics.",
        "due_on": clock.today() + dt.timedelta(days=3),
    }
    fields.update(overrides)
    return task_create(**fields)


def test_a_gp_gives_the_health_visitors_a_task(gp, noah, hv_team):
    task = _give(gp, noah, hv_team)
    assert task.owner_org == hv_team
    assert task.requirement == "R-REF-7"
    assert task.kind_label == "Task from a colleague"
    assert task.created_by == "gp"
    (given,) = TaskEvent.objects.filter(task=task)
    assert (given.kind, given.to_org_id, given.to_role) == ("given", hv_team.pk, "community-nurse")
    event = AuditEvent.objects.get(object_type="Task", action="create")
    assert (event.child_id, event.actor_username) == (noah.pk, "gp")
    # The health visitor is told in her inbox and by e-mail, without the child's name.
    note = Notification.objects.get(recipient_user_id=User.objects.get(username="hv.nurse").pk)
    assert note.link == f"/tasks/{task.pk}/"
    assert "Priya Shah" in note.body
    assert "Noah" not in note.body + note.subject
    assert note.recipient_email
    assert note.priority == NotificationPriority.NORMAL  # an ordinary kind of task


def test_without_a_due_date_the_kinds_protocol_sets_it(gp, noah, hv_team):
    task = _give(gp, noah, hv_team, due_on=None)
    assert task.due_on == clock.today() + dt.timedelta(days=10)


def _unchanged(before: int) -> None:
    assert Task.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="Task", action="create").exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"due_on": dt.date(2020, 1, 1)}, errors.TaskDueInPast),
        ({"kind": "no-such-kind"}, errors.TaskKindUnknown),
        ({"title": "   "}, errors.TaskTitleMissing),
        ({"title": "x" * 201}, errors.TaskTextTooLong),
        ({"detail": "x" * 100_000}, errors.TaskTextTooLong),
        ({"owner_role": None}, errors.TaskOwnerMissing),
        ({"owner_role": Role.BOARD}, errors.TaskOwnerNotFound),
        ({"owner_user_id": 999_999}, errors.TaskOwnerNotFound),
        ({"kind": TaskKind.FREQUENT_ATTENDANCE_REVIEW, "due_on": None}, errors.TaskDueMissing),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_changes_nothing(
    gp, noah, hv_team, overrides, refusal
):
    before = Task.objects.count()
    with pytest.raises(refusal) as refused:
        _give(gp, noah, hv_team, **overrides)
    assert refused.value.message
    _unchanged(before)


def test_a_child_the_sender_may_not_see_is_the_same_answer_as_no_child(stranger, noah, hv_team):
    with pytest.raises(errors.TaskChildNotFound) as hidden:
        _give(stranger, noah, hv_team)
    with pytest.raises(errors.TaskChildNotFound) as missing:
        _give(stranger, type(noah)(pk=999_999), hv_team)
    assert hidden.value.message == missing.value.message
    _unchanged(0)


def test_the_system_raises_a_task_for_any_child(noah, hv_team):
    system = system_actor(hv_team)
    task = _give(system, noah, hv_team, notify=False)
    assert task.created_by == "system"
    assert not Notification.objects.exists()


def test_script_in_the_text_is_kept_as_written_and_escaped_on_the_page(
    gp, noah, hv_team, client_for
):
    task = _give(gp, noah, hv_team, title="<script>alert(1)</script>")
    assert task.title == "<script>alert(1)</script>"
    body = client_for("hv.nurse").get(f"/tasks/{task.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_another_app_registers_a_kind_in_code():
    spec = task_kind_register(key="test-kind", label="A test kind", requirement="R-REF-6")
    assert task_kind("test-kind") == spec
    assert task_kind_label("test-kind") == "A test kind"
    # Registering it again the same way is harmless; differently is a programming error.
    task_kind_register(key="test-kind", label="A test kind", requirement="R-REF-6")
    with pytest.raises(ValueError, match="already registered"):
        task_kind_register(key="test-kind", label="Another label", requirement="R-REF-6")
    assert task_kind_label("gone-away") == "Task"


def test_every_refusal_has_a_row_in_the_pages_table():
    refusals = {
        v
        for v in vars(errors).values()
        if isinstance(v, type) and issubclass(v, errors.TaskRefused) and v is not errors.TaskRefused
    }
    assert refusals <= set(REFUSAL_FIELDS)
