"""Browser journeys for API tokens (ADR 012; R-FLAG-10): the system administrator makes one,
told plainly when it would last too long, and sees it once; finds a token that is about to
expire on the staff accounts page, is told plainly when the reason is missing, revokes it, and
sees it revoked. Every page is checked with axe-core and
must log no console error.

Uses the fixtures in tests/system/conftest.py (Chromium launch arguments, axe_check,
console_errors).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.accounts.models import ApiToken
from seenheard.accounts.services import api_token_issue
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_revokes_a_token_that_expires_soon(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    api_token_issue(username="ae.nurse", label="ward PC", days=10)

    # Given the system administrator signs in and opens Staff accounts
    sign_in(page, base, "admin")
    page.get_by_role("link", name="Staff accounts").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    row = page.locator("tr", has_text="ward PC")
    expect(row).to_contain_text("Alex Reid")
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text("Expires soon")
    axe_check()

    # When she chooses to revoke the token and sends no reason
    row.get_by_role("link", name="Revoke ward PC of Alex Reid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke an API token")
    axe_check()
    page.get_by_role("button", name="Revoke the token").click()

    # Then she is told in plain English what to give, and nothing is revoked
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Give the reason for revoking the token"
    )
    axe_check()
    assert ApiToken.objects.get().revoked_at is None

    # When she gives the reason
    page.get_by_label("Why are you revoking this token?").fill("Ward PC replaced")
    page.get_by_role("button", name="Revoke the token").click()

    # Then the staff accounts page says so, and shows the token as revoked
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "API token “ward PC” of Alex Reid revoked."
    )
    revoked = page.locator("tr", has_text="ward PC")
    expect(revoked).to_contain_text("Revoked")
    expect(revoked.get_by_role("link", name="Revoke ward PC of Alex Reid")).to_have_count(0)
    axe_check()
    assert ApiToken.objects.get().revoked_at is not None

    assert console_errors == [], console_errors


def test_admin_makes_a_token_and_sees_it_once(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url

    # Given the system administrator opens Staff accounts and chooses to make a token
    sign_in(page, base, "admin")
    page.get_by_role("link", name="Staff accounts").first.click()
    page.get_by_role("link", name="Make an API token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make an API token")
    axe_check()

    # When she asks for a token lasting too long
    page.get_by_label("Username of the member of staff").fill("ae.nurse")
    page.get_by_label("What the token is for (optional)").fill("ED check-in")
    page.get_by_label("How many days it lasts").fill("500")
    page.get_by_role("button", name="Make the token").click()

    # Then she is told the limit, and nothing is made
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "A token must last from 1 to 365 days"
    )
    axe_check()
    assert not ApiToken.objects.exists()

    # When she asks for 30 days
    page.get_by_label("How many days it lasts").fill("30")
    page.get_by_role("button", name="Make the token").click()

    # Then the token is shown once, with the warning to copy it now
    expect(page.get_by_role("heading", level=1)).to_have_text("API token made")
    expect(page.locator("#token")).to_have_text(re.compile(r"^sh_[A-Za-z0-9_-]{40,}$"))
    expect(page.get_by_text("This is the only time the token is shown.")).to_be_visible()
    axe_check()
    assert ApiToken.objects.get().label == "ED check-in"

    # And the staff accounts page lists it without the token
    token = page.locator("#token").inner_text()
    page.get_by_role("link", name="Back to staff accounts").click()
    expect(page.locator("tr", has_text="ED check-in")).to_contain_text("Active")
    assert token not in page.content()

    assert console_errors == [], console_errors
