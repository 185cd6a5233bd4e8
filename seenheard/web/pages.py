"""Rendering a page: the actor, the navigation for their role, and the layout's context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seenheard.access.actor import Actor, NoActiveRole, actor_for
from seenheard.access.roles import policy_for


def request_actor(request: HttpRequest) -> Actor | None:
    """The signed-in member of staff as an Actor, cached on the request."""
    cached = getattr(request, "_actor", None)
    if isinstance(cached, Actor):
        return cached
    user = request.user
    if not user.is_authenticated:
        return None
    try:
        actor = actor_for(user, channel="web")
    except NoActiveRole:
        return None
    request._actor = actor  # type: ignore[attr-defined]
    return actor


def _flag_navigation(actor: Actor) -> list[tuple[str, str]]:
    """Issue 3 pages (seenheard.encounters, seenheard.tasks), for the roles that use them."""
    from seenheard.encounters.services import registering_setting_problem

    items: list[tuple[str, str]] = []
    if registering_setting_problem(actor) is None:
        items.append(("/register/", "Register an attendance"))
    if policy_for(actor.role).reads_council_inbox:
        items.append(("/council/attendances/", "Attendances and missed appointments"))
    if policy_for(actor.role).manages_flags:
        items.append(("/flags/uploads/", "Flag uploads"))
    if policy_for(actor.role).sees_child_data:
        items.append(("/tasks/", "Tasks"))
    return items


def navigation(request: HttpRequest, actor: Actor | None) -> list[dict[str, Any]]:
    if actor is None:
        return []
    policy = policy_for(actor.role)
    items: list[tuple[str, str]] = [("/", "Home")]
    if policy.sees_child_data:
        items.append(("/children/search/", "Find a child"))
    items.extend(_flag_navigation(actor))
    items.append(("/inbox/", "Inbox"))
    if policy.manages_accounts:
        items.append(("/accounts/", "Staff accounts"))
    return [
        {
            "href": href,
            "text": text,
            "current": request.path == href or (href != "/" and request.path.startswith(href)),
        }
        for href, text in items
    ]


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    title: str,
    status: int = 200,
) -> HttpResponse:
    actor = request_actor(request)
    ctx = {
        "actor": actor,
        "nav": navigation(request, actor),
        "page_title": title,
        **(context or {}),
    }
    return render(request, template, ctx, status=status)


def not_found(request: HttpRequest) -> HttpResponse:
    """The one answer for "no such page", "no such child" and "not allowed to see it".

    DESIGN rule 2 / R-FLAG-10: a member of staff must not be able to tell a child they may not
    see from a child who does not exist, so every such case renders exactly this page.
    """
    return page(request, "web/not_found.jinja", title="Page not found", status=404)
