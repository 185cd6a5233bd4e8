"""The quality audit of referrals (R-REF-2): each month a sample of every referring service's
referrals is allocated to a named auditor and scored against the headings of R-REF-1 (met,
partly met, not met, with a comment); the results are shown by service and month, and each
referrer sees the feedback on their own referrals.

Who runs it: the named or designated safeguarding professionals (the role that reviews
emergency access), for the services inside their organisation or commissioning area. The
auditor is a member of staff there who sees children's records; they read the referrals they
are given to audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Membership, Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import AuditItem, audit_change, audit_record_many
from seenheard.core import clock
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import protocol_value
from seenheard.referrals.errors import AuditIncomplete, ReferralNotFound
from seenheard.referrals.models import (
    AuditHeading,
    Referral,
    ReferralQualityAudit,
    ReferralStatus,
)
from seenheard.referrals.rules import (
    audit_sample,
    audit_score_problems,
    month_after,
    month_start,
    quality_percent,
)

AUDIT = "ReferralQualityAudit"


def may_run_quality_audit(actor: Actor) -> bool:
    return policy_for(actor.role).reviews_emergency_access


def _services_in(actor: Actor) -> list[int]:
    """The referring services the actor runs the audit for: their organisations, those in
    their area, and the settings of those (a short list of ids, read first so the month's
    referrals are then found on (service, sent) whatever the size of the table)."""
    scope = actor.scope_org_ids
    return list(
        Organisation.objects.filter(
            Q(pk__in=scope) | Q(area_id__in=scope) | Q(parent__area_id__in=scope)
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def auditors_for(actor: Actor) -> list[Membership]:
    """Who may be given referrals to audit: staff who see children's records in the
    organisations the actor runs the audit for (their own and those inside it)."""
    members = (
        Membership.objects.filter(
            active=True, user__is_active=True, organisation_id__in=actor.scope_org_ids
        )
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [m for m in members if policy_for(m.role).sees_child_data]


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _sent_in(actor: Actor, month: dt.date) -> QuerySet[Referral]:
    """The referrals the services sent in the month (local time), as a range of ``sent_at``
    so that the index on (service, sent) answers it (bench/issue9.py)."""
    return Referral.objects.filter(
        referrer_org_id__in=_services_in(actor),
        status__in=[ReferralStatus.SENT, ReferralStatus.DECIDED],
        sent_at__gte=_local_midnight(month),
        sent_at__lt=_local_midnight(month_after(month)),
    )


@transaction.atomic
def referral_audit_allocate(
    *, actor: Actor, month: dt.date, auditor_membership_id: int
) -> list[ReferralQualityAudit]:  # R-REF-2
    """Draw the month's sample of each referring service's referrals (the protocol's
    ``referral.audit_sample_size`` per service) and give them to the auditor. A service already
    sampled that month keeps its sample. Refused (``ReferralNotFound``) for someone who does
    not run the audit or an auditor they may not choose."""
    auditor = next((m for m in auditors_for(actor) if m.pk == auditor_membership_id), None)
    if not may_run_quality_audit(actor) or auditor is None:
        raise ReferralNotFound()
    month = month_start(month)
    taken = set(
        ReferralQualityAudit.objects.filter(month=month).values_list("service_id", flat=True)
    )
    by_service: dict[int, list[int]] = {}
    for referral_id, service_id in _sent_in(actor, month).values_list("pk", "referrer_org_id"):
        if service_id not in taken:
            by_service.setdefault(service_id, []).append(referral_id)
    size = protocol_value("referral.audit_sample_size", area=actor.organisation)
    now = clock.now()
    made = []
    for service_id, ids in sorted(by_service.items()):
        for referral_id in audit_sample(ids, size=size, seed=f"{service_id}:{month:%Y-%m}"):
            made.append(
                ReferralQualityAudit.objects.create(
                    referral_id=referral_id,
                    service_id=service_id,
                    month=month,
                    auditor=auditor.user,
                    auditor_name=auditor.user.get_full_name() or auditor.user.username,
                    auditor_role=auditor.get_role_display(),
                    allocated_by_name=actor.name,
                    allocated_at=now,
                )
            )
    children = dict(
        Referral.objects.filter(pk__in=[a.referral_id for a in made]).values_list("pk", "child_id")
    )
    for audit in made:
        audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=AUDIT,
            object_id=audit.pk,
            child_id=children[audit.referral_id],
            detail={"month": f"{month:%Y-%m}", "auditor": auditor.user_id},
        )
    if made:
        notification_send(
            recipient_user_id=auditor.user_id,
            recipient_email=auditor.user.email,
            topic="referral-audit-allocated",
            subject="Referrals to audit",
            body=f"{actor.name} has given you {len(made)} referrals from {month:%B %Y} to "
            "audit for quality.",
            link="/referrals/audit/",
        )
    return made


def audit_for_auditor(*, actor: Actor, audit_id: int) -> ReferralQualityAudit | None:
    return (
        ReferralQualityAudit.objects.filter(pk=audit_id, auditor_id=actor.user_id)
        .select_related("referral", "referral__child", "referral__voice", "service")
        .first()
        if actor.user_id
        else None
    )


@transaction.atomic
def referral_audit_score(
    *,
    actor: Actor,
    audit_id: int,
    scores: dict[str, str],
    comments: dict[str, str],
    summary: str = "",
) -> ReferralQualityAudit:  # R-REF-2
    """Score a referral the actor was given to audit, once; the referrer is told there is
    feedback (their inbox). Refused: ``ReferralNotFound`` (not theirs, or scored already),
    ``AuditIncomplete`` (every problem against its field)."""
    audit = (
        ReferralQualityAudit.objects.select_for_update(of=("self",))
        .select_related("referral")
        .filter(pk=audit_id, auditor_id=actor.user_id, scored_at__isnull=True)
        .first()
    )
    if audit is None or not actor.user_id:
        raise ReferralNotFound()
    headings = list(AuditHeading.values)
    problems = audit_score_problems(scores, comments, summary, headings=headings)
    if problems:
        raise AuditIncomplete(problems)
    audit.scores = {h: scores[h] for h in headings}
    audit.comments = {
        h: comments.get(h, "").strip() for h in headings if comments.get(h, "").strip()
    }
    audit.summary = summary.strip()
    audit.scored_at = clock.now()
    audit.save(update_fields=["scores", "comments", "summary", "scored_at"])
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=AUDIT,
        object_id=audit.pk,
        child_id=audit.referral.child_id,
        detail={"scores": audit.scores},
    )
    notification_send(
        recipient_user_id=audit.referral.referrer_id,
        recipient_email="",
        topic="referral-audit-feedback",
        subject="Feedback on a referral you made",
        body="A referral you made has been audited for quality. Open it to read the feedback.",
        link=f"/referrals/{audit.referral_id}/",
        child_id=audit.referral.child_id,
    )
    return audit


@dataclass(frozen=True)
class QualityResult:
    service: str
    month: dt.date
    allocated: int
    scored: int
    percent: int | None


def quality_by_service_month(*, actor: Actor) -> list[QualityResult]:  # R-REF-2
    """For each referring service and month the actor runs the audit for: how many referrals
    were sampled, how many scored, and their quality as a percentage. Figures only."""
    rows = (
        ReferralQualityAudit.objects.filter(
            Q(service_id__in=actor.scope_org_ids)
            | Q(service__area_id__in=actor.scope_org_ids)
            | Q(service__parent__area_id__in=actor.scope_org_ids)
        )
        .values_list("service__name", "month", "scores", "scored_at")
        .order_by("service__name", "month")
    )
    grouped: dict[tuple[str, dt.date], list[tuple[dict[str, str], bool]]] = {}
    for name, month, scores, scored_at in rows:
        grouped.setdefault((name, month), []).append((scores or {}, scored_at is not None))
    return [
        QualityResult(
            service=name,
            month=month,
            allocated=len(items),
            scored=sum(1 for _, done in items if done),
            percent=quality_percent([s for s, done in items if done]),
        )
        for (name, month), items in grouped.items()
    ]


@transaction.atomic
def audits_allocated_to(*, actor: Actor) -> list[ReferralQualityAudit]:
    """The referrals the actor has been given to audit, those still to score first; each
    child shown is audited as seen."""
    if not actor.user_id:
        return []
    found = list(
        ReferralQualityAudit.objects.filter(auditor_id=actor.user_id)
        .select_related("referral", "referral__child", "service")
        .order_by(F("scored_at").asc(nulls_first=True), "month", "pk")[:200]
    )
    items: list[AuditItem] = [
        (AuditAction.VIEW, AUDIT, a.pk, a.referral.child_id, {"purpose": "audit-list"})
        for a in found
    ]
    if items:
        audit_record_many(actor=actor, items=items)
    return found
