"""Reading children's feedback (R-VOICE-2): a child's feedback for their lead professional and
the service's safeguarding leads (audited); the figures by service for leaders (no child)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.audit.services import audit_view
from seenheard.core import clock
from seenheard.feedback import rules
from seenheard.feedback.models import Feedback, HowItIsGoing


def _leads_here(actor: Actor, feedback: Feedback) -> bool:
    """A safeguarding lead of the service or an organisation above it."""
    policy = policy_for(actor.role)
    return (
        policy.sees_safeguarding_figures
        and policy.sees_child_data
        and feedback.service_id in actor.scope_org_ids
    )


@transaction.atomic
def feedback_received_get(*, actor: Actor, feedback_id: int) -> Feedback | None:
    """A child's feedback, for the professional who gave the code or a safeguarding lead of the
    service, while they may see the child; None for anyone else. Audited."""
    feedback = (
        Feedback.objects.select_related("child", "service", "code")
        .filter(pk=feedback_id, child__in=children_visible_to(actor))
        .first()
    )
    if feedback is None:
        return None
    if feedback.code.issued_by_user_id != actor.user_id and not _leads_here(actor, feedback):
        return None
    audit_view(
        actor=actor, object_type="Feedback", object_id=feedback.pk, child_id=feedback.child_id
    )
    return feedback


@dataclass(frozen=True)
class ServiceMonth:
    """R-VOICE-2: one service's feedback in one month, counted, naming no child."""

    service: str
    month: dt.date
    given: int
    good: int
    ok: int
    not_good: int
    unsafe: int

    @property
    def good_percent(self) -> int | None:
        return rules.share_percent(self.good, self.given)


def feedback_by_service(*, actor: Actor, months: int = 12) -> list[ServiceMonth]:
    """Feedback by service and month for the last ``months`` months, for leaders: the services
    in their scope or their area. Figures only, so nothing is audited."""
    if not policy_for(actor.role).sees_safeguarding_figures:
        return []
    scope = actor.scope_org_ids
    start = (clock.today().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Feedback.objects.filter(  # scope-exempt: figures by service, no child is read or shown
            Q(service_id__in=scope)
            | Q(service__area_id__in=scope)
            | Q(service__parent__area_id__in=scope)
        )
        .filter(submitted_at__date__gte=start)
        .select_related("service")
        .only("service__name", "submitted_at", "how_it_is_going", "feels_unsafe")
    )
    counts: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    index = {HowItIsGoing.GOOD: 1, HowItIsGoing.OK: 2, HowItIsGoing.NOT_GOOD: 3}
    for f in rows:
        cell = counts[(f.service.name, timezone.localdate(f.submitted_at).replace(day=1))]
        cell[0] += 1
        cell[index[HowItIsGoing(f.how_it_is_going)]] += 1
        cell[4] += int(f.feels_unsafe)
    return [
        ServiceMonth(service=s, month=m, given=c[0], good=c[1], ok=c[2], not_good=c[3], unsafe=c[4])
        for (s, m), c in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
