"""Queueing jobs and notifications; claiming and running them (the worker's half)."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q

from seenheard.access.actor import Actor
from seenheard.audit.services import audit_view
from seenheard.core import clock
from seenheard.core.rawsql import insert_model
from seenheard.jobs.models import Job, JobStatus, Notification, NotificationPriority

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}

LEASE = dt.timedelta(minutes=5)


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of this kind."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def job_enqueue(
    *,
    kind: str,
    payload: dict[str, Any],
    run_after: dt.datetime | None = None,
    max_attempts: int = 5,
) -> Job:
    # One hand-written INSERT (ADR 016): registrations queue e-mails as they happen.
    return insert_model(
        Job(
            kind=kind,
            payload=payload,
            run_after=run_after or clock.now(),
            max_attempts=max_attempts,
        )
    )


def _claimable(now: dt.datetime) -> Q:
    return Q(status=JobStatus.READY, run_after__lte=now) | Q(
        status=JobStatus.RUNNING, lease_until__lt=now
    )


def job_claim(*, worker_id: str) -> Job | None:
    """Claim one due job, or None. The conditional UPDATE is the lock: only one worker's
    UPDATE can match the row while it is still claimable."""
    for _ in range(10):
        now = clock.now()
        candidate = (
            Job.objects.filter(_claimable(now))
            .order_by("run_after", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        won = Job.objects.filter(_claimable(now), pk=candidate).update(
            status=JobStatus.RUNNING,
            claimed_by=worker_id,
            lease_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
        if won:
            return Job.objects.get(pk=candidate)
    return None


class LeaseLost(Exception):
    """Another worker claimed this job after our lease ran out; our work must not count."""


def job_run(*, job: Job) -> bool:
    """Run a claimed job; on failure retry later with back-off, up to max_attempts.

    ``attempts`` is the claim's fencing token: every claim increments it, so if this worker
    overran its lease and another worker has claimed the job since, the row no longer matches
    ours, the handler's writes are rolled back, and the row is left to the new claimant.
    """
    ours = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler is registered for jobs of kind {job.kind!r}")
        with transaction.atomic():
            handler(job.payload)
            finished = ours.update(
                status=JobStatus.DONE, finished_at=clock.now(), lease_until=None, last_error=""
            )
            if not finished:
                raise LeaseLost()
        return True
    except LeaseLost:
        log.warning("job %s (%s): lease lost to another worker; work rolled back", job.pk, job.kind)
        return False
    except Exception:
        error = traceback.format_exc(limit=5)
        log.warning("job %s (%s) failed: %s", job.pk, job.kind, error)
        gave_up = job.attempts >= job.max_attempts
        ours.update(
            status=JobStatus.FAILED if gave_up else JobStatus.READY,
            run_after=clock.now() + dt.timedelta(seconds=30 * 2 ** min(job.attempts, 8)),
            lease_until=None,
            last_error=error,
            finished_at=clock.now() if gave_up else None,
        )
        return False


def jobs_run_due(*, worker_id: str, limit: int | None = None) -> int:
    """Run due jobs until none is left (or ``limit``). Returns how many ran."""
    ran = 0
    while limit is None or ran < limit:
        job = job_claim(worker_id=worker_id)
        if job is None:
            break
        job_run(job=job)
        ran += 1
    return ran


def notification_send(
    *,
    recipient_user_id: int | None,
    recipient_email: str,
    recipient_org_code: str = "",
    topic: str,
    subject: str,
    body: str,
    link: str = "",
    child_id: int | None = None,
    priority: str = NotificationPriority.NORMAL,
) -> Notification:
    """Put a message in the recipient's inbox now, and queue its e-mail for the worker.
    ``priority`` HIGH when a child may be at risk now: the inbox shows it first and marked
    urgent, and the e-mail says so in its subject, first line and importance headers."""
    note = Notification(
        recipient_user_id=recipient_user_id,
        recipient_email=recipient_email,
        recipient_org_code=recipient_org_code,
        topic=topic,
        subject=subject,
        body=body,
        link=link,
        child_id=child_id,
        priority=NotificationPriority(priority),
        created_at=clock.now(),
        email_status=(
            Notification.EmailStatus.PENDING
            if recipient_email
            else Notification.EmailStatus.NOT_NEEDED
        ),
    )
    insert_model(note)  # one hand-written INSERT (ADR 016)
    if recipient_email:
        job_enqueue(kind="notification.email", payload={"notification_id": note.pk})
    return note


def notification_open(*, actor: Actor, notification_id: int) -> Notification | None:
    """Open one of the actor's own messages, marking it read; None for anyone else's (the
    same answer as no such message). A message about a child is part of that child's story:
    opening it is audited for the child, in the same transaction (DESIGN rule 3)."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, recipient_user_id=actor.user_id)
            .first()
        )
        if note is None:
            return None
        if note.read_at is None:
            note.read_at = clock.now()
            note.save(update_fields=["read_at"])
        if note.child_id is not None:
            audit_view(
                actor=actor, object_type="Notification", object_id=note.pk, child_id=note.child_id
            )
    return note


def absolute_url(link: str) -> str:
    """``link`` (a path in the service, like /council/attendances/) as a full address."""
    if "://" in link:
        return link
    return settings.SEENHEARD_BASE_URL + "/" + link.lstrip("/")


URGENT_PREFIX = "Urgent: "
URGENT_FIRST_LINE = "This message is urgent: please read it and act today."


def email_parts(note: Notification) -> tuple[str, str, dict[str, str]]:
    """The e-mail's subject, body and headers; an urgent message says so in all three."""
    if note.priority != NotificationPriority.HIGH:
        return note.subject, note.body, {}
    headers = {"Importance": "high", "X-Priority": "1 (Highest)", "Priority": "urgent"}
    return URGENT_PREFIX + note.subject, f"{URGENT_FIRST_LINE}\n\n{note.body}", headers


@job_handler("notification.email")
def _deliver_email(payload: dict[str, Any]) -> None:
    # scope-exempt: the worker delivers the message it was queued, to its own recipient
    note = Notification.objects.select_for_update().get(pk=payload["notification_id"])
    if note.email_status == Notification.EmailStatus.SENT:
        return  # a re-run after a crash must not send twice what was recorded as sent
    # An e-mail has no page to be relative to: links are absolute (SEENHEARD_BASE_URL).
    link = f"\n\nOpen Seen and Heard to see it: {absolute_url(note.link)}" if note.link else ""
    # E-mail carries no child-identifying detail; the inbox behind sign-in has that.
    subject, body, headers = email_parts(note)
    EmailMessage(
        subject=subject,
        body=body + link,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[note.recipient_email],
        headers=headers,
    ).send()
    note.email_status = Notification.EmailStatus.SENT
    note.email_sent_at = clock.now()
    note.save(update_fields=["email_status", "email_sent_at"])
