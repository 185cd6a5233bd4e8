"""Referrals and their decisions in the child's multi-agency chronology (issue 9 item 10).

Anyone who sees the child sees that a referral was made, to whom, by whom, and what was decided
(the loop back is part of the child's story); the referral itself, its free text and the
reasons, open only for those who may read it (its author, the team it went to, its auditor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from seenheard.access.actor import Actor
from seenheard.children.models import Child
from seenheard.chronology.registry import ChronologyEvent, agency_name
from seenheard.referrals.models import Referral, ReferralService, ReferralStatus
from seenheard.referrals.presenters import decision_headline
from seenheard.referrals.selectors import _readable


def referral_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> Sequence[ChronologyEvent]:  # R-REF-1, R-REF-3
    # scope-exempt: the chronology's selector found the child and allows the actor to see them
    rows = Referral.objects.filter(child_id=child.pk).exclude(status=ReferralStatus.DRAFT)
    if before is not None:
        rows = rows.filter(sent_at__lte=before)
    found = list(
        rows.select_related("receiving_org", "referrer_org__parent", "decision").order_by(
            "-sent_at", "-pk"
        )[:limit]
    )
    readable = set(
        _readable(actor).filter(pk__in=[r.pk for r in found]).values_list("pk", flat=True)
    )
    events = []
    for referral in found:
        assert referral.sent_at is not None
        service = ReferralService(referral.service).label if referral.service else "a service"
        decision = getattr(referral, "decision", None)
        events.append(
            ChronologyEvent(
                at=referral.sent_at,
                key=f"referral:{referral.pk}",
                kind="Referral",
                title=f"Referral to {service}"
                + (f" ({referral.receiving_org.name})" if referral.receiving_org else ""),
                agency=agency_name(referral.referrer_org),
                detail=f"Sent by {referral.referrer_name}, {referral.referrer_role}. "
                + (
                    f"Decision: {decision_headline(decision)}."
                    if decision
                    else "Awaiting a decision."
                ),
                href=f"/referrals/{referral.pk}/" if referral.pk in readable else "",
            )
        )
    return events
