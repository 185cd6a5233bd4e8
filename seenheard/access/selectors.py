"""Reads for emergency (break-glass) access: who reviews it, and what each reviewer is shown
(R-FLAG-10, ADR 020). The choice between reviewers is the rule
``access.rules.break_glass_review_route``; this module finds the candidates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant, BreakGlassReviewRoute
from seenheard.access.roles import policy_for
from seenheard.access.rules import ReviewRoute, break_glass_review_route
from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.core import clock

#: The routes whose grants the system's safeguarding oversight reviews.
OVERSIGHT_ROUTES = (BreakGlassReviewRoute.SYSTEM, BreakGlassReviewRoute.NONE)


def break_glass_active_grant(*, actor: Actor, child_id: int) -> BreakGlassGrant | None:
    """The actor's own unexpired emergency access to this child, if that is how they see it."""
    return (
        BreakGlassGrant.objects.filter(
            user_id=actor.user_id, child_id=child_id, expires_at__gt=clock.now()
        )
        .order_by("-expires_at")
        .first()
    )


def _active_memberships(role: Role) -> QuerySet[Membership]:
    return Membership.objects.select_related("user", "organisation").filter(
        role=role, active=True, user__is_active=True, organisation__active=True
    )


def safeguarding_leads_at(org_ids: list[int]) -> list[Membership]:
    """The active safeguarding leads' memberships at these organisations."""
    return list(_active_memberships(Role.SAFEGUARDING_LEAD).filter(organisation_id__in=org_ids))


def referral_receivers_at(org: Organisation) -> list[Membership]:
    """Who is told that a referral has arrived for ``org`` (R-REF-3): its active staff whose
    role receives referrals (``receives_referrals``); when it has none, its staff who may
    decide on it (who see children's records there), so an arrival always reaches someone
    at the organisation it was sent to when it has anyone at all."""
    here = list(
        Membership.objects.select_related("user", "organisation")
        .filter(organisation=org, active=True, user__is_active=True, organisation__active=True)
        .order_by("user__last_name", "user_id")
    )
    receivers = [m for m in here if policy_for(m.role).receives_referrals]
    return receivers or [m for m in here if policy_for(m.role).sees_child_data]


def organisation_and_parents(org: Organisation) -> list[Organisation]:
    """The organisation, then the one it is part of, and so on up."""
    chain: list[Organisation] = []
    seen: set[int] = set()
    current: Organisation | None = org
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


def area_of(org: Organisation) -> Organisation | None:
    """The commissioning area the organisation is in: its own, else the nearest parent's."""
    for each in organisation_and_parents(org):
        if each.area_id is not None:
            return each.area
    return None


def break_glass_reviewers_for(
    org: Organisation, *, user_id: int | None = None
) -> ReviewRoute[Membership]:
    """Who reviews emergency access used at this organisation (by the user ``user_id``), and by
    which route. Nobody reviews their own: a safeguarding lead's access goes to another lead,
    else to the next route, as if they were not there (R-FLAG-10, ADR 020)."""
    chain = organisation_and_parents(org)
    leads = _not_by(safeguarding_leads_at([o.pk for o in chain]), user_id)
    # The nearest lead first: a setting's own lead before its trust's.
    depth = {o.pk: i for i, o in enumerate(chain)}
    leads.sort(key=lambda m: (depth[m.organisation_id], m.user_id))
    area = area_of(org) if not leads else None
    designated = _not_by(safeguarding_leads_at([area.pk]), user_id) if area is not None else []
    oversight = (
        _not_by(list(_active_memberships(Role.SAFEGUARDING_OVERSIGHT).order_by("user_id")), user_id)
        if not (leads or designated)
        else []
    )
    return break_glass_review_route(
        organisation_leads=leads, area_designated=designated, system_oversight=oversight
    )


def _not_by(memberships: list[Membership], user_id: int | None) -> list[Membership]:
    return [m for m in memberships if m.user_id != user_id]


def reviewer_names(route: ReviewRoute[Membership]) -> str:
    """The reviewers as a reader would name them: "Sam Gordon and Ola Bisi"."""
    names = list(dict.fromkeys(m.user.get_full_name() or m.user.username for m in route.reviewers))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _codes(org_ids: frozenset[int]) -> list[str]:
    return list(Organisation.objects.filter(pk__in=org_ids).values_list("code", flat=True))


def break_glass_grants_for_review(
    actor: Actor, *, since: dt.datetime | None = None
) -> QuerySet[BreakGlassGrant]:
    """The grants this actor reviews (given since ``since``, if given); none for a role that
    reviews none.

    A safeguarding lead reviews those used in their organisation and those inside it, and
    those routed to it (an integrated care board's designated professional, the grants of the
    practices in its area without a lead). The system's oversight reviews those routed to it
    and those for which nobody could be named. Never the actor's own."""
    policy = policy_for(actor.role)
    # Nobody reviews their own emergency access (ADR 020).
    grants = BreakGlassGrant.objects.exclude(user_id=actor.user_id)
    if since is not None:
        grants = grants.filter(granted_at__gte=since)
    if policy.oversees_emergency_access:
        return grants.filter(review_route__in=OVERSIGHT_ROUTES)
    if policy.reviews_emergency_access:
        codes = _codes(actor.scope_org_ids)
        return grants.filter(Q(org_code__in=codes) | Q(reviewer_org_code__in=codes))
    return grants.none()


def break_glass_review_page(route: str) -> str:
    """Where the reviewers on this route find the grant."""
    if route in OVERSIGHT_ROUTES:
        return "/emergency-access/oversight/"
    return "/emergency-access/"


def break_glass_reviews_anything(actor: Actor) -> bool:
    policy = policy_for(actor.role)
    return policy.reviews_emergency_access or policy.oversees_emergency_access


def organisation_names(codes: set[str]) -> dict[str, str]:
    return dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
