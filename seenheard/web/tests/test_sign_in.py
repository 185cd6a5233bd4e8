"""Signing in (issue 2 item 8): Argon2, TOTP two-factor, lockout, session expiry, CSP, CSRF."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.demo.cast import DEMO_PASSWORD
from seenheard.web.tests.helpers import text

pytestmark = pytest.mark.django_db

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def _sign_in(client, username="social.worker", password=DEMO_PASSWORD, next_url="/"):
    return client.post("/sign-in/", {"username": username, "password": password, "next": next_url})


def test_sign_in_page_is_public_and_asks_for_username_and_password(client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    body = text(response)
    assert 'name="username"' in body
    assert 'name="password"' in body


def test_demo_user_signs_in_and_it_is_audited(client, cast):
    response = _sign_in(Client())
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert AuditEvent.objects.filter(
        actor_username="social.worker", action=AuditAction.SIGN_IN
    ).exists()


def test_wrong_password_is_refused_with_a_plain_message(client, cast):
    response = _sign_in(client, password="not the password")
    assert response.status_code == 400
    body = text(response)
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body
    assert client.get("/").status_code == 302  # still signed out


def test_sign_out_ends_the_session(client_for):
    client = client_for("social.worker")
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_sign_in_refuses_to_redirect_to_another_site(cast):
    response = _sign_in(Client(), next_url="https://evil.example/")
    assert response["Location"] == "/"


# Argon2 outside the test profile.


@pytest.mark.parametrize("profile", ["development", "production"])
def test_argon2_is_the_password_hasher_outside_tests(profile, tmp_path):
    env = {
        **os.environ,
        "SEENHEARD_ENV": profile,
        "SEENHEARD_SECRET_KEY": "k" * 30 + "abcdefghijklmnopqrstuvwxyz",
        "SEENHEARD_ALLOWED_HOSTS": "seenheard.example",
        "SEENHEARD_AUDIT_CHECKPOINT_KEY": "a-checkpoint-key-for-this-test-" + "q7" * 8,
        "SEENHEARD_BASE_URL": "https://seenheard.example",
        "SEENHEARD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "seenheard.config.settings",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ARGON2


@override_settings(PASSWORD_HASHERS=[ARGON2])
def test_new_passwords_are_stored_as_argon2id_and_still_sign_in(cast):
    from seenheard.accounts.models import User

    user = User.objects.get(username="social.worker")
    user.set_password("a long argon2 password")
    user.save()
    assert user.password.startswith("argon2$argon2id$")
    assert _sign_in(Client(), password="a long argon2 password").status_code == 302


# Two-factor sign-in (TOTP).


def _code(device, offset=0):
    from django_otp.oath import totp

    right = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{(right + offset) % 10**6:06d}"


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_two_factor_set_up_and_sign_in(cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = Client()
        response = _sign_in(client, next_url="/inbox/")
        # A password alone does not get in.
        assert response.status_code == 302
        assert response["Location"].startswith("/two-factor/")
        assert client.get("/").headers["Location"] == "/two-factor/"
        # First time: set up the app from a QR code.
        page = client.get("/two-factor/?next=/inbox/")
        assert page.status_code == 200
        assert "Set up two-factor sign-in" in text(page)
        assert 'class="sh-qr"' in text(page)
        device = TOTPDevice.objects.get(user__username="social.worker")
        assert device.confirmed is False
        # A wrong code is refused.
        wrong = client.post("/two-factor/", {"token": _code(device, 1), "next": "/inbox/"})
        assert wrong.status_code == 400
        assert "That code is not right" in text(wrong)
        assert client.get("/").status_code == 302
        # django-otp slows guessing down after a failure (1 s, then 2 s ...): wait that out.
        clock.shift(dt.timedelta(seconds=5))
        device.refresh_from_db()
        # The right code gets in.
        right = client.post("/two-factor/", {"token": _code(device), "next": "/inbox/"})
        assert right.status_code == 302
        assert right["Location"] == "/inbox/"
        assert client.get("/").status_code == 200
        device.refresh_from_db()
        assert device.confirmed is True


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_two_factor_code_must_be_six_digits(cast):
    client = Client()
    _sign_in(client)
    response = client.post("/two-factor/", {"token": "12ab"})
    assert response.status_code == 400
    assert "Enter the 6-digit code" in text(response)


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_second_sign_in_asks_for_the_code_without_a_new_qr(cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from seenheard.accounts.models import User

    TOTPDevice.objects.create(
        user=User.objects.get(username="social.worker"), name="app", confirmed=True
    )
    client = Client()
    _sign_in(client)
    body = text(client.get("/two-factor/"))
    assert "Enter your security code" in body
    assert 'class="sh-qr"' not in body


# Lockout.


def test_lockout_after_the_failure_limit_shows_the_locked_page(cast):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _sign_in(client, password="wrong password").status_code == 400
    locked = _sign_in(client, password="wrong password")
    assert locked.status_code == 429
    assert "Your account is locked" in text(locked)
    # Even the right password is refused while locked.
    again = _sign_in(client)
    assert again.status_code == 429
    assert client.get("/").status_code == 302


# Session expiry.


def test_session_expires_after_the_idle_time(cast):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        _sign_in(client)
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the session
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


# Content security policy.


def test_csp_header_has_a_nonce_and_every_inline_script_carries_it(client_for):
    response = client_for("social.worker").get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    scripts = re.findall(r"<script([^>]*)>", text(response))
    assert scripts, "the layout has scripts"
    for attributes in scripts:
        assert "src=" in attributes or f'nonce="{nonce}"' in attributes


def test_csp_nonce_changes_on_every_response(client_for):
    client = client_for("social.worker")
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_sign_in_page_also_has_the_csp(client):
    assert "nonce-" in client.get("/sign-in/")["Content-Security-Policy"]


# CSRF.


def test_post_without_a_csrf_token_is_refused(cast):
    from seenheard.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="social.worker"))
    response = client.post("/children/search/", {"by": "nhs", "nhs_number": "9990000018"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_sign_in_without_a_csrf_token_is_refused(cast):
    assert _sign_in(Client(enforce_csrf_checks=True)).status_code == 403
