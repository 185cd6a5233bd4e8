"""Finding a child, the child's summary, and who has seen the child's record.

Every read goes through ``seenheard.children.selectors`` (which start from the access scope and
audit what they show); "not found" and "not allowed" render the same page (DESIGN rule 2,
R-FLAG-10).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant, BreakGlassReviewRoute
from seenheard.access.roles import policy_for
from seenheard.access.scope import relationships_giving_access
from seenheard.access.selectors import break_glass_active_grant
from seenheard.accounts.models import Role
from seenheard.appointments.presenters import appointments_section
from seenheard.appointments.selectors import appointments_for_summary
from seenheard.audit.presenters import describe
from seenheard.children.models import CareRelationship, Child, ChildAdultRelationship
from seenheard.children.presenters import care_relationship_status
from seenheard.children.selectors import child_access_history, child_get, child_search
from seenheard.core import clock
from seenheard.early_help.presenters import early_help_rows
from seenheard.early_help.selectors import early_help_for_child
from seenheard.encounters.presenters import attendance_row
from seenheard.encounters.selectors import encounters_for_child
from seenheard.encounters.services import ATTENDANCES_SHOWN_MONTHS
from seenheard.flags.selectors import flag_lookup
from seenheard.tasks.presenters import child_task_rows
from seenheard.tasks.selectors import tasks_about_child
from seenheard.web.forms import NameDobSearchForm, NhsNumberSearchForm
from seenheard.web.pages import not_found, page, request_actor


def _child_actor(request: HttpRequest) -> Actor | None:
    """The actor, if their role may see identifiable child data at all (board and system
    administrators may not: they get the same "not found" page as anyone else)."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Search by NHS number, or by family name and date of birth (issue 2 item 5).

    The search is a POST so that NHS numbers and names never appear in addresses or logs.
    """
    actor = _child_actor(request)
    if actor is None:
        return not_found(request)
    by = request.POST.get("by", "")
    nhs_form = NhsNumberSearchForm(request.POST if by == "nhs" else None)
    name_form = NameDobSearchForm(request.POST if by == "name" else None)
    results: list[Child] | None = None
    if request.method == "POST":
        if by == "nhs" and nhs_form.is_valid():
            results = child_search(actor=actor, nhs_number=nhs_form.cleaned_data["nhs_number"])
        elif by == "name" and name_form.is_valid():
            results = child_search(
                actor=actor,
                family_name=name_form.cleaned_data["family_name"],
                date_of_birth=name_form.cleaned_data["date_of_birth"],
            )
    today = clock.today()
    rows = [
        {"child": child, "age": clock.age_on(child.date_of_birth, today)}
        for child in (results or [])
    ]
    has_errors = bool(nhs_form.errors or name_form.errors)
    return page(
        request,
        "web/child_search.jinja",
        {
            "nhs_form": nhs_form,
            "name_form": name_form,
            "by": by,
            "searched": results is not None,
            "rows": rows,
            "may_break_glass": policy_for(actor.role).may_break_glass,
        },
        title=("Error: " if has_errors else "") + "Find a child",
        status=400 if has_errors else 200,
    )


def grant_review_sentence(grant: BreakGlassGrant) -> str:
    """Who the person using emergency access has been reported to, or that nobody could be
    (R-FLAG-10, ADR 020)."""
    if grant.review_route == BreakGlassReviewRoute.NONE:
        return (
            "Your reason has been recorded. Nobody in your organisation or area reviews "
            "emergency access, so it is listed for the system's safeguarding oversight."
        )
    who = {
        BreakGlassReviewRoute.ORGANISATION: "your organisation's safeguarding lead",
        BreakGlassReviewRoute.AREA: "your area's designated safeguarding professional",
        BreakGlassReviewRoute.SYSTEM: "the system's safeguarding oversight",
    }[BreakGlassReviewRoute(grant.review_route)]
    names = f" ({grant.reviewer_names})" if grant.reviewer_names else ""
    return f"Your reason has been recorded and sent to {who}{names} for review."


def _relationships(
    child: Child, *, today: dt.date
) -> tuple[list[ChildAdultRelationship], list[CareRelationship]]:
    """The adults around the child now, and the care relationships that give access (R-FLAG-10).
    They read through the child we were given (already scoped and audited), not Child.objects."""
    adults = list(
        child.adult_relationships.select_related("adult")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("kind", "adult__family_name", "adult__given_name")
    )
    care = list(
        child.care_relationships.select_related("organisation", "organisation__parent")
        .filter(relationships_giving_access(today))
        .order_by("organisation__name")
    )
    return adults, care


def summary(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child summary (issue 2 item 5); reading it is audited by child_get."""
    actor = _child_actor(request)
    if actor is None:
        return not_found(request)
    with transaction.atomic():
        child = child_get(actor=actor, child_id=child_id, purpose="summary")
        if child is None:
            return not_found(request)
        # R-FLAG-3: wherever a child is looked up, the protection flag shows at once; the
        # look-up is audited as a flag view (R-FLAG-4) in the same transaction as the view.
        flag_banner = flag_lookup(actor=actor, child_id=child.pk, purpose="summary")
        # R-FLAG-6: the child's attendances everywhere, where the viewer may see them; the
        # selector checks that again and audits the list in this same transaction.
        attendances = encounters_for_child(
            actor=actor, child_id=child.pk, months=ATTENDANCES_SHOWN_MONTHS
        )
        # R-REF-7: the open tasks about the child, and the link to give one.
        child_tasks = tasks_about_child(actor=actor, child_id=child.pk)
        # R-REF-6: the child's early help, with the link to record it.
        early_help = early_help_for_child(actor=actor, child_id=child.pk)
        # R-WNB-1: appointments booked ahead and recent ones, with their outcomes.
        appointments = appointments_for_summary(actor=actor, child_id=child.pk)
    today = clock.today()
    adults, care = _relationships(child, today=today)
    grant = break_glass_active_grant(actor=actor, child_id=child.pk)
    return page(
        request,
        "web/child_summary.jinja",
        {
            "child": child,
            "age": clock.age_on(child.date_of_birth, today),
            "adults": adults,
            "care": [
                {"rel": rel, "status": care_relationship_status(rel, today=today)} for rel in care
            ],
            "attendances": (
                None
                if attendances is None
                else [attendance_row(e, born=child.date_of_birth) for e in attendances]
            ),
            "attendance_months": ATTENDANCES_SHOWN_MONTHS,
            "grant_expires": timezone.localtime(grant.expires_at) if grant else None,
            "grant_review": grant_review_sentence(grant) if grant else "",
            "flag_banner": flag_banner,
            "child_tasks": None
            if child_tasks is None
            else child_task_rows(child_tasks, today=today),
            "early_help": None if early_help is None else early_help_rows(early_help),
            "appointments": None
            if appointments is None
            else appointments_section(appointments, now=clock.now()),
            "sees_child_audit": policy_for(actor.role).sees_child_audit,
            "schedules_conferences": policy_for(actor.role).schedules_conferences,
            "issues_feedback_codes": policy_for(actor.role).issues_feedback_codes,
            "back_href": "/children/search/",
        },
        title=f"Child summary: {child.full_name}",
    )


