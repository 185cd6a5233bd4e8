"""Emergency (break-glass) access: asking for it, and its review (R-FLAG-10, ADR 020)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from seenheard.access import errors
from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant, BreakGlassReviewRoute
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.access.selectors import (
    break_glass_grants_for_review,
    break_glass_review_page,
    break_glass_reviewers_for,
    break_glass_reviews_anything,
    organisation_names,
    reviewer_names,
)
from seenheard.access.services import (
    BREAK_GLASS_HOURS,
    break_glass_grant,
    break_glass_review,
)
from seenheard.accounts.models import Role
from seenheard.accounts.presenters import people_by_username, person_label
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.web.forms import BreakGlassForm
from seenheard.web.pages import not_found, page, request_actor

# How far back the review list goes: long enough to cover a lead's leave.
REVIEW_WINDOW_DAYS = 90


def _who_reviews(actor: Actor) -> str:
    """Who will be told of this actor's emergency access, said before they ask for it."""
    route = break_glass_reviewers_for(actor.organisation, user_id=actor.user_id)
    names = reviewer_names(route)
    # A safeguarding lead's own access goes past them (nobody reviews their own).
    other = "other " if policy_for(actor.role).reviews_emergency_access else ""
    if route.route == BreakGlassReviewRoute.ORGANISATION:
        if len(route.reviewers) > 1:
            return f"{names}, your organisation's safeguarding leads, are told straight away."
        return f"{names}, your organisation's safeguarding lead, is told straight away."
    if route.route == BreakGlassReviewRoute.AREA:
        area = route.reviewers[0].organisation.name
        return (
            f"Your organisation has no {other}safeguarding lead, so the designated professional "
            f"for your area ({names}, {area}) is told straight away."
        )
    if route.route == BreakGlassReviewRoute.SYSTEM:
        return (
            f"Neither your organisation nor its area has {'another' if other else 'a'} "
            "safeguarding professional, so the "
            f"system's safeguarding oversight ({names}) is told straight away."
        )
    return (
        f"Nobody {'else ' if other else ''}in your organisation or area reviews emergency "
        "access, so this will be "
        "listed for the system's safeguarding oversight to review."
    )


#: Every refusal of emergency access and the form field the page shows it against (ADR 025):
#: a test fails when a refusal in access.errors has no row here.
REFUSAL_FIELDS: dict[type[errors.BreakGlassRefused], str] = {
    errors.EmergencyAccessNotForRole: "nhs_number",
    errors.EmergencyReasonProblem: "reason",
    errors.EmergencyNhsNumberInvalid: "nhs_number",
    errors.EmergencyChildUnknown: "nhs_number",
}


def _refusal_field(refused: errors.BreakGlassRefused) -> str:
    return next(REFUSAL_FIELDS[k] for k in type(refused).__mro__ if k in REFUSAL_FIELDS)


@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest) -> HttpResponse:
    """Ask for emergency access to one child, with a reason its reviewer will read."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).may_break_glass:
        return not_found(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = break_glass_grant(
                actor=actor,
                nhs_number=form.cleaned_data["nhs_number"],
                reason=form.cleaned_data["reason"],
            )
        except errors.BreakGlassRefused as refused:
            form.add_error(_refusal_field(refused), refused.message)
        else:
            return redirect(f"/children/{grant.child_id}/")
    return page(
        request,
        "web/emergency_access.jinja",
        {
            "form": form,
            "hours": BREAK_GLASS_HOURS,
            "who_reviews": _who_reviews(actor),
            "back_href": "/children/search/",
        },
        title=("Error: " if form.errors else "") + "Emergency access to a child's record",
        status=400 if form.errors else 200,
    )


def _rows(actor: Actor, grants: list[BreakGlassGrant]) -> list[dict[str, Any]]:
    """The grants as the review page shows them: people by name and role, organisations by
    name, and a link to the child only where the reviewer may open the record."""
    org_names = organisation_names({g.org_code for g in grants})
    # Reviewers by name and role (issue 7): never a username.
    reviewers = people_by_username(g.reviewed_by for g in grants if g.reviewed_by)
    visible = set(
        children_visible_to(actor)
        .filter(pk__in={g.child_id for g in grants})
        .values_list("pk", flat=True)
    )
    return [
        {
            "grant": g,
            "who": person_label(g.user_name),
            "role": Role(g.user_role).label if g.user_role in Role.values else "",
            "organisation": org_names.get(g.org_code, g.org_code),
            "granted_at": timezone.localtime(g.granted_at),
            "expires_at": timezone.localtime(g.expires_at),
            "reviewed_at": timezone.localtime(g.reviewed_at) if g.reviewed_at else None,
            "reviewed_by": reviewers.get(g.reviewed_by) or person_label(g.reviewed_by_name),
            "unrouted": g.review_route == BreakGlassReviewRoute.NONE,
            "child_visible": g.child_id in visible,
        }
        for g in grants
    ]


def _review_page(request: HttpRequest, actor: Actor, *, oversight: bool) -> HttpResponse:
    since = clock.now() - dt.timedelta(days=REVIEW_WINDOW_DAYS)
    with transaction.atomic():
        grants = list(
            break_glass_grants_for_review(actor, since=since).order_by(
                # Nobody named first, then those not yet reviewed, newest first.
                *(["-review_route"] if oversight else []),
                "reviewed_at",
                "-granted_at",
            )[:200]
        )
        # The reasons can describe a child's circumstances, so reading them is recorded.
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            object_type="BreakGlassGrantList",
            detail={"grants": [g.pk for g in grants], "oversight": oversight},
        )
        rows = _rows(actor, grants)
    return page(
        request,
        "web/emergency_review.jinja",
        {"rows": rows, "days": REVIEW_WINDOW_DAYS, "oversight": oversight},
        title="Emergency access for oversight" if oversight else "Emergency access to review",
    )


def review_list(request: HttpRequest) -> HttpResponse:
    """A reviewer's list of the emergency access they review (R-FLAG-10, ADR 020)."""
    actor = request_actor(request)
    if actor is None or not break_glass_reviews_anything(actor):
        return not_found(request)
    if policy_for(actor.role).oversees_emergency_access:
        return redirect("/emergency-access/oversight/")
    return _review_page(request, actor, oversight=False)


def oversight_list(request: HttpRequest) -> HttpResponse:
    """The system's safeguarding oversight: emergency access that no organisation or area
    could review, those for which nobody could be named first (R-FLAG-10, ADR 020)."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).oversees_emergency_access:
        return not_found(request)
    return _review_page(request, actor, oversight=True)


@require_POST
def mark_reviewed(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    grant = break_glass_review(actor=actor, grant_id=grant_id)
    if grant is None:
        return not_found(request)
    return redirect(break_glass_review_page(grant.review_route))
