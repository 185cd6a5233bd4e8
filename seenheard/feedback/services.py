"""Giving a child a feedback code, the child's feedback with it, and "I feel unsafe"
(R-VOICE-2, R-VOICE-3).

Who may do what:
- give a code: a role whose policy ``issues_feedback_codes``, for a child they may see; they
  become the lead professional for that feedback.
- open a code and give feedback: whoever holds the code (the child, with no account). Tries are
  counted by the client's address and overall and refused beyond the protocol's limits; each
  try is recorded. Unknown, used and expired codes get the same answer.
- "I feel unsafe" tells the lead professional and the safeguarding leads of the service (or
  of its area when it has none) at once, in the inbox and by e-mail, marked urgent, and gives
  the lead professional a task due today, so it cannot be lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor, system_actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.access.selectors import area_of, organisation_and_parents, safeguarding_leads_at
from seenheard.accounts.models import Membership, User
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.feedback import errors, rules
from seenheard.feedback.models import (
    TEXT_LIMIT,
    AttemptOutcome,
    Feedback,
    FeedbackAttempt,
    FeedbackCode,
    HowItIsGoing,
)
from seenheard.jobs.models import NotificationPriority
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import protocol_value
from seenheard.tasks.services import task_create

#: How long after opening a code the child may send their answers.
ANSWER_WITHIN = dt.timedelta(hours=2)
UNSAFE_TASK = "feedback-unsafe"


@dataclass(frozen=True)
class IssuedCode:
    code: FeedbackCode
    #: The code as printed for the child: shown once, never stored.
    shown: str


@transaction.atomic
def feedback_code_issue(*, actor: Actor, child_id: int) -> IssuedCode:
    """Give a child a one-time code (R-VOICE-2). Refused, changing nothing, when the actor does
    not give codes or cannot see the child (one answer)."""
    if not policy_for(actor.role).issues_feedback_codes:
        raise errors.FeedbackNotFound
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        raise errors.FeedbackNotFound
    code = rules.code_make(secrets.choice)
    now = clock.now()
    user = User.objects.filter(pk=actor.user_id).only("email").first()
    row = FeedbackCode.objects.create(
        child=child,
        code_hash=rules.code_hash(code),
        service=actor.organisation,
        issued_by_user_id=actor.user_id,
        issued_by_name=actor.name,
        issued_by_email=user.email if user else "",
        issued_at=now,
        expires_at=now
        + dt.timedelta(days=protocol_value("feedback.code_days", area=actor.organisation)),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FeedbackCode",
        object_id=row.pk,
        child_id=child.pk,
        detail={"expires_at": row.expires_at.isoformat()},
    )
    return IssuedCode(code=row, shown=rules.code_shown(code))


def address_hash(address: str) -> str:
    """The client's address as a keyed hash: enough to count its tries, not to find it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _too_many(address: str, now: dt.datetime) -> bool:
    since = now - dt.timedelta(minutes=protocol_value("feedback.attempt_window_minutes"))
    recent = FeedbackAttempt.objects.filter(at__gte=since)
    return rules.tries_exceeded(
        from_address=recent.filter(address_hash=address).count(),
        from_everywhere=recent.count(),
        per_address=protocol_value("feedback.attempts_per_address"),
        overall=protocol_value("feedback.attempts_global"),
    )


def _open(typed: str, address: str, now: dt.datetime) -> tuple[AttemptOutcome, int | None]:
    if _too_many(address, now):
        return AttemptOutcome.LIMITED, None
    code = rules.code_normalised(typed)
    row = (
        FeedbackCode.objects.filter(code_hash=rules.code_hash(code)).first()
        if code is not None
        else None
    )
    if row is None or not rules.code_works(expires_at=row.expires_at, used_at=row.used_at, now=now):
        return AttemptOutcome.REFUSED, None
    # Only one of two people typing the same code at once wins it.
    won = FeedbackCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
    if not won:
        return AttemptOutcome.REFUSED, None
    audit_record(
        actor=system_actor(row.service, channel="web"),
        action=AuditAction.UPDATE,
        object_type="FeedbackCode",
        object_id=row.pk,
        child_id=row.child_id,
        detail={"change": "opened by the child"},
    )
    return AttemptOutcome.ACCEPTED, row.pk


def feedback_code_open(*, typed: str, client_address: str) -> int:
    """The child opens their code (R-VOICE-2): it is spent now, and its id returned for the
    answers page. The try is recorded whatever happens; refused with ``TooManyTries`` beyond the
    limits, or ``CodeNotAccepted`` (the same for unknown, used and expired)."""
    address = address_hash(client_address)
    with transaction.atomic():
        now = clock.now()
        outcome, code_id = _open(typed, address, now)
        FeedbackAttempt.objects.create(address_hash=address, at=now, outcome=outcome)
    if outcome == AttemptOutcome.LIMITED:
        raise errors.TooManyTries
    if code_id is None:
        raise errors.CodeNotAccepted
    return code_id


