"""Staff accounts, for the system administrator (issue 2 item 4). No child data here."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Membership, Organisation
from seenheard.accounts.services import AccountError, user_add
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.web.forms import UserAddForm
from seenheard.web.pages import not_found, page, request_actor

LIST_LIMIT = 500

# AccountError names the service's argument; the form names its own field.
_FORM_FIELD = {"org": "org_code", "code": "org_code", "password": None}


def _admin(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).manages_accounts:
        return None
    return actor


def account_list(request: HttpRequest) -> HttpResponse:
    if _admin(request) is None:
        return not_found(request)
    org_code = (request.GET.get("org") or "").strip().upper()
    memberships = Membership.objects.select_related("user", "organisation").order_by(
        "organisation__name", "user__username"
    )
    if org_code:
        memberships = memberships.filter(organisation__code=org_code)
    rows = list(memberships[: LIST_LIMIT + 1])
    return page(
        request,
        "web/accounts.jinja",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "org_code": org_code,
            "org": Organisation.objects.filter(code=org_code).first() if org_code else None,
        },
        title="Staff accounts",
    )


@require_http_methods(["GET", "POST"])
def account_add(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    if actor is None:
        return not_found(request)
    form = UserAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user, password = user_add(
                    username=data["username"],
                    org_code=data["org_code"],
                    role=data["role"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    email=data["email"],
                )
                audit_record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    object_type="User",
                    object_id=user.pk,
                    detail={
                        "username": user.username,
                        "org_code": data["org_code"],
                        "role": data["role"],
                    },
                )
        except AccountError as exc:
            form.add_error(_FORM_FIELD.get(exc.field, exc.field), exc.message)
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
        {"form": form, "back_href": "/accounts/"},
        title=("Error: " if form.errors else "") + "Add a member of staff",
        status=400 if form.errors else 200,
    )
