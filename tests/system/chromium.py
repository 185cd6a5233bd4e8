"""Where the browser tests find Chromium (issue 7 section 1).

Looked for where people have it, in this order:

1. ``SEENHEARD_CHROMIUM``: a path to the browser. When set it is the only place looked at, so a
   run can be told "there is no browser" (``SEENHEARD_CHROMIUM=/nonexistent``) on a machine that
   has one, which is how CI proves the browser tests skip cleanly.
2. ``chromium``, ``chromium-browser``, ``google-chrome`` or ``google-chrome-stable`` on PATH.
3. ``/usr/bin/chromium`` (Debian's package, ``apt install chromium``).
4. A browser that ``playwright install chromium`` put in its cache (``PLAYWRIGHT_BROWSERS_PATH``
   or ``~/.cache/ms-playwright``). This module never downloads one.

No module-level side effects and no Playwright import: the search must be cheap enough to run
before any test starts.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "SEENHEARD_CHROMIUM"
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Inside a Playwright browser directory (chromium-NNNN or chromium_headless_shell-NNNN).
_PLAYWRIGHT_EXECUTABLES = (
    "chrome-linux/chrome",
    "chrome-linux64/chrome",
    "chrome-linux/headless_shell",
    "chrome-headless-shell-linux64/chrome-headless-shell",
)
HOW_TO_GET_ONE = (
    "install it (on Debian or Ubuntu: sudo apt install chromium) "
    f"or set {ENV_VAR} to the browser's path"
)


@dataclass(frozen=True)
class ChromiumSearch:
    """The browser found, or why none was: ``reason`` is a sentence for the skip message."""

    path: Path | None
    reason: str


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _playwright_dirs() -> list[Path]:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "")
    if configured and configured != "0":
        return [Path(configured).expanduser()]
    return [Path.home() / ".cache" / "ms-playwright"]


def _playwright_browsers() -> list[Path]:
    found: list[Path] = []
    for root in _playwright_dirs():
        if not root.is_dir():
            continue
        # Newest first: the directory names end in the browser's build number.
        for directory in sorted(root.glob("chromium*"), reverse=True):
            found.extend(directory / rel for rel in _PLAYWRIGHT_EXECUTABLES)
    return found


def find_chromium() -> ChromiumSearch:
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if _runnable(path):
            return ChromiumSearch(path, f"{ENV_VAR}={path}")
        return ChromiumSearch(
            None,
            f"Chromium was not found: {ENV_VAR} is set to {configured}, "
            "which is not a browser that can be run",
        )
    for name in PATH_NAMES:
        on_path = shutil.which(name)
        if on_path:
            return ChromiumSearch(Path(on_path), f"{name} on PATH")
    candidates = [DEBIAN_CHROMIUM, *_playwright_browsers()]
    for candidate in candidates:
        if _runnable(candidate):
            return ChromiumSearch(candidate, str(candidate))
    return ChromiumSearch(
        None,
        "Chromium was not found (looked for "
        + ", ".join(PATH_NAMES)
        + f" on PATH, {DEBIAN_CHROMIUM} and Playwright's browser cache)",
    )
