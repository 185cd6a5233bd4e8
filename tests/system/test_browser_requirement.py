"""Browser tests are required in CI: a missing Chromium fails them there, and only skips them
(with the reason) on a machine that is not CI (issue 2 item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.system import conftest


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        conftest.chromium_required()


def test_missing_chromium_skips_with_a_reason_outside_ci(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        conftest.chromium_required()


def test_present_chromium_neither_fails_nor_skips(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setattr(conftest, "CHROMIUM", fake)
    monkeypatch.setenv("CI", "true")
    conftest.chromium_required()
