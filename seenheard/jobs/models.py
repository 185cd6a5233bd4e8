"""Background jobs and the outbox, claimed with a lease so that nothing is lost (ADR 004).

A worker claims a row with a conditional UPDATE (status = ready, or a running row whose lease
has run out); two workers can never both win the same row, and a row whose worker was killed
becomes claimable again when its lease expires.
"""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    READY = "ready", "Waiting to run"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (gave up)"


class Job(models.Model):
    kind = models.CharField(max_length=64, help_text="Name of a registered job handler.")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.READY)
    run_after = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=5)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "run_after"], name="job_due")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


class NotificationPriority(models.TextChoices):
    """How urgent a message is. High: a child may be at risk now ("I feel unsafe", an urgent
    referral, an escalation); shown first and marked in the inbox, and marked in the e-mail."""

    NORMAL = "normal", "Normal"
    HIGH = "high", "Urgent"


class Notification(models.Model):
    """A message for one member of staff: shown in their in-app inbox at once, and e-mailed by
    the worker (``email_status``)."""

    class EmailStatus(models.TextChoices):
        NOT_NEEDED = "not-needed", "No e-mail needed"
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    recipient_user_id = models.BigIntegerField(null=True)
    recipient_email = models.EmailField(blank=True)
    recipient_org_code = models.CharField(max_length=16, blank=True)
    topic = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    priority = models.CharField(
        max_length=8, choices=NotificationPriority.choices, default=NotificationPriority.NORMAL
    )
    child_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient_user_id", "-created_at"], name="notif_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject
