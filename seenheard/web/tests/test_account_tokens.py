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
    user_add(username="rdemo.admin", org_code="RDEMO", role="sysadmin", check_password=False)
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
        user_add(username=username, org_code="E08000025", role="sysadmin", check_password=False)
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
