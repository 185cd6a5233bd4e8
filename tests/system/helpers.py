"""Steps the browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from seenheard.demo.cast import DEMO_PASSWORD


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in as a demo user, starting from a signed-out browser."""
    page.context.clear_cookies()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    """Sign out with the header's button: one click, no confirmation page (issue 7)."""
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
