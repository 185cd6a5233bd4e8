"""A referral not decided in time becomes a task for the receiving team's manager (R-REF-3).

Sending a referral queues a job for the moment its decision falls due
(``referrals.services.DECISION_DUE_JOB``); the worker runs ``referral_escalate`` then. A
referral decided by then is left alone; one still waiting becomes a task (kind
``referral-decision-overdue``) for the receiving organisation's safeguarding lead, who manages
the team's decisions, and their inbox is told.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Role
from seenheard.core import clock
from seenheard.jobs.services import job_handler
from seenheard.referrals.models import Referral, ReferralService
from seenheard.referrals.rules import decision_overdue
from seenheard.tasks.kinds import ClosedOnItsPage, task_kind_register
from seenheard.tasks.models import Task
from seenheard.tasks.services import task_create

ESCALATION_KIND = "referral-decision-overdue"
#: Who manages a receiving team's decisions: the organisation's safeguarding lead (a council's
#: children's services manager holds the role here as a named safeguarding professional).
MANAGER_ROLE = Role.SAFEGUARDING_LEAD


def register_task_kind() -> None:
    from seenheard.referrals.selectors import referral_decide_href

    task_kind_register(
        key=ESCALATION_KIND,
        label="Referral not decided in time",
        requirement="R-REF-3",
        # Done when the referral is decided, and only then (ADR 030).
        closed_on=ClosedOnItsPage(
            decision="the referral's decision",
            page="the referral's decision page",
            href=referral_decide_href,
        ),
    )


@transaction.atomic
def referral_escalate(*, referral_id: int) -> Task | None:  # R-REF-3
    """Make the overdue task when the referral is still undecided at its due time (once);
    None when there is nothing to do."""
    # scope-exempt: the worker acts for the system on the referral it was queued for
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("receiving_org", "referrer_org")
        .filter(pk=referral_id)
        .first()
    )
    now = clock.now()
    if (
        referral is None
        or referral.receiving_org is None
        or not decision_overdue(
            due_at=referral.decision_due_at,
            decided=hasattr(referral, "decision"),
            escalated=referral.escalated_at is not None,
            now=now,
        )
    ):
        return None
    sent = timezone.localtime(referral.sent_at) if referral.sent_at else now
    service = ReferralService(referral.service).label if referral.service else "A service"
    task = task_create(
        actor=system_actor(referral.receiving_org),
        child_id=referral.child_id,
        kind=ESCALATION_KIND,
        owner_org_id=referral.receiving_org.pk,
        owner_role=MANAGER_ROLE,
        title="A referral is waiting for a decision past its time",
        detail=f"A referral to {service.lower()} from {referral.referrer_name} "
        f"({referral.referrer_org.name}), sent on {sent:%-d %B %Y at %H:%M}, had no decision "
        f"by {timezone.localtime(referral.decision_due_at):%-d %B %Y at %H:%M}. "
        f"Open it at /referrals/{referral.pk}/ and make sure it is decided today.",
        due_on=timezone.localdate(now),
        owning_kind=ESCALATION_KIND,
    )
    referral.escalated_at = now
    referral.escalation_task_id = task.pk
    referral.save(update_fields=["escalated_at", "escalation_task_id"])
    return task


@job_handler("referral.decision_due")
def _decision_due(payload: dict[str, Any]) -> None:
    referral_escalate(referral_id=int(payload["referral_id"]))
