"""An overdue task escalates to the owner's manager, and again to the next one up if still
open after the protocol's interval (R-REF-7); the worker and the command both run it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from seenheard.access.managers import task_manager_levels
from seenheard.accounts.models import Organisation, Role, User
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.jobs.models import Job, Notification, NotificationPriority
from seenheard.jobs.services import jobs_run_due
from seenheard.tasks.escalation import task_escalate, tasks_escalate_overdue
from seenheard.tasks.models import Task, TaskEvent, TaskKind
from seenheard.tasks.selectors import task_get
from seenheard.tasks.services import task_close, task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(actor_named, noah):
    return task_create(
        actor=actor_named("gp"),
        child_id=noah.pk,
        kind=TaskKind.PROFESSIONAL,
        owner_org_id=Organisation.objects.get(code="RDEMO-HV").pk,
        owner_role=Role.COMMUNITY_NURSE,
        title="Please visit",
        due_on=clock.today() + dt.timedelta(days=2),
    )


def _told(username: str) -> list[Notification]:
    user = User.objects.get(username=username)
    return list(Notification.objects.filter(recipient_user_id=user.pk, topic="task"))


def test_the_managers_are_the_nearest_safeguarding_leads_then_upwards(cast):
    hv = Organisation.objects.get(code="RDEMO-HV")
    levels = task_manager_levels(hv, owner_role=Role.COMMUNITY_NURSE, owner_user_id=None)
    assert [lv.organisation.code for lv in levels] == ["RDEMO-HV", "RDEMO", "QDEMO"]
    assert [m.user.username for m in levels[0].members] == ["named.nurse"]
    # A team of managers is not its own manager; nobody manages themself.
    lead = task_manager_levels(hv, owner_role=Role.SAFEGUARDING_LEAD, owner_user_id=None)
    assert [lv.organisation.code for lv in lead] == ["RDEMO", "QDEMO"]


def test_nothing_happens_until_the_day_after_the_due_date(task):
    assert tasks_escalate_overdue() == []
    with time_machine.travel(clock.now() + dt.timedelta(days=2), tick=False):
        assert task_escalate(task_id=task.pk) is None


def test_the_worker_escalates_the_day_after_and_again_after_the_interval(task):
    assert Job.objects.filter(kind="tasks.escalate").count() == 1
    with time_machine.travel(clock.now() + dt.timedelta(days=3), tick=False):
        jobs_run_due(worker_id="test")
        task.refresh_from_db()
        assert task.escalation_level == 1
        (note,) = _told("named.nurse")
        assert note.subject == "An overdue task needs your attention"
        assert note.priority == NotificationPriority.HIGH  # first and marked urgent
        assert "Noah" not in note.body
        # The named nurse now sees the task and may open it.
        assert task_get(actor=_actor("named.nurse"), task_id=task.pk) is not None
    with time_machine.travel(clock.now() + dt.timedelta(days=8), tick=False):
        jobs_run_due(worker_id="test")
        task.refresh_from_db()
        assert task.escalation_level == 2
        assert _told("safeguarding.lead")
    events = TaskEvent.objects.filter(task=task, kind="escalated").order_by("at")
    assert [(e.level, e.to_org.code) for e in events] == [(1, "RDEMO-HV"), (2, "RDEMO")]
    assert "Nadia Okafor" in events[0].note
    assert AuditEvent.objects.filter(object_type="TaskEscalation", child_id=task.child_id).count()


def _actor(username):
    from seenheard.access.actor import actor_for

    return actor_for(User.objects.get(username=username))


def test_the_command_escalates_once_per_interval(task, capsys):
    with time_machine.travel(clock.now() + dt.timedelta(days=3), tick=False):
        call_command("tasks", "escalate")
        call_command("tasks", "escalate")
        jobs_run_due(worker_id="test")  # the worker's job finds it done already
    out = capsys.readouterr().out
    assert f"task {task.pk}: escalation 1, told Nadia Okafor" in out
    assert "0 task(s) escalated." in out
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == 1


def test_a_closed_task_never_escalates(task, actor_named):
    task_close(actor=actor_named("hv.nurse"), task_id=task.pk, outcome="Visited; all well.")
    with time_machine.travel(clock.now() + dt.timedelta(days=30), tick=False):
        jobs_run_due(worker_id="test")
        assert tasks_escalate_overdue() == []
    assert not Task.objects.filter(escalation_level__gt=0).exists()
