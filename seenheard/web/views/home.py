"""The home page, one per role: what this person is here to do."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from seenheard.access.roles import RolePolicy, policy_for
from seenheard.access.scope import council_of
from seenheard.appointments.presenters import home_cards
from seenheard.encounters.services import registering_setting_problem
from seenheard.jobs.selectors import unread_count_for, urgent_unread_count_for
from seenheard.web.pages import page, request_actor


def _sees_own_organisations_children(policy: type[RolePolicy]) -> bool:
    return policy.sees_child_data and not (
        policy.may_trace_any_child or policy.sees_registered_patients or policy.sees_la_children
    )


#: The role's permissions, in the order the page lists them, each said the way the person
#: would say it (R-FLAG-10).
_CAN: tuple[tuple[Callable[[type[RolePolicy]], bool], str], ...] = (
    (
        lambda p: p.may_trace_any_child,
        "Find any child by NHS number, or by family name and date of birth, when they "
        "arrive for care.",
    ),
    (
        lambda p: p.sees_registered_patients,
        "See the records of children registered with your practice.",
    ),
    (
        lambda p: p.sees_la_children,
        "See the records of children your council is responsible for.",
    ),
    (
        _sees_own_organisations_children,
        "See the records of children your organisation knows: on your caseload, attending "
        "or registered with you.",
    ),
    (lambda p: p.sees_child_audit, "See who has looked at a child's record."),
    (
        lambda p: p.reviews_emergency_access,
        "Review every use of emergency access in your organisation, and in the "
        "organisations sent to you because they have no safeguarding lead.",
    ),
    (
        lambda p: p.oversees_emergency_access,
        "Review emergency access used where neither the organisation nor its area has a "
        "safeguarding professional. You never see children's records.",
    ),
    (lambda p: p.manages_flags, "Keep your council's child protection flags up to date."),
    (
        lambda p: p.may_break_glass,
        "In an emergency, open a record you could not otherwise see, giving a reason. "
        "A safeguarding professional is told and reviews it.",
    ),
    (
        lambda p: p.changes_area_protocol,
        "Read your area's protocol; if you are one of its designated professionals, "
        "change it, saying why.",
    ),
    (
        lambda p: p.reads_area_protocol and not p.changes_area_protocol,
        "Read your area's protocol: its timescales, thresholds and levels of need.",
    ),
    (
        lambda p: p.reads_area_figures and not p.sees_figures,
        "See your area's figures month by month, as charts with their numbers.",
    ),
    (
        lambda p: p.sees_figures,
        "See figures for your area. You never see an identifiable child.",
    ),
    (
        lambda p: p.manages_accounts,
        "Add and manage staff accounts. You never see children's records.",
    ),
)


def _what_you_can_do(policy: type[RolePolicy]) -> list[str]:
    """The role's permissions, said the way the person would say them (R-FLAG-10)."""
    return [text for applies, text in _CAN if applies(policy)]


def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return page(request, "web/no_role.jinja", title="No active role", status=403)
    policy = policy_for(actor.role)
    unread = unread_count_for(actor=actor)
    return page(
        request,
        "web/home.jinja",
        {
            "policy": policy,
            "can": _what_you_can_do(policy),
            "is_safeguarding_lead": policy.reviews_emergency_access,
            "oversees_emergency_access": policy.oversees_emergency_access,
            # The ways through the navigation offers, as cards too (issue 7 section 4).
            "registers_attendances": registering_setting_problem(actor) is None,
            "reads_council_attendances": council_of(actor) is not None,
            "unread": unread,
            "urgent": urgent_unread_count_for(actor=actor) if unread else 0,
            "app_cards": home_cards(actor),  # issue 10: appointments, the meeting, figures
        },
        title="Home",
    )


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
