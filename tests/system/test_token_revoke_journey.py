"""Browser journey for revoking an API token (ADR 012; R-FLAG-10): the system administrator
finds a token that is about to expire on the staff accounts page, is told plainly when the
reason is missing, revokes it, and sees it revoked. Every page is checked with axe-core and
must log no console error.

Uses the fixtures in tests/system/conftest.py (Chromium launch arguments, axe_check,
console_errors).
"""

from __future__ import annotations

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
