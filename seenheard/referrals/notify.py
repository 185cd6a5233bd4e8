"""Telling people about referrals (R-REF-3): the receiving team when one arrives, the referrer
when it is decided. A message in each person's inbox, and its e-mail queued for the worker
(``jobs.services.notification_send``); the receiving organisation's shared address (its MASH or
duty inbox) gets the arrival by e-mail too. None of them names the child: the referral, behind
sign-in, has that. An urgent referral (``rules.referral_urgent``) arrives as high priority:
shown first and marked urgent in the inbox and the e-mail.
"""

from __future__ import annotations

from django.utils import timezone

from seenheard.access.selectors import referral_receivers_at
from seenheard.jobs.models import NotificationPriority
from seenheard.jobs.services import notification_send
from seenheard.referrals.models import (
    DecisionOutcome,
    Referral,
    ReferralDecision,
    ReferralService,
    RiskLikelihood,
    RiskSeverity,
)
from seenheard.referrals.rules import referral_urgent

ARRIVED_TOPIC = "referral-arrived"
DECIDED_TOPIC = "referral-decided"


def _service(referral: Referral) -> str:
    return ReferralService(referral.service).label if referral.service else "The service"


def arrival_message(referral: Referral) -> tuple[str, str, bool]:
    """The arrival's subject and body (no child named), and whether it is urgent."""
    urgent = referral_urgent(likelihood=referral.risk_likelihood, severity=referral.risk_severity)
    receiving = referral.receiving_org
    assert receiving is not None and referral.decision_due_at is not None
    severity = RiskSeverity(referral.risk_severity).label.split(":")[0].lower()
    likelihood = RiskLikelihood(referral.risk_likelihood).label.lower()
    due = timezone.localtime(referral.decision_due_at)
    subject = (
        "An urgent referral has arrived for your team"
        if urgent
        else "A referral has arrived for your team"
    )
    body = (
        f"{referral.referrer_name}, {referral.referrer_role} at {referral.referrer_org.name}, "
        f"has sent {receiving.name} a referral ({_service(referral).lower()}). In the "
        f"referrer's view the harm to the child is {severity}, and {likelihood}. A decision is "
        f"due by {due:%-d %B %Y at %H:%M}. Open the referral to read it and record the decision."
    )
    return subject, body, urgent


def tell_receiving_team(referral: Referral) -> int:  # R-REF-3
    """Tell the receiving team a referral has arrived: each person who receives referrals there
    (inbox and e-mail), and the organisation's shared address (e-mail). Returns how many
    people were told in their inbox."""
    receiving = referral.receiving_org
    assert receiving is not None
    subject, body, urgent = arrival_message(referral)
    priority = NotificationPriority.HIGH if urgent else NotificationPriority.NORMAL
    link = f"/referrals/{referral.pk}/"
    told: set[int] = set()
    for member in referral_receivers_at(receiving):
        if member.user_id in told or member.user_id == referral.referrer_id:
            continue
        told.add(member.user_id)
        notification_send(
            recipient_user_id=member.user_id,
            recipient_email=member.user.email,
            recipient_org_code=receiving.code,
            topic=ARRIVED_TOPIC,
            subject=subject,
            body=body,
            link=link,
            child_id=referral.child_id,
            priority=priority,
        )
    if receiving.email:
        notification_send(
            recipient_user_id=None,
            recipient_email=receiving.email,
            recipient_org_code=receiving.code,
            topic=ARRIVED_TOPIC,
            subject=subject,
            body=body,
            link=link,
            priority=priority,
        )
    return len(told)


def decision_text(decision: ReferralDecision) -> str:
    outcome = DecisionOutcome(decision.outcome).label
    if decision.outcome == DecisionOutcome.REDIRECTED:
        return f"{outcome}: {decision.redirected_to}"
    return outcome


def tell_referrer(referral: Referral, decision: ReferralDecision) -> None:  # R-REF-3
    """Tell the referrer the decision (the e-mail: service, team and outcome, never the child)."""
    assert referral.receiving_org is not None
    sent = timezone.localtime(referral.sent_at) if referral.sent_at else None
    notification_send(
        recipient_user_id=referral.referrer_id,
        recipient_email=referral.referrer_email,
        topic=DECIDED_TOPIC,
        subject="A referral you made has a decision",
        body=f"{referral.receiving_org.name} ({_service(referral)}) has decided on the referral "
        f"you sent{f' on {sent:%-d %B %Y}' if sent else ''}: {decision_text(decision)}. "
        "Open the referral to read their reasons.",
        link=f"/referrals/{referral.pk}/",
        child_id=referral.child_id,
    )
