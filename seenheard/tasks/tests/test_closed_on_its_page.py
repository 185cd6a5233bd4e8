"""ADR 030: a task whose kind closes only with its own app's decision (a "was not brought"
triage, R-WNB-5: "the task closes only with the decision recorded") cannot be closed with a
free-text outcome from the task pages or the API; the page links to the triage form instead,
and the triage itself closes it. The same rule holds for the SDQ's specialist review (R-OUT-4)
and the overdue referral decision (R-REF-3): see their apps' tests."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.appointments.kinds import WNB_TRIAGE
from seenheard.appointments.models import Triage
from seenheard.appointments.services import (
    appointment_book,
    appointment_outcome_record,
    triage_record,
)
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.core import clock
from seenheard.tasks import errors
from seenheard.tasks.kinds import task_closed_on, task_kind, task_kind_register
from seenheard.tasks.models import Task, TaskEvent, TaskStatus
from seenheard.tasks.services import task_close, task_create

pytestmark = pytest.mark.django_db

JAYDEN = "9990000026"


@pytest.fixture
def hv(actor_named):
    return actor_named("hv.nurse")


@pytest.fixture
def triage(hv) -> Triage:
    made = appointment_book(
        actor=hv,
        nhs_number=JAYDEN,
        service="health-visiting",
        starts_at=clock.now() - dt.timedelta(hours=1),
    )
    appointment_outcome_record(actor=hv, appointment_id=made.pk, outcome="was-not-brought")
    return Triage.objects.select_related("task").get(appointment=made)


def _state(task_id: int) -> tuple[object, ...]:
    task = Task.objects.get(pk=task_id)
    return (
        task.status,
        task.outcome,
        TaskEvent.objects.filter(task_id=task_id).count(),
        AuditEvent.objects.filter(object_type="Task", object_id=str(task_id))
        .exclude(action=AuditAction.VIEW)
        .count(),
    )


def test_the_kinds_that_close_on_their_own_page_are_registered_so():
    for key in (
        WNB_TRIAGE,
        "sdq-specialist-review",
        "referral-decision-overdue",
        "lac-iha-overdue",
        "lac-rha-overdue",
        "lac-sdq-overdue",
        "early-help-review-missed",
    ):
        assert task_closed_on(key) is not None, key
    # Follow-ups closed with what was done keep the outcome box.
    for key in ("professional", "left-before-seen", "wnb-meeting-action", "wnb-plan-follow-up"):
        assert task_closed_on(key) is None, key


def test_the_service_refuses_a_triage_closed_by_hand_and_names_the_form(hv, triage):
    before = _state(triage.task_id)
    with pytest.raises(errors.TaskClosedOnItsPage) as refused:
        task_close(actor=hv, task_id=triage.task_id, outcome="Phoned mother.")
    assert refused.value.href == f"/appointments/triage/{triage.pk}/"
    assert "triage" in refused.value.message and "recorded" in refused.value.message
    assert _state(triage.task_id) == before
    # Naming another kind is no way round it.
    with pytest.raises(errors.TaskClosedOnItsPage):
        task_close(actor=hv, task_id=triage.task_id, outcome="x", owning_kind="professional")
    assert _state(triage.task_id) == before


def test_the_triage_closes_its_task_with_the_decision(hv, triage):
    triage_record(
        actor=hv,
        triage_id=triage.pk,
        risk="medium",
        reason="Car broke down",
        action="rebook",
        action_detail="Rebooked for Thursday.",
    )
    task = Task.objects.get(pk=triage.task_id)
    assert task.status == TaskStatus.DONE
    assert "Rebooked for Thursday." in task.outcome


def test_nobody_gives_a_triage_task_by_hand(hv, triage):
    before = Task.objects.count()
    with pytest.raises(errors.TaskKindRaisedElsewhere):
        task_create(
            actor=hv,
            child_id=triage.child_id,
            kind=WNB_TRIAGE,
            owner_org_id=hv.organisation.pk,
            owner_role=hv.role,
            title="Triage",
            due_on=clock.today(),
        )
    assert Task.objects.count() == before


def test_a_kind_registered_with_a_page_keeps_it_and_registering_again_is_harmless():
    from seenheard.tasks.kinds import ClosedOnItsPage

    def href(task_id: int) -> str:
        return f"/somewhere/{task_id}/"

    page = ClosedOnItsPage(decision="the test decision", page="the test page", href=href)
    spec = task_kind_register(
        key="test-closed-on", label="A test kind", requirement="R-REF-7", closed_on=page
    )
    assert task_kind("test-closed-on") == spec
    assert task_kind_register(
        key="test-closed-on", label="A test kind", requirement="R-REF-7", closed_on=page
    )
    with pytest.raises(ValueError, match="already registered differently"):
        task_kind_register(key="test-closed-on", label="A test kind", requirement="R-REF-7")


def test_the_task_page_links_to_the_triage_form_instead_of_an_outcome_box(client_for, triage):
    hv = client_for("hv.nurse")
    shown = hv.get(f"/tasks/{triage.task_id}/").content.decode()
    assert f'href="/appointments/triage/{triage.pk}/"' in shown
    assert "This task closes when the triage decision" in shown
    assert 'name="outcome"' not in shown
    assert "Pass it on" in shown  # it may still be passed to a colleague

    # A close sent anyway (an old page, a hand-made request) is refused and changes nothing.
    before = _state(triage.task_id)
    refused = hv.post(f"/tasks/{triage.task_id}/", {"action": "close", "outcome": "Phoned mother."})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "This task closes only when the triage decision" in body
    assert f'href="/appointments/triage/{triage.pk}/"' in body
    assert _state(triage.task_id) == before
