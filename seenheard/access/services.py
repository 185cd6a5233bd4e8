"""Emergency (break-glass) access (R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant
from seenheard.access.roles import policy_for
from seenheard.access.rules import break_glass_reason_problem
from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change, audit_record
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.jobs.services import notification_send

BREAK_GLASS_HOURS = 4


class BreakGlassRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def safeguarding_leads_for(actor: Actor) -> list[Membership]:
    """The safeguarding leads of the actor's organisation and the organisations above it."""
    org_ids = []
    org: Organisation | None = actor.organisation
    while org is not None:
        org_ids.append(org.pk)
        org = org.parent
    return safeguarding_leads_at(org_ids)


def safeguarding_leads_at(org_ids: list[int]) -> list[Membership]:
    """The active safeguarding leads' memberships at these organisations."""
    return list(
        Membership.objects.select_related("user", "organisation").filter(
            organisation_id__in=org_ids,
            role=Role.SAFEGUARDING_LEAD,
            active=True,
            user__is_active=True,
        )
    )


def break_glass_grant(
    *, actor: Actor, nhs_number: str, reason: str, hours: int = BREAK_GLASS_HOURS
) -> BreakGlassGrant:
    """Emergency access to one child's record for a few hours, with a stated reason, reported
    to the safeguarding leads (R-FLAG-10). An attempt for an NHS number nobody has is refused
    and recorded, so emergency access cannot be used to test numbers without trace."""
    try:
        return _break_glass_grant(actor=actor, nhs_number=nhs_number, reason=reason, hours=hours)
    except _NoSuchChild as missing:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=AuditAction.BREAK_GLASS,
                object_type="Child",
                detail={
                    "nhs_number": missing.nhs_number,
                    "reason": reason.strip(),
                    "granted": False,
                },
            )
        raise BreakGlassRefused(
            "nhs_number", "No child with that NHS number is known. This attempt is recorded."
        ) from None


class _NoSuchChild(Exception):
    def __init__(self, nhs_number: str) -> None:
        super().__init__(nhs_number)
        self.nhs_number = nhs_number


@transaction.atomic
def _break_glass_grant(
    *, actor: Actor, nhs_number: str, reason: str, hours: int
) -> BreakGlassGrant:
    if not policy_for(actor.role).may_break_glass:
        raise BreakGlassRefused("nhs_number", "Your role cannot use emergency access.")
    problem = break_glass_reason_problem(reason)
    if problem:
        raise BreakGlassRefused("reason", problem)
    try:
        digits = normalise_nhs_number(nhs_number)
    except InvalidNhsNumber as exc:
        raise BreakGlassRefused("nhs_number", str(exc)) from None
    # Deliberately not through children_visible_to: finding a child outside one's
    # relationships is what break-glass is for; it is audited and reported below.
    child = Child.objects.filter(nhs_number=digits).only("pk").first()  # scope-exempt:
    if child is None:
        raise _NoSuchChild(digits)
    now = clock.now()
    grant = BreakGlassGrant.objects.create(
        user_id=actor.user_id,
        username=actor.username,
        org_code=actor.organisation.code,
        child_id=child.pk,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        object_type="Child",
        object_id=child.pk,
        child_id=child.pk,
        detail={"reason": grant.reason, "expires_at": grant.expires_at.isoformat()},
    )
    for lead in safeguarding_leads_for(actor):
        notification_send(
            recipient_user_id=lead.user_id,
            recipient_email=lead.user.email,
            recipient_org_code=lead.organisation.code,
            topic="break-glass",
            subject="Emergency access to a child's record needs your review",
            body=(
                f"{actor.name} ({actor.role.label}, {actor.organisation.name}) used emergency "
                f"access to a child's record at {now:%H:%M on %d %B %Y}. "
                "Their stated reason is in Seen and Heard."
            ),
            link="/emergency-access/",
            child_id=child.pk,
        )
    return grant


def break_glass_reviewable_org_codes(actor: Actor) -> list[str]:
    """R-FLAG-10: a safeguarding lead reviews emergency access by anyone in their organisation
    (a trust's lead sees every setting inside the trust). Other roles review nothing."""
    if actor.role != Role.SAFEGUARDING_LEAD:
        return []
    return list(
        Organisation.objects.filter(pk__in=actor.scope_org_ids).values_list("code", flat=True)
    )


@transaction.atomic
def break_glass_review(*, actor: Actor, grant_id: int) -> BreakGlassGrant | None:
    """Mark one emergency access as reviewed by the safeguarding lead (R-FLAG-10).

    None when the grant does not exist or is outside the lead's organisation (the same answer).
    Reviewing twice keeps the first reviewer and time.
    """
    codes = break_glass_reviewable_org_codes(actor)
    grant = (
        BreakGlassGrant.objects.select_for_update().filter(pk=grant_id, org_code__in=codes).first()
    )
    if grant is None:
        return None
    if grant.reviewed_at is None:
        grant.reviewed_at = clock.now()
        grant.reviewed_by = actor.username
        grant.save(update_fields=["reviewed_at", "reviewed_by"])
        audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="BreakGlassGrant",
            object_id=grant.pk,
            child_id=grant.child_id,
            detail={"reviewed": True, "grant_user": grant.username},
        )
    return grant
