"""The outbox: a notification is in the inbox at once and e-mailed by the worker, once
(issue 2, item 7; R-FLAG-10 break-glass reports reach the safeguarding lead this way)."""

from __future__ import annotations

import pytest
from django.core import mail

from seenheard.jobs.models import Job, JobStatus, Notification
from seenheard.jobs.services import job_enqueue, jobs_run_due, notification_send


def _send(**overrides) -> Notification:
    fields = {
        "recipient_user_id": None,
        "recipient_email": "sam.gordon@demo.example",
        "recipient_org_code": "RDEMO",
        "topic": "test",
        "subject": "A child's record needs your review",
        "body": "Open Seen and Heard to review it.",
        "link": "/inbox/",
    }
    return notification_send(**{**fields, **overrides})


@pytest.mark.django_db
def test_a_notification_is_in_the_inbox_at_once_and_e_mailed_by_the_worker():
    note = _send()
    assert Notification.objects.get(pk=note.pk).read_at is None  # in-app, before any worker
    assert mail.outbox == []  # the e-mail waits for the worker, outside the request

    assert jobs_run_due(worker_id="test") == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam.gordon@demo.example"]
    assert message.subject == "A child's record needs your review"
    assert "/inbox/" in message.body
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT
    assert note.email_sent_at is not None


@pytest.mark.django_db
def test_re_running_a_sent_e_mail_job_does_not_send_it_twice():
    note = _send()
    jobs_run_due(worker_id="test")
    assert len(mail.outbox) == 1
    # A worker that crashed after sending but before recording the job as done runs it again;
    # so does a duplicate job for the same notification.
    Job.objects.filter(kind="notification.email").update(status=JobStatus.READY)
    job_enqueue(kind="notification.email", payload={"notification_id": note.pk})
    assert jobs_run_due(worker_id="test") == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_notification_without_an_address_is_in_app_only():
    note = _send(recipient_email="")
    assert note.email_status == Notification.EmailStatus.NOT_NEEDED
    assert not Job.objects.exists()
    assert jobs_run_due(worker_id="test") == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_and_not_marked_sent(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise ConnectionRefusedError("mail server is down")

    monkeypatch.setattr("seenheard.jobs.services.EmailMessage.send", refuse)
    note = _send()
    jobs_run_due(worker_id="test")
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.PENDING
    job = Job.objects.get(kind="notification.email")
    assert job.status == JobStatus.READY
    assert "mail server is down" in job.last_error


def test_break_glass_is_reported_to_the_safeguarding_lead_by_inbox_and_e_mail(ae_nurse):
    """R-FLAG-10: emergency access is reported to the organisation's safeguarding lead."""
    from seenheard.access.services import break_glass_grant
    from seenheard.accounts.models import User

    break_glass_grant(
        actor=ae_nurse,
        nhs_number="999 000 0034",
        reason="Unconscious on arrival, no adult with him",
    )
    lead = User.objects.get(username="safeguarding.lead")
    inbox = Notification.objects.filter(recipient_user_id=lead.pk, topic="break-glass")
    assert inbox.count() == 1

    jobs_run_due(worker_id="test")

    assert [m.to for m in mail.outbox] == [[lead.email]]
    # The e-mail says that it happened but carries no child-identifying detail.
    assert "Brennan" not in mail.outbox[0].body
    assert "9990000034" not in mail.outbox[0].body
