"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

In CI (env CI set) a missing Chromium FAILS the browser tests: they are required (issue 2
item 11). On a developer's machine without Chromium they are skipped, with the reason.
Never ``playwright install``: it downloads a browser, and the only network here is the registries.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def chromium_required() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; browser tests are required in CI.", pytrace=False)
    pytest.skip(f"{message}; set up Chromium to run the browser tests.")


@pytest.fixture(autouse=True)
def _chromium_for_browser_tests(request: pytest.FixtureRequest) -> None:
    # Checked per test (not only in the session fixture) so the outcome is a clear skip or
    # failure on every browser test, before Playwright tries to launch anything.
    if request.node.get_closest_marker("browser"):
        chromium_required()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Every console error and uncaught page error, so a test can assert there were none
    (a content-security-policy violation is reported as a console error)."""
    errors: list[str] = []

    def on_console(msg: Any) -> None:
        # A page answered 400 or 404 on purpose (a form error, "not found") is logged by Chromium
        # as "Failed to load resource"; failed sub-resources are caught by on_response instead.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(msg.text)

    def on_response(response: Any) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


@pytest.fixture
def axe_check(page: Any) -> Callable[[], None]:
    """Run axe-core on the current page and fail on any violation (issue 2 item 9).

    The script is evaluated through the DevTools protocol rather than added as a <script> tag:
    our content security policy rightly refuses inline scripts, and the test must not need a
    hole in it.
    """
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make setup` (npm ci).", pytrace=False)
    source = AXE.read_text()

    def check() -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => `${v.id} (${v.impact}): ${v.help} -> ` +"
            " v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        assert result == [], f"axe found accessibility problems on {page.url}:\n" + "\n".join(
            result
        )

    return check