_CHANNEL_LABELS = {
    "web": "Website",
    "api": "API (another system)",
    "cli": "Command line",
    "job": "Automatic (system)",
}


def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    action = str(event["action"])
    role = str(event["actor_role"])
    return {
        "at": timezone.localtime(event["at"]),
        # By name, never username (issue 7): an event with no name is the system's own.
        "who": event["actor_name"] or "Seen and Heard (automatic)",
        "role": Role(role).label if role in Role.values else "",
        "organisation": event["actor_org_name"],
        # One table of plain-English descriptions (audit.presenters), not "Viewed FlagViews".
        "what": describe(action, str(event["object_type"])),
        "channel": _CHANNEL_LABELS.get(str(event["channel"]), str(event["channel"])),
    }


def access_history(request: HttpRequest, child_id: int) -> HttpResponse:
    """Who has seen this child (issue 2 item 6, R-FLAG-4, R-FLAG-10): for the roles that
    review access; everyone else gets the same "not found" page."""
    actor = _child_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_audit:
        return not_found(request)
    child = child_get(actor=actor, child_id=child_id, purpose="access-history")
    if child is None:
        return not_found(request)
    events = child_access_history(actor=actor, child_id=child.pk)
    if events is None:
        return not_found(request)
    return page(
        request,
        "web/child_access.jinja",
        {
            "child": child,
            "rows": [_event_row(e) for e in events],
            "back_href": f"/children/{child.pk}/",
            "back_text": f"Back to {child.given_name}'s summary",
        },
        title=f"Who has seen {child.full_name}'s record",
    )
