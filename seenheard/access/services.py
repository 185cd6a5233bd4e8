"""Emergency (break-glass) access (R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.errors import (
    EmergencyAccessNotForRole,
    EmergencyChildUnknown,
    EmergencyNhsNumberInvalid,
    EmergencyReasonProblem,
)
from seenheard.access.models import BreakGlassGrant, BreakGlassReviewRoute
from seenheard.access.roles import policy_for
from seenheard.access.rules import ReviewRoute, break_glass_reason_problem
from seenheard.access.selectors import (
    break_glass_grants_for_review,
    break_glass_review_page,
    break_glass_reviewers_for,
    reviewer_names,
)
from seenheard.access.selectors import (
    safeguarding_leads_at as safeguarding_leads_at,  # used by encounters.services
)
from seenheard.accounts.models import Membership
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change, audit_record
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.jobs.services import notification_send

BREAK_GLASS_HOURS = 4


def break_glass_grant(
    *, actor: Actor, nhs_number: str, reason: str, hours: int = BREAK_GLASS_HOURS
) -> BreakGlassGrant:
    """Emergency access to one child's record for a few hours, with a stated reason, reported
    to a named reviewer (R-FLAG-10, ADR 020: ``access.rules.break_glass_review_route``). An
    attempt for an NHS number nobody has is refused and recorded, so emergency access cannot be
    used to test numbers without trace."""
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
        raise EmergencyChildUnknown from None


class _NoSuchChild(Exception):
    def __init__(self, nhs_number: str) -> None:
        super().__init__(nhs_number)
        self.nhs_number = nhs_number


@transaction.atomic
def _break_glass_grant(
    *, actor: Actor, nhs_number: str, reason: str, hours: int
) -> BreakGlassGrant:
    if not policy_for(actor.role).may_break_glass:
        raise EmergencyAccessNotForRole
    problem = break_glass_reason_problem(reason)
    if problem:
        raise EmergencyReasonProblem(problem)
    try:
        digits = normalise_nhs_number(nhs_number)
    except InvalidNhsNumber as exc:
        raise EmergencyNhsNumberInvalid(str(exc)) from None
    # Deliberately not through children_visible_to: finding a child outside one's
    # relationships is what break-glass is for; it is audited and reported below.
    child = Child.objects.filter(nhs_number=digits).only("pk").first()  # scope-exempt:
    if child is None:
        raise _NoSuchChild(digits)
    now = clock.now()
    route = break_glass_reviewers_for(actor.organisation, user_id=actor.user_id)
    grant = BreakGlassGrant.objects.create(
        user_id=actor.user_id,
        username=actor.username,
        user_name=actor.name,
        user_role=actor.role,
        org_code=actor.organisation.code,
        child_id=child.pk,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
        review_route=route.route,
        reviewer_org_code=_reviewer_org_code(route),
        reviewer_names=reviewer_names(route)[:500],
    )
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        object_type="Child",
        object_id=child.pk,
        child_id=child.pk,
        detail={
            "reason": grant.reason,
            "expires_at": grant.expires_at.isoformat(),
            "review_route": grant.review_route,
            "reviewers": [m.user_id for m in route.reviewers],
        },
    )
    _reviewers_tell(actor, route, child_id=child.pk, at=now)
    return grant


def _reviewers_tell(
    actor: Actor, route: ReviewRoute[Membership], *, child_id: int, at: dt.datetime
) -> None:
    """A message to each named reviewer (R-FLAG-10): who used emergency access, when, and why
    the message came to them; the reason itself only in Seen and Heard."""
    why_you = _why_you(route, by_a_reviewer=policy_for(actor.role).reviews_emergency_access)
    for reviewer in route.reviewers:
        notification_send(
            recipient_user_id=reviewer.user_id,
            recipient_email=reviewer.user.email,
            recipient_org_code=reviewer.organisation.code,
            topic="break-glass",
            subject="Emergency access to a child's record needs your review",
            body=(
                f"{actor.name} ({actor.role.label}, {actor.organisation.name}) used emergency "
                f"access to a child's record at {timezone.localtime(at):%H:%M on %d %B %Y}. "
                f"{why_you} Their stated reason is in Seen and Heard."
            ),
            link=break_glass_review_page(route.route),
            child_id=child_id,
        )


def _reviewer_org_code(route: ReviewRoute[Membership]) -> str:
    if route.route in (BreakGlassReviewRoute.ORGANISATION, BreakGlassReviewRoute.AREA):
        return route.reviewers[0].organisation.code
    return ""


def _why_you(route: ReviewRoute[Membership], *, by_a_reviewer: bool) -> str:
    # A safeguarding lead's own access has gone past them: nobody reviews their own.
    other = "other " if by_a_reviewer else ""
    if route.route == BreakGlassReviewRoute.AREA:
        return (
            f"Their organisation has no {other}safeguarding lead, so you are asked to review it "
            "as the area's designated professional."
        )
    if route.route == BreakGlassReviewRoute.SYSTEM:
        return (
            "Neither their organisation nor its area has "
            f"{'another' if by_a_reviewer else 'a'} safeguarding professional, so you "
            "are asked to review it."
        )
    return "You are asked to review it."


@transaction.atomic
def break_glass_review(*, actor: Actor, grant_id: int) -> BreakGlassGrant | None:
    """Mark one emergency access as reviewed by one of its reviewers (R-FLAG-10, ADR 020).

    None when the grant does not exist or is not the actor's to review (the same answer).
    Reviewing twice keeps the first reviewer and time.
    """
    grant = break_glass_grants_for_review(actor).select_for_update().filter(pk=grant_id).first()
    if grant is None:
        return None
    if grant.reviewed_at is None:
        grant.reviewed_at = clock.now()
        grant.reviewed_by = actor.username
        grant.reviewed_by_name = actor.name
        grant.save(update_fields=["reviewed_at", "reviewed_by", "reviewed_by_name"])
        audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="BreakGlassGrant",
            object_id=grant.pk,
            child_id=grant.child_id,
            detail={"reviewed": True, "grant_user": grant.username},
        )
    return grant