@dataclass(frozen=True)
class Answers:
    how_it_is_going: str
    what_is_good: str = ""
    what_could_be_better: str = ""
    feels_unsafe: bool = False
    unsafe_words: str = ""


def _checked(answers: Answers) -> Answers:
    if answers.how_it_is_going not in HowItIsGoing.values:
        raise errors.AnswerRefused("Choose how things are going.", field="how_it_is_going")
    for field in ("what_is_good", "what_could_be_better", "unsafe_words"):
        if len(getattr(answers, field).strip()) > TEXT_LIMIT:
            raise errors.AnswerRefused(
                f"Please write less: up to {TEXT_LIMIT} letters.", field=field
            )
    return Answers(
        how_it_is_going=answers.how_it_is_going,
        what_is_good=answers.what_is_good.strip(),
        what_could_be_better=answers.what_could_be_better.strip(),
        feels_unsafe=answers.feels_unsafe,
        unsafe_words=answers.unsafe_words.strip() if answers.feels_unsafe else "",
    )


@transaction.atomic
def feedback_submit(*, code_id: int, answers: Answers) -> Feedback:
    """The child's answers with the code they opened (R-VOICE-2). Refused when the code was not
    opened, already has answers, or was opened too long ago. "I feel unsafe" alerts at once."""
    checked = _checked(answers)
    code = (
        FeedbackCode.objects.select_for_update()
        .select_related("service", "child")
        .filter(pk=code_id, used_at__isnull=False)
        .first()
    )
    now = clock.now()
    if (
        code is None
        or code.used_at is None
        or now - code.used_at > ANSWER_WITHIN
        or Feedback.objects.filter(code=code).exists()
    ):
        raise errors.FeedbackSessionEnded
    feedback = Feedback.objects.create(
        code=code, child=code.child, service=code.service, submitted_at=now, **checked.__dict__
    )
    audit_record(
        actor=system_actor(code.service, channel="web"),
        action=AuditAction.CREATE,
        object_type="Feedback",
        object_id=feedback.pk,
        child_id=code.child_id,
        detail={"how_it_is_going": feedback.how_it_is_going, "feels_unsafe": feedback.feels_unsafe},
    )
    if feedback.feels_unsafe:
        _alert_unsafe(code, feedback)
    return feedback


def _leads_for(code: FeedbackCode) -> list[Membership]:
    """The safeguarding leads of the service and the organisations above it; else its area's."""
    leads = safeguarding_leads_at([o.pk for o in organisation_and_parents(code.service)])
    if not leads:
        area = area_of(code.service)
        leads = safeguarding_leads_at([area.pk]) if area is not None else []
    return leads


def _alert_unsafe(code: FeedbackCode, feedback: Feedback) -> None:
    """R-VOICE-2: "I feel unsafe" reaches the lead professional and the safeguarding leads at
    once, as high priority (shown first and marked urgent in the inbox and the e-mail). The
    messages name no child: the inbox, behind sign-in, links to them."""
    issued = timezone.localtime(code.issued_at).strftime("%-d %B %Y")
    link = f"/feedback/received/{feedback.pk}/"
    notification_send(
        recipient_user_id=code.issued_by_user_id,
        recipient_email=code.issued_by_email,
        topic="feedback-unsafe",
        subject="A child you gave a feedback code to says they feel unsafe",
        body=f"A child you gave a feedback code to on {issued} has just said they feel unsafe. "
        "Open Seen and Heard now to see who, and what they said, and act today.",
        link=link,
        child_id=code.child_id,
        priority=NotificationPriority.HIGH,
    )
    told = {code.issued_by_user_id}
    for lead in _leads_for(code):
        if lead.user_id in told:
            continue
        told.add(lead.user_id)
        notification_send(
            recipient_user_id=lead.user_id,
            recipient_email=lead.user.email,
            topic="feedback-unsafe",
            subject="A child has said they feel unsafe",
            body=f"A child given a feedback code by {code.issued_by_name} ({code.service.name}) "
            f"on {issued} has just said they feel unsafe. {code.issued_by_name} has been told. "
            "Open Seen and Heard now to see who.",
            link=link,
            child_id=code.child_id,
            priority=NotificationPriority.HIGH,
        )
    task_create(
        actor=system_actor(code.service),
        child_id=code.child_id,
        kind=UNSAFE_TASK,
        owner_org_id=code.service.pk,
        owner_user_id=code.issued_by_user_id,
        title="A child said they feel unsafe in their feedback: act today",
        detail=feedback.unsafe_words,
        due_on=clock.today(),
        notify=False,
    )
