"""Browser tests are required in CI: a missing Chromium fails them there, and only skips them
(with the reason) on a machine that is not CI (issue 2 item 11). Chromium is looked for where
people have it (issue 7 section 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.system import chromium, conftest
from tests.system.chromium import ChromiumSearch, find_chromium

MISSING = ChromiumSearch(None, "Chromium was not found (test)")


def _fake_browser(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    exe = directory / name
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    return exe


@pytest.fixture
def no_browser_anywhere(monkeypatch, tmp_path):
    """A machine with no browser: empty PATH, no Debian package, empty Playwright cache."""
    monkeypatch.delenv("SEENHEARD_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    monkeypatch.setattr(chromium, "DEBIAN_CHROMIUM", tmp_path / "usr-bin-chromium")
    return tmp_path


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        conftest.chromium_required(MISSING)


def test_missing_chromium_skips_with_the_reason_and_how_to_get_one(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"not found .*apt install chromium"):
        conftest.chromium_required(MISSING)


def test_present_chromium_neither_fails_nor_skips(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    exe = _fake_browser(tmp_path, "chromium")
    assert conftest.chromium_required(ChromiumSearch(exe, "test")) == exe


def test_nothing_found_says_where_it_looked(no_browser_anywhere):
    found = find_chromium()
    assert found.path is None
    assert "chromium-browser" in found.reason and "Playwright" in found.reason


def test_seenheard_chromium_wins_and_a_wrong_one_is_named(no_browser_anywhere, monkeypatch):
    exe = _fake_browser(no_browser_anywhere / "opt", "my-chrome")
    monkeypatch.setenv("SEENHEARD_CHROMIUM", str(exe))
    assert find_chromium().path == exe
    monkeypatch.setenv("SEENHEARD_CHROMIUM", "/nonexistent")
    found = find_chromium()
    assert found.path is None and "/nonexistent" in found.reason


def test_a_set_but_missing_seenheard_chromium_is_not_overridden_by_path(
    no_browser_anywhere, monkeypatch
):
    bin_dir = no_browser_anywhere / "bin"
    _fake_browser(bin_dir, "chromium")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("SEENHEARD_CHROMIUM", "/nonexistent")
    assert find_chromium().path is None


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_found_on_path(no_browser_anywhere, monkeypatch, name):
    bin_dir = no_browser_anywhere / "bin"
    exe = _fake_browser(bin_dir, name)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert find_chromium().path == exe


def test_found_at_debian_path(no_browser_anywhere, monkeypatch):
    exe = _fake_browser(no_browser_anywhere / "usr-bin", "chromium")
    monkeypatch.setattr(chromium, "DEBIAN_CHROMIUM", exe)
    assert find_chromium().path == exe


def test_found_in_playwright_cache(no_browser_anywhere):
    cache = no_browser_anywhere / "ms-playwright"
    _fake_browser(cache / "chromium-1100" / "chrome-linux", "chrome")
    newest = _fake_browser(cache / "chromium-1200" / "chrome-linux", "chrome")
    assert find_chromium().path == newest


def test_a_file_that_cannot_be_run_is_not_a_browser(no_browser_anywhere, monkeypatch):
    not_runnable = no_browser_anywhere / "chromium"
    not_runnable.write_text("")
    monkeypatch.setenv("SEENHEARD_CHROMIUM", str(not_runnable))
    assert not os.access(not_runnable, os.X_OK)
    assert find_chromium().path is None
