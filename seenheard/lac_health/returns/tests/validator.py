"""The DfE's SSDA903 validator (csc-validator-be-903) for the return's tests (R-LEAD-6), run in
its own environment (``make validator`` builds ``.venv-903``; ``SEENHEARD_903_PYTHON`` names
another). In CI (``CI`` set) a missing validator fails the test; elsewhere the test skips,
saying how to get it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
VALIDATOR = Path(os.environ.get("SEENHEARD_903_PYTHON", REPO / ".venv-903" / "bin" / "python"))


def validator_python() -> Path:
    """The validator's interpreter, or the test fails (CI) or skips (elsewhere) saying why."""
    if not VALIDATOR.exists():
        reason = f"the DfE validator's environment is missing ({VALIDATOR}): run make validator"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return VALIDATOR


def validate(folder: Path, year: int, la_code: str) -> subprocess.CompletedProcess[str]:
    """Run the validator on the return's files in ``folder`` for the collection year."""
    return subprocess.run(
        [
            str(validator_python()),
            str(REPO / "tools" / "ssda903_validate.py"),
            str(folder),
            str(year),
            la_code,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
