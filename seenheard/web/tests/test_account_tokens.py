"""API tokens on the staff accounts page, and revoking one with a reason (ADR 012).

Only a system administrator of the token owner's organisation (or of the system supplier) sees a
token or its revoke page; everyone else gets the one "not found" page (DESIGN rule 2,
R-FLAG-10). A reason is required; bad input changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from seenheard.accounts.models import ApiToken, User
from seenheard.accounts.services import api_token_issue, api_token_revoke, user_add
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def trace_amelia(token: str) -> Any:
    return Client().get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _state() -> tuple[list[tuple[int, Any]], int]:
    tokens = list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))
    return tokens, AuditEvent.objects.count()


def _row(body: str, label: str) -> str:
    """The token table's row for the token with this label."""
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">.*?</tr>", body, flags=re.S)
    (row,) = [r for r in rows if f">{label}<" in r]
    # Without the column names repeated in each cell for narrow screens (responsive table).
    row = re.sub(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>', "", row)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.fixture
def tokens(cast: dict) -> dict[str, int]:
    """One token of each kind, seen on START: active, expiring in 10 days, expired, revoked."""
    with time_machine.travel(START - dt.timedelta(days=30), tick=False):
        api_token_issue(username="ae.nurse", label="old rig", days=7)
        api_token_issue(username="lac.nurse", label="expiring", days=40)
    with time_machine.travel(START, tick=False):
        api_token_issue(username="ae.nurse", label="ward PC")
        api_token_issue(username="stranger", label="lost laptop")
        api_token_revoke(
            token_id=ApiToken.objects.get(label="lost laptop").pk, by=None, reason="Lost"
        )
    return dict(ApiToken.objects.values_list("label", "pk"))


def test_admin_sees_each_members_tokens_with_dates_and_status(client_for, tokens):
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        body = main_text(client_for("admin").get("/accounts/"))
    assert '<h2 id="api-tokens">API tokens</h2>' in body
    assert _row(body, "ward PC") == (
        "Alex Reid ae.nurse ward PC 2 Mar 2026 31 May 2026 10:00 Never Active "
        "Revoke ward PC of Alex Reid"
    )
    assert _row(body, "expiring").endswith("Active Expires soon Revoke expiring of Lola Adeyemi")
    assert "Expired" in _row(body, "old rig")
    assert "Revoked" in _row(body, "lost laptop")
    assert "Revoke lost laptop" not in _row(body, "lost laptop")  # nothing left to revoke
    assert f'href="/accounts/tokens/{tokens["ward PC"]}/revoke/"' in body
    assert "Expires soon" not in _row(body, "ward PC")


def test_the_page_never_shows_a_token_or_its_digest(client_for, cast):
    issued = api_token_issue(username="ae.nurse", label="rig")
    body = text(client_for("admin").get("/accounts/"))
    assert issued.token not in body
    assert ApiToken.objects.get().digest not in body


def test_choosing_an_organisation_shows_its_staffs_tokens(client_for, tokens):
    body = main_text(client_for("admin").get("/accounts/?org=E08000025"))
    assert "lost laptop" in body
    assert "ward PC" not in body


def test_admin_revokes_a_token_with_a_reason_and_it_stops_working(client_for, cast, amelia):
    issued = api_token_issue(username="ae.nurse", label="ward PC")
    token_id = ApiToken.objects.get().pk
    assert trace_amelia(issued.token).status_code == 200
    client = client_for("admin")

    form = client.get(f"/accounts/tokens/{token_id}/revoke/")
    assert form.status_code == 200
    page = main_text(form)
    assert "<h1>Revoke an API token</h1>" in page
    assert "Alex Reid (ae.nurse)" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'method="post"' in page

    done = client.post(
        f"/accounts/tokens/{token_id}/revoke/", {"reason": "Ward PC stolen"}, follow=True
    )
    assert done.redirect_chain == [("/accounts/", 302)]
    assert "API token “ward PC” of Alex Reid revoked." in text(done)
    assert "Revoked" in _row(main_text(done), "ward PC")
    assert trace_amelia(issued.token).status_code == 401
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="ApiToken")
    assert (event.actor_username, event.channel) == ("admin", "web")
    assert event.detail["reason"] == "Ward PC stolen"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_missing_reason_is_a_field_error_and_changes_nothing(client_for, cast, reason):
    api_token_issue(username="ae.nurse", label="ward PC")
    token_id = ApiToken.objects.get().pk
    before = _state()

    response = client_for("admin").post(f"/accounts/tokens/{token_id}/revoke/", {"reason": reason})

    assert response.status_code == 400
    body = text(response)
    assert "<title>Error: Revoke an API token" in body
    assert "There is a problem" in body
    assert 'href="#reason"' in body
    assert "Give the reason for revoking the token" in body
    assert _state() == before


def test_an_already_revoked_token_says_so_and_offers_no_form(client_for, tokens):
    token_id = tokens["lost laptop"]
    before = _state()
    client = client_for("admin")

    shown = main_text(client.get(f"/accounts/tokens/{token_id}/revoke/"))
    again = client.post(f"/accounts/tokens/{token_id}/revoke/", {"reason": "Again"})

    assert "This token was revoked on 2 March 2026 at 09:00." in shown
    assert "<form" not in shown
    assert again.status_code == 400
    assert "was already revoked on 2 March 2026 at 09:00" in text(again)
    assert _state() == before


