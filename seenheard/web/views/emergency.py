"""Emergency (break-glass) access: asking for it, and the safeguarding lead's review (R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from seenheard.access.models import BreakGlassGrant
from seenheard.access.roles import policy_for
from seenheard.access.services import (
    BREAK_GLASS_HOURS,
    BreakGlassRefused,
    break_glass_grant,
    break_glass_review,
    break_glass_reviewable_org_codes,
)
from seenheard.accounts.models import Organisation
from seenheard.accounts.presenters import people_by_username
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.web.forms import BreakGlassForm
from seenheard.web.pages import not_found, page, request_actor

# How far back the review list goes: long enough to cover a lead's leave.
REVIEW_WINDOW_DAYS = 90


@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest) -> HttpResponse:
    """Ask for emergency access to one child, with a reason the safeguarding lead will read."""
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
        except BreakGlassRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            return redirect(f"/children/{grant.child_id}/")
    return page(
        request,
        "web/emergency_access.jinja",
        {"form": form, "hours": BREAK_GLASS_HOURS, "back_href": "/children/search/"},
        title=("Error: " if form.errors else "") + "Emergency access to a child's record",
        status=400 if form.errors else 200,
    )


def review_list(request: HttpRequest) -> HttpResponse:
    """The safeguarding lead's list of emergency access in their organisation."""
    actor = request_actor(request)
    codes = break_glass_reviewable_org_codes(actor) if actor else []
    if actor is None or not codes:
        return not_found(request)
    since = clock.now() - dt.timedelta(days=REVIEW_WINDOW_DAYS)
    with transaction.atomic():
        grants = list(
            BreakGlassGrant.objects.filter(org_code__in=codes, granted_at__gte=since).order_by(
                "reviewed_at", "-granted_at"
            )[:200]
        )
        # The reasons can describe a child's circumstances, so reading them is recorded.
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            object_type="BreakGlassGrantList",
            detail={"grants": [g.pk for g in grants]},
        )
    # People by name and role, organisations by name (issue 7): never a username or code.
    people = people_by_username([g.username for g in grants] + [g.reviewed_by for g in grants])
    org_names = dict(
        Organisation.objects.filter(code__in={g.org_code for g in grants}).values_list(
            "code", "name"
        )
    )
    rows = [
        {
            "grant": g,
            "who": people.get(g.username, ""),
            "org_name": org_names.get(g.org_code, ""),
            "reviewed_by": people.get(g.reviewed_by, ""),
            "granted_at": timezone.localtime(g.granted_at),
            "expires_at": timezone.localtime(g.expires_at),
            "reviewed_at": timezone.localtime(g.reviewed_at) if g.reviewed_at else None,
        }
        for g in grants
    ]
    return page(
        request,
        "web/emergency_review.jinja",
        {"rows": rows, "days": REVIEW_WINDOW_DAYS},
        title="Emergency access to review",
    )


@require_POST
def mark_reviewed(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    grant = break_glass_review(actor=actor, grant_id=grant_id)
    if grant is None:
        return not_found(request)
    return redirect("/emergency-access/")
