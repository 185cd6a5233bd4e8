"""The home page, one per role: what this person is here to do."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from seenheard.access.roles import policy_for
from seenheard.web.pages import page, request_actor


def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return page(request, "web/no_role.jinja", title="No active role", status=403)
    policy = policy_for(actor.role)
    return page(
        request,
        "web/home.jinja",
        {"policy": policy, "role_description": policy.__doc__},
        title="Home",
    )


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