def test_an_organisations_administrator_sees_and_revokes_only_its_staffs_tokens(client_for, tokens):
    user_add(
        username="rdemo.admin",
        org_code="RDEMO",
        role="sysadmin",
        check_password=False,
        given_name="Sam",
        family_name="Tester",
    )
    client = client_for("rdemo.admin")

    body = main_text(client.get("/accounts/"))
    assert "ward PC" in body and "expiring" in body
    assert "lost laptop" not in body  # Birmingham's social worker

    ok = client.post(f"/accounts/tokens/{tokens['ward PC']}/revoke/", {"reason": "Left"})
    assert ok.status_code == 302
    assert ApiToken.objects.get(label="ward PC").revoked_at is not None


@pytest.mark.parametrize("username", ["stranger", "safeguarding.lead", "ae.nurse", "bham.admin"])
def test_anyone_else_gets_not_found_and_nothing_changes(client_for, tokens, username):
    if username == "bham.admin":  # an administrator, of another organisation
        user_add(
            username=username,
            org_code="E08000025",
            role="sysadmin",
            check_password=False,
            given_name="Sam",
            family_name="Tester",
        )
    client = client_for(username)
    token_id = tokens["ward PC"]
    before = _state()
    missing = main_text(client_for("admin").get("/accounts/tokens/999999/revoke/"))

    shown = client.get(f"/accounts/tokens/{token_id}/revoke/")
    posted = client.post(f"/accounts/tokens/{token_id}/revoke/", {"reason": "Because"})

    assert (shown.status_code, posted.status_code) == (404, 404)
    # Exactly the page a token that does not exist gets.
    assert main_text(shown) == main_text(posted) == missing
    assert _state() == before


def test_revoking_needs_the_csrf_token(cast):
    api_token_issue(username="ae.nurse", label="ward PC")
    token_id = ApiToken.objects.get().pk
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="admin"))
    before = _state()

    response = client.post(f"/accounts/tokens/{token_id}/revoke/", {"reason": "Lost"})

    assert response.status_code == 403
    assert _state() == before


# --- making a token on the page (ADR 012) ---------------------------------------------------


def test_admin_makes_a_token_that_is_shown_once_and_works(client_for, cast, amelia):
    client = client_for("admin")
    form = main_text(client.get("/accounts/tokens/new/"))
    assert "<h1>Make an API token</h1>" in form
    assert 'name="csrfmiddlewaretoken"' in form

    made = client.post(
        "/accounts/tokens/new/", {"username": "ae.nurse", "label": "ED check-in", "days": "30"}
    )

    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    body = main_text(made)
    assert "<h1>API token made</h1>" in body
    assert "This is the only time the token is shown." in body
    (token,) = re.findall(r'<code id="token"[^>]*>(sh_[A-Za-z0-9_-]+)</code>', body)
    assert trace_amelia(token).status_code == 200
    row = ApiToken.objects.get()
    assert (row.user.username, row.label) == ("ae.nurse", "ED check-in")
    assert (
        dt.timedelta(days=29, hours=23) < row.expires_at - row.created_at <= dt.timedelta(days=30)
    )
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="ApiToken")
    assert (event.actor_username, event.channel) == ("admin", "web")
    assert token not in str(event.detail)
    # Never again: the list shows the token's dates, not the token.
    assert token not in text(client.get("/accounts/"))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "", "days": "90"}, "username", "Enter the username of the member of staff."),
        ({"username": "nobody.here", "days": "90"}, "username", "No active user has the username"),
        ({"username": "ae.nurse", "days": "ninety"}, "days", "a whole number from 1 to 365"),
        ({"username": "ae.nurse", "days": "0"}, "days", "A token must last from 1 to 365 days"),
        ({"username": "ae.nurse", "days": "400"}, "days", "A token must last from 1 to 365 days"),
        (
            {"username": "ae.nurse", "days": "90", "label": "x" * 5000},
            "label",
            "A label must be 100 characters or fewer.",
        ),
    ],
)
def test_bad_input_on_the_make_page_is_a_field_error_and_changes_nothing(
    client_for, cast, data, field, message
):
    before = _state()
    response = client_for("admin").post("/accounts/tokens/new/", data)
    assert response.status_code == 400
    body = text(response)
    assert "<title>Error: Make an API token" in body
    assert f'href="#{field}"' in body
    assert message in body
    assert _state() == before


def test_a_trust_administrator_cannot_make_a_token_for_another_organisations_staff(
    client_for, cast
):
    """R-FLAG-10: the Birmingham social worker is not the trust's to look after; the page says
    so as it would for an unknown username, and nothing is made."""
    before = _state()
    response = client_for("trust.admin").post(
        "/accounts/tokens/new/", {"username": "stranger", "days": "90"}
    )
    assert response.status_code == 400
    assert "No active user has the username" in text(response)
    assert _state() == before
    made = client_for("trust.admin").post(
        "/accounts/tokens/new/", {"username": "ae.nurse", "days": "90"}
    )
    assert made.status_code == 200
    assert ApiToken.objects.get().user.username == "ae.nurse"


def test_staff_who_do_not_manage_accounts_find_no_make_page(client_for, cast):
    client = client_for("ae.nurse")
    assert client.get("/accounts/tokens/new/").status_code == 404
    before = _state()
    assert client.post("/accounts/tokens/new/", {"username": "ae.nurse"}).status_code == 404
    assert _state() == before
