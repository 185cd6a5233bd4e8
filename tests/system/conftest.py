"""Browser tests: Playwright driving Chromium (found by ``chromium.py``) against pytest-django's
live server.

In CI (env CI set) a missing Chromium FAILS the browser tests: they are required (issue 2
item 11). On a developer's machine without Chromium they are skipped, with the reason, before
any fixture runs (issue 7 section 1).
Never ``playwright install``: it downloads a browser, and the only network here is the registries.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.system.chromium import HOW_TO_GET_ONE, ChromiumSearch, find_chromium

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


_found: ChromiumSearch | None = None


def chromium() -> ChromiumSearch:
    """The browser for this run, looked for once (``tests/system/chromium.py``)."""
    global _found
    if _found is None:
        _found = find_chromium()
    return _found


def chromium_required(search: ChromiumSearch | None = None) -> Path:
    found = search if search is not None else chromium()
    if found.path is not None:
        return found.path
    message = f"{found.reason}; {HOW_TO_GET_ONE}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. Browser tests are required in CI.", pytrace=False)
    pytest.skip(f"{message}. Browser tests skipped.")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture is set up: pytest-playwright's session-scoped browser would otherwise
    # try to launch (and ERROR) before a per-test check could skip (issue 7 section 1).
    if item.get_closest_marker("browser"):
        chromium_required()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium_required()),
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
