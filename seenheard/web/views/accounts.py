"""Staff accounts and their API tokens, for the system administrator (issue 2 item 4; ADR 012).
No child data here. An administrator sees and adds the staff of the organisations they
administer, and no one else's (``accounts.selectors.organisations_administered_by``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Membership, Organisation
from seenheard.accounts.selectors import (
    ApiTokenRow,
    administers_everyone,
    api_token_get,
    api_token_list,
    memberships_administered_by,
    organisations_administered_by,
)
from seenheard.accounts.services import (
    API_TOKEN_DAYS,
    API_TOKEN_MAX_DAYS,
    AccountError,
    api_token_issue,
    api_token_revoke,
    user_add,
)
from seenheard.web.forms import ApiTokenIssueForm, ApiTokenRevokeForm, UserAddForm
from seenheard.web.pages import not_found, page, request_actor

LIST_LIMIT = 500

# AccountError names the service's argument; the form names its own field.
_FORM_FIELD = {"org": "org_code", "code": "org_code", "password": None}


def _admin(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).manages_accounts:
        return None
    return actor


def _token_view(token: ApiTokenRow) -> dict[str, Any]:
    """A token with its times in England's time, for a page."""
    local = {
        name: timezone.localtime(value) if value else None
        for name, value in (
            ("created_at", token.created_at),
            ("expires_at", token.expires_at),
            ("last_used_at", token.last_used_at),
            ("revoked_at", token.revoked_at),
        )
    }
    return {"token": token, **local}


def _where(actor: Actor) -> Organisation | None:
    """Where the administrator's accounts are, for the pages to say: None for everywhere."""
    return None if administers_everyone(actor=actor) else actor.organisation


def account_list(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    org_code = (request.GET.get("org") or "").strip().upper()
    org = (
        organisations_administered_by(actor=actor).filter(code=org_code).first()
        if org_code
        else None
    )
    rows: list[Membership] = []
    tokens: list[ApiTokenRow] = []
    # Another organisation's code gets exactly what an unknown one does (DESIGN rule 2).
    if org is not None or not org_code:
        memberships = (
            memberships_administered_by(actor=actor)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__username")
        )
        if org is not None:
            memberships = memberships.filter(organisation=org)
        rows = list(memberships[: LIST_LIMIT + 1])
        tokens = api_token_list(actor=actor, org_code=org_code or None, limit=LIST_LIMIT + 1)
    return page(
        request,
        "web/accounts.jinja",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "tokens": [_token_view(t) for t in tokens[:LIST_LIMIT]],
            "more_tokens": len(tokens) > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "org_code": org_code,
            "org": org,
            "where": _where(actor),
        },
        title="Staff accounts",
    )


@require_http_methods(["GET", "POST"])
def account_add(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    form = UserAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Only at an organisation this administrator administers; audited (the service).
            user, password = user_add(
                username=data["username"],
                org_code=data["org_code"],
                role=data["role"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                email=data["email"],
                by=actor,
            )
        except AccountError as exc:
            for field, message in exc.problems:  # every problem at once, in the form's order
                form.add_error(_FORM_FIELD.get(field, field), message)
        else:
            # The generated password is shown once, on this response only (never stored).
            return page(
                request,
                "web/account_added.jinja",
                {"new_user": user, "password": password, "role": data["role"]},
                title="Account created",
            )
    return page(
        request,
        "web/account_add.jinja",
        {"form": form, "back_href": "/accounts/", "where": _where(actor)},
        title=("Error: " if form.errors else "") + "Add a member of staff",
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def token_issue(request: HttpRequest) -> HttpResponse:
    """Make an API token for a member of staff the administrator looks after (ADR 012). The
    token is shown once, on the page that answers the request, and never stored: only its
    digest is. Issuing is audited by the service."""
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    form = ApiTokenIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw_days = data["days"] or str(API_TOKEN_DAYS)
        if not (raw_days.isascii() and raw_days.isdigit()):
            form.add_error(
                "days",
                f"Enter how many days the token lasts, a whole number from 1 to "
                f"{API_TOKEN_MAX_DAYS}.",
            )
        elif not data["username"]:
            form.add_error("username", "Enter the username of the member of staff.")
        else:
            try:
                issued = api_token_issue(
                    username=data["username"], label=data["label"], days=int(raw_days), by=actor
                )
            except AccountError as exc:
                form.add_error("days" if exc.field == "days" else "username", exc.message)
            else:
                response = page(
                    request,
                    "web/token_issued.jinja",
                    {
                        "token": issued.token,
                        "username": data["username"],
                        "label": data["label"],
                        "expires_at": timezone.localtime(issued.expires_at),
                    },
                    title="API token made",
                )
                # Shown once: no copy may be kept by the browser or anything in between.
                response["Cache-Control"] = "no-store"
                return response
    return page(
        request,
        "web/token_issue.jinja",
        {"form": form, "default_days": API_TOKEN_DAYS, "max_days": API_TOKEN_MAX_DAYS},
        title=("Error: " if form.errors else "") + "Make an API token",
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one API token, with a reason (ADR 012). Only an administrator of the token owner's
    organisation (or the system supplier's) finds the page; anyone else, and a token that does
    not exist, get the one "not found" page (DESIGN rule 2, R-FLAG-10)."""
    actor = _admin(request)
    token = api_token_get(actor=actor, token_id=token_id) if actor else None
    if actor is None or token is None:
        return not_found(request)
    form = ApiTokenRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            api_token_revoke(token_id=token.id, by=actor, reason=form.cleaned_data["reason"])
        except AccountError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
            # Someone else may have revoked it meanwhile: show it as it now is.
            token = api_token_get(actor=actor, token_id=token_id) or token
        else:
            label = f"“{token.label}” " if token.label else ""
            messages.success(
                request,
                f"API token {label}of {token.owner_name} revoked. Systems using it can no "
                "longer reach the API.",
            )
            return redirect("/accounts/")
    return page(
        request,
        "web/token_revoke.jinja",
        {**_token_view(token), "form": form, "back_href": "/accounts/"},
        title=("Error: " if form.errors else "") + "Revoke an API token",
        status=400 if form.errors else 200,
    )
