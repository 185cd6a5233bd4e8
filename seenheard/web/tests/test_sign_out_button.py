"""One click signs out (issue 7, section 4): the header holds a POST form with its CSRF token,
so on a shared terminal the next person never finds the last one still signed in."""

from __future__ import annotations

import re

from django.test import Client

from seenheard.accounts.models import User
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.web.tests.helpers import text

FORM = re.compile(
    r'<form\s+class="nhsuk-header__account-form" action="/sign-out/" method="post" novalidate>'
    r'\s*<button class="nhsuk-header__account-button">\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="(?P<token>[^"]+)">Sign out\s*</button>'
)


def _signed_in(username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=username))
    return client


def _header_token(client: Client, path: str = "/") -> str:
    match = FORM.search(client.get(path).content.decode())
    assert match, "the header has no sign-out form"
    return match["token"]


def test_every_page_header_has_a_sign_out_button_that_posts(cast):
    client = _signed_in("ae.nurse")
    for path in ("/", "/children/search/", "/inbox/", "/sign-out/"):
        assert _header_token(client, path)
    # It is a button in a form, not a link to a confirmation page.
    assert 'href="/sign-out/"' not in text(client.get("/"))


def test_one_click_on_the_header_button_signs_out_and_is_audited(cast):
    client = _signed_in("ae.nurse")
    token = _header_token(client)
    response = client.post("/sign-out/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?signed_out=1"
    assert client.get("/").status_code == 302  # signed out: sent to sign in
    assert AuditEvent.objects.filter(
        actor_username="ae.nurse", action=AuditAction.SIGN_OUT
    ).exists()


def test_a_sign_out_post_without_the_token_is_refused_and_changes_nothing(cast):
    client = _signed_in("ae.nurse")
    assert client.post("/sign-out/").status_code == 403
    assert client.get("/").status_code == 200  # still signed in
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_OUT).exists()


def test_get_on_sign_out_still_shows_the_confirmation_and_does_not_sign_out(cast):
    client = _signed_in("gp")
    response = client.get("/sign-out/")
    assert response.status_code == 200
    assert "<h1>Sign out</h1>" in text(response)
    assert client.get("/").status_code == 200


def test_someone_with_no_active_role_can_still_sign_out_in_one_click(cast):
    user = User.objects.get(username="gp")
    user.memberships.update(active=False)
    client = _signed_in("gp")
    token = _header_token(client)
    assert client.post("/sign-out/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_signed_out_pages_have_no_sign_out_button(db):
    assert "nhsuk-header__account-form" not in text(Client().get("/sign-in/"))
