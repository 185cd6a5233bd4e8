"""Referral services (R-REF-1, R-REF-3): drafts kept for their author, sending only when
complete (nothing changed otherwise), the decision told to the referrer, and a late decision
escalated to the receiving team's manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import time_machine
from django.core import mail

from seenheard.audit.models import AuditEvent
from seenheard.jobs.models import Job, Notification
from seenheard.jobs.services import jobs_run_due
from seenheard.referrals.errors import (
    DecisionIncomplete,
    ReferralAlreadyDecided,
    ReferralIncomplete,
    ReferralNotDraft,
    ReferralNotFound,
    ReferralTooLong,
)
from seenheard.referrals.escalation import ESCALATION_KIND, referral_escalate
from seenheard.referrals.models import Referral, ReferralDecision, ReferralStatus
from seenheard.referrals.rules import DecisionInput, ReferralInput
from seenheard.referrals.selectors import referral_get, referrals_incoming, referrals_mine
from seenheard.referrals.services import (
    referral_decide,
    referral_draft_save,
    referral_send,
    referral_submit,
)
from seenheard.referrals.tests.helpers import complete_input, islington
from seenheard.tasks.models import Task
from seenheard.voice.models import ChildVoice

pytestmark = pytest.mark.django_db

FRIDAY_3PM = dt.datetime(2026, 12, 4, 15, tzinfo=dt.UTC)


@pytest.fixture
def gp(actor_named):
    return actor_named("gp")


def snapshot():
    return (
        list(Referral.objects.values_list("pk", "status", "reason", "sent_at")),
        ChildVoice.objects.count(),
        ReferralDecision.objects.count(),
        Job.objects.filter(kind="referral.decision_due").count(),
    )


def test_a_draft_keeps_what_was_typed_and_only_its_author_sees_it(gp, la_social_worker, noah):
    draft = referral_draft_save(
        actor=gp, child_id=noah.pk, data=ReferralInput(reason="Worried about bruising")
    )
    assert draft.status == ReferralStatus.DRAFT and draft.reason == "Worried about bruising"
    again = referral_draft_save(
        actor=gp, child_id=noah.pk, referral_id=draft.pk, data=complete_input()
    )
    assert again.pk == draft.pk and again.draft_voice["words"].startswith("Dad grabbed")
    assert referral_get(actor=gp, referral_id=draft.pk) is not None
    assert referral_get(actor=la_social_worker, referral_id=draft.pk) is None
    assert referrals_incoming(actor=la_social_worker) == []
    assert [r.pk for r in referrals_mine(actor=gp)] == [draft.pk]


def test_nobody_else_may_save_over_a_draft(gp, la_social_worker, noah):
    draft = referral_draft_save(actor=gp, child_id=noah.pk, data=ReferralInput(reason="x"))
    with pytest.raises(ReferralNotFound):
        referral_draft_save(
            actor=la_social_worker, child_id=noah.pk, referral_id=draft.pk, data=ReferralInput()
        )


def test_a_stranger_cannot_refer_a_child_they_cannot_see(stranger, noah):
    with pytest.raises(ReferralNotFound):
        referral_draft_save(actor=stranger, child_id=noah.pk, data=complete_input())
    with pytest.raises(ReferralNotFound):
        referral_send(actor=stranger, child_id=noah.pk, data=complete_input())
    assert not Referral.objects.exists()


def test_a_draft_too_long_is_refused_whole(gp, noah):
    with pytest.raises(ReferralTooLong) as refused:
        referral_draft_save(actor=gp, child_id=noah.pk, data=complete_input(reason="x" * 100_000))
    assert [p.field for p in refused.value.problems] == ["reason"]
    assert not Referral.objects.exists()


def test_an_incomplete_referral_is_not_sent_and_nothing_changes(gp, noah):
    draft = referral_draft_save(actor=gp, child_id=noah.pk, data=complete_input(expectation=""))
    before = snapshot()
    with pytest.raises(ReferralIncomplete) as refused:
        referral_submit(actor=gp, referral_id=draft.pk)
    assert [p.field for p in refused.value.problems] == ["expectation"]
    assert snapshot() == before


def test_sending_records_the_voice_and_queues_the_escalation(gp, noah):
    with time_machine.travel(FRIDAY_3PM, tick=False):
        sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    assert sent.status == ReferralStatus.SENT
    assert sent.voice is not None and sent.voice.record_kind == "referral"
    assert sent.voice.words.startswith("Dad grabbed me")
    assert sent.threshold_name == "Level 4: child protection (acute needs)"
    assert sent.referrer_name == "Priya Shah" and sent.referrer_role == "GP"
    assert sent.decision_due_at == dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
    job = Job.objects.get(kind="referral.decision_due")
    assert job.run_after == sent.decision_due_at
    assert AuditEvent.objects.filter(object_type="Referral", child_id=noah.pk).exists()
    with pytest.raises(ReferralNotDraft):
        referral_draft_save(actor=gp, child_id=noah.pk, referral_id=sent.pk, data=complete_input())


def test_the_api_way_leaves_nothing_when_incomplete(gp, noah):
    with pytest.raises(ReferralIncomplete) as refused:
        referral_send(actor=gp, child_id=noah.pk, data=complete_input(threshold_level="level-9"))
    assert [p.field for p in refused.value.problems] == ["threshold_level"]
    assert snapshot() == ([], 0, 0, 0)


def test_the_receiving_team_decides_and_the_referrer_is_told(gp, la_social_worker, noah):
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    assert [r.pk for r in referrals_incoming(actor=la_social_worker)] == [sent.pk]
    decision = referral_decide(
        actor=la_social_worker,
        referral_id=sent.pk,
        decision=DecisionInput("strategy-discussion", "Section 47 threshold met."),
    )
    assert decision.decided_by_name == "Sofia Walsh"
    note = Notification.objects.get(topic="referral-decided")
    assert note.recipient_user_id == gp.user_id and note.link == f"/referrals/{sent.pk}/"
    assert "Strategy discussion" in note.body
    jobs_run_due(worker_id="test")
    [email] = mail.outbox
    assert email.to == ["gp@demo.example"]
    assert "Noah" not in email.body and "Brennan" not in email.body
    assert "Noah" not in email.subject
    with pytest.raises(ReferralAlreadyDecided):
        referral_decide(
            actor=la_social_worker, referral_id=sent.pk, decision=DecisionInput("assessment", "x")
        )


def test_only_the_receiving_team_decides_and_a_decision_needs_reasons(
    gp, la_social_worker, stranger, noah
):
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    for actor in (gp, stranger):
        with pytest.raises(ReferralNotFound):
            referral_decide(
                actor=actor, referral_id=sent.pk, decision=DecisionInput("assessment", "x")
            )
    with pytest.raises(DecisionIncomplete) as refused:
        referral_decide(actor=la_social_worker, referral_id=sent.pk, decision=DecisionInput())
    assert [p.field for p in refused.value.problems] == ["outcome", "reasons"]
    assert not ReferralDecision.objects.exists()


def test_a_late_decision_becomes_a_task_for_the_teams_manager(gp, noah):
    with time_machine.travel(FRIDAY_3PM, tick=False):
        sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    with time_machine.travel(dt.datetime(2026, 12, 7, 14, 59, tzinfo=dt.UTC), tick=False):
        assert referral_escalate(referral_id=sent.pk) is None
        assert jobs_run_due(worker_id="test") == 0
    with time_machine.travel(dt.datetime(2026, 12, 7, 15, 1, tzinfo=dt.UTC), tick=False):
        jobs_run_due(worker_id="test")
    task = Task.objects.get(kind=ESCALATION_KIND)
    assert task.owner_org == islington() and task.owner_role == "safeguarding-lead"
    assert task.child_id == noah.pk
    assert "Priya Shah" in task.detail
    sent.refresh_from_db()
    assert sent.escalation_task_id == task.pk
    assert referral_escalate(referral_id=sent.pk) is None  # once only


def test_a_decision_in_time_is_not_escalated(gp, la_social_worker, noah):
    with time_machine.travel(FRIDAY_3PM, tick=False):
        sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
        referral_decide(
            actor=la_social_worker,
            referral_id=sent.pk,
            decision=DecisionInput("no-further-action", "Known; plan in place."),
        )
    with time_machine.travel(dt.datetime(2026, 12, 8, tzinfo=dt.UTC), tick=False):
        assert referral_escalate(referral_id=sent.pk) is None
    assert not Task.objects.filter(kind=ESCALATION_KIND).exists()


def test_script_is_kept_as_text(gp, noah):
    script = "<script>alert('x')</script>"
    sent = referral_send(actor=gp, child_id=noah.pk, data=replace(complete_input(), reason=script))
    assert sent.reason == script


def test_the_late_decision_task_closes_with_the_decision_and_not_by_hand(
    gp, la_social_worker, actor_named, noah
):
    """R-REF-3, ADR 030: the manager's task is done when the referral is decided."""
    from seenheard.accounts.models import Membership, Role, User
    from seenheard.tasks.errors import TaskClosedOnItsPage
    from seenheard.tasks.models import TaskStatus
    from seenheard.tasks.services import task_close

    with time_machine.travel(FRIDAY_3PM, tick=False):
        sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    with time_machine.travel(dt.datetime(2026, 12, 7, 15, 1, tzinfo=dt.UTC), tick=False):
        jobs_run_due(worker_id="test")
    task = Task.objects.get(kind=ESCALATION_KIND)
    manager = User.objects.create_user(
        username="council.lead", first_name="Ola", last_name="Bisi", email="ola@demo.example"
    )
    Membership.objects.create(user=manager, organisation=islington(), role=Role.SAFEGUARDING_LEAD)
    with pytest.raises(TaskClosedOnItsPage) as refused:
        task_close(actor=actor_named("council.lead"), task_id=task.pk, outcome="Chased them.")
    assert refused.value.href == f"/referrals/{sent.pk}/decide/"
    referral_decide(
        actor=la_social_worker,
        referral_id=sent.pk,
        decision=DecisionInput("assessment", "Needs a single assessment."),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert "decided" in task.outcome
