"""Staff accounts and their API tokens, for the system administrator (issue 2 item 4; ADR 012).
No child data here. An administrator sees and adds the staff of the organisations they
administer, and no one else's (``accounts.selectors.organisations_administered_by``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.errors import AccountError, AccountRefused, PersonNotFound
from seenheard.accounts.models import Membership, Organisation, User
from seenheard.accounts.selectors import (
    ApiTokenRow,
    administers_everyone,
    api_token_get,
    api_token_list,
    locked_out,
    organisations_administered_by,
    people_administered_by,
    person_administered_by,
    staff_search,
    two_factor_set_up,
)
from seenheard.accounts.services import (
    API_TOKEN_DAYS,
    API_TOKEN_MAX_DAYS,
    api_token_issue,
    api_token_revoke,
    staff_disable,
    staff_enable,
    staff_password_reset,
    staff_two_factor_reset,
    staff_unlock,
    user_add,
)
from seenheard.web.forms import ApiTokenIssueForm, ApiTokenRevokeForm, UserAddForm
from seenheard.web.pages import not_found, page, request_actor

LIST_LIMIT = 500
#: Staff shown a page at a time on the staff accounts page.
PAGE_SIZE = 50
QUERY_MAX = 100

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
    """The staff the administrator looks after, searched by name and shown a page at a time
    (issue 7: no cut-off), with the API tokens of the organisation shown."""
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    org_code = (request.GET.get("org") or "").strip().upper()
    query = (request.GET.get("q") or "").strip()[:QUERY_MAX]
    org = (
        organisations_administered_by(actor=actor).filter(code=org_code).first()
        if org_code
        else None
    )
    rows: list[Membership] = []
    tokens: list[ApiTokenRow] = []
    paged: Page[Membership] | None = None
    looked_after: set[int] = set()
    # Another organisation's code gets exactly what an unknown one does (DESIGN rule 2).
    if org is not None or not org_code:
        paged = Paginator(staff_search(actor=actor, query=query, org=org), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = list(paged.object_list)
        # Only people all of whose roles the administrator looks after have a page to open.
        looked_after = set(
            people_administered_by(actor=actor)
            .filter(pk__in={m.user_id for m in rows})
            .values_list("pk", flat=True)
        )
        tokens = api_token_list(actor=actor, org_code=org_code or None, limit=LIST_LIMIT + 1)
    return page(
        request,
        "web/accounts.jinja",
        {
            "rows": rows,
            "paged": paged,
            "looked_after": looked_after,
            "query": query,
            "pages": _page_links(paged, org_code=org_code, query=query),
            "tokens": [_token_view(t) for t in tokens[:LIST_LIMIT]],
            "more_tokens": len(tokens) > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "org_code": org_code,
            "org": org,
            "where": _where(actor),
        },
        title="Staff accounts",
    )


def _page_links(
    paged: Page[Membership] | None, *, org_code: str, query: str
) -> dict[str, Any] | None:
    """The NHS.UK pagination's previous and next links, keeping the search."""
    if paged is None or paged.paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        wanted = {k: v for k, v in (("org", org_code), ("q", query)) if v}
        return "/accounts/?" + urlencode({**wanted, "page": number})

    return {
        "previous": href(paged.previous_page_number()) if paged.has_previous() else None,
        "next": href(paged.next_page_number()) if paged.has_next() else None,
        "number": paged.number,
        "count": paged.paginator.num_pages,
    }


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
                field = exc.field if exc.field in ("days", "label") else "username"
                form.add_error(field, exc.message)
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


# --- One person's account (issue 7; ADR 022) -------------------------------------------------

_DONE = {
    "disable": "{} is disabled: they cannot sign in, and their API tokens do not work.",
    "enable": "{} can sign in again.",
    "unlock": "{} is unlocked and can sign in again.",
    "reset-two-factor": "{} will set up two-factor sign-in again the next time they sign in.",
}

_CHANGE = {
    "disable": staff_disable,
    "enable": staff_enable,
    "unlock": staff_unlock,
    "reset-two-factor": staff_two_factor_reset,
}


def _person_page(
    request: HttpRequest, actor: Actor, person: User, *, problem: str = ""
) -> HttpResponse:
    roles = (
        Membership.objects.filter(user=person)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    return page(
        request,
        "web/person.jinja",
        {
            "person": person,
            "roles": list(roles),
            "locked": locked_out(person.username),
            "two_factor": two_factor_set_up(person.pk),
            "is_me": person.pk == actor.user_id,
            "problem": problem,
            "back_href": "/accounts/",
        },
        title=("Error: " if problem else "") + str(person),
        status=400 if problem else 200,
    )


def person(request: HttpRequest, user_id: int) -> HttpResponse:
    """One member of staff the administrator looks after: their roles, whether they can sign
    in, are locked out, have two-factor sign-in set up, and what may be done about it. Anyone
    else, and a person not theirs to look after, get "not found" (DESIGN rule 2)."""
    actor = _admin(request)
    found = person_administered_by(actor=actor, user_id=user_id) if actor else None
    if actor is None or found is None:
        return not_found(request)
    return _person_page(request, actor, found)


@require_POST
def person_change(request: HttpRequest, user_id: int, change: str) -> HttpResponse:
    """Disable, enable, unlock or reset two-factor sign-in for one person (audited by the
    service). A refusal is shown on the person's page and changes nothing."""
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    try:
        changed = _CHANGE[change](user_id=user_id, by=actor)
    except PersonNotFound:
        return not_found(request)
    except AccountRefused as exc:
        found = person_administered_by(actor=actor, user_id=user_id)
        if found is None:  # gone meanwhile
            return not_found(request)
        return _person_page(request, actor, found, problem=exc.message)
    messages.success(request, _DONE[change].format(changed))
    return redirect(f"/accounts/people/{changed.pk}/")


@require_POST
def person_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new password for one person, shown once on this response (never stored, no copy kept
    by the browser). Audited by the service."""
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    try:
        changed, password = staff_password_reset(user_id=user_id, by=actor)
    except PersonNotFound:
        return not_found(request)
    response = page(
        request,
        "web/person_password.jinja",
        {"person": changed, "password": password},
        title="New password made",
    )
    response["Cache-Control"] = "no-store"
    return response
