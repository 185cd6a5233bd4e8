"""ADR 030: a missed early help review's task (R-REF-6) closes when the review is recorded (or
the early help is closed), never by hand on the task page while the review is still missing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.accounts.models import Membership
from seenheard.core import clock
from seenheard.early_help.services import (
    early_help_close,
    early_help_missed_review_check,
    early_help_record,
    early_help_review,
)
from seenheard.tasks.errors import TaskClosedOnItsPage
from seenheard.tasks.models import Task, TaskStatus
from seenheard.tasks.services import task_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def missed(actor_named, amelia):
    """Amelia's early help, led by the health visitor, whose review date has passed."""
    hv = actor_named("hv.nurse")
    record = early_help_record(
        actor=hv,
        child_id=amelia.pk,
        needs="Speech delay; mother isolated after a move.",
        help_offered="Family support worker weekly.",
        lead_membership_id=Membership.objects.get(user__username="hv.nurse").pk,
        review_on=clock.today() + dt.timedelta(weeks=6),
    )
    with time_machine.travel(clock.now() + dt.timedelta(weeks=6, days=1), tick=False):
        done = early_help_missed_review_check(early_help_id=record.pk)
        assert done is not None
        yield record, Task.objects.get(pk=done.task_id)


def test_the_task_page_links_to_the_record_and_refuses_a_close(missed, client_for, actor_named):
    record, task = missed
    with pytest.raises(TaskClosedOnItsPage) as refused:
        task_close(actor=actor_named("hv.nurse"), task_id=task.pk, outcome="Will do it next week.")
    assert refused.value.href == f"/early-help/{record.pk}/"

    hv = client_for("hv.nurse")
    shown = hv.get(f"/tasks/{task.pk}/").content.decode()
    assert "This task closes when the review is recorded" in shown
    assert f'href="/early-help/{record.pk}/"' in shown
    assert 'name="outcome"' not in shown
    posted = hv.post(f"/tasks/{task.pk}/", {"action": "close", "outcome": "Will do it."})
    assert posted.status_code == 400
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_recording_the_review_closes_the_task(missed, actor_named):
    record, task = missed
    early_help_review(
        actor=actor_named("hv.nurse"),
        early_help_id=record.pk,
        note="Speech improving; keep going.",
        next_review_on=clock.today() + dt.timedelta(weeks=4),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.outcome == "Review recorded: Speech improving; keep going."


def test_closing_the_early_help_closes_the_task(missed, actor_named):
    record, task = missed
    early_help_close(
        actor=actor_named("hv.nurse"),
        early_help_id=record.pk,
        reason="needs-met",
        note="Speaking in sentences now.",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.outcome == (
        "Early help closed: the child's needs are met. Speaking in sentences now."
    )
