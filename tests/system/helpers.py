"""Steps the browser journeys share."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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


_SETTLED = """() => new Promise(done =>
  document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(done))))"""

_WIDER = """(width) => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ').join('.') + ' right='
      + Math.round(e.getBoundingClientRect().right)).slice(0, 5)"""


def settle_at(page: Page, width: int) -> None:
    """Let the page lay itself out at ``width``: its fonts load, and the design system's header
    folds what does not fit into "More" (its script does that on load and on each resize, and
    on a busy machine it may run a moment after the resize). Gives up after 5 seconds; the
    caller's assertion then says what is too wide."""
    page.evaluate(_SETTLED)
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "w => document.documentElement.scrollWidth <= w", arg=width, timeout=5000
        )


def assert_fits(page: Page, width: int = 320) -> None:
    """The page needs no sideways scrolling at ``width`` CSS pixels (WCAG 1.4.10 Reflow), once
    its fonts have loaded and the resize has been laid out; a failure names the widest parts."""
    page.set_viewport_size({"width": width, "height": 800})
    settle_at(page, width)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide: {page.evaluate(_WIDER, width)}"
