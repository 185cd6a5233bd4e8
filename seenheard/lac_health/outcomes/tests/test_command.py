"""``seenheard lac outcomes --la ONS_CODE --out FILE.csv`` (R-OUT-5): the council's figures by
measure and quarter, naming no child; an unknown council is exit 2 with nothing written."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from seenheard.lac_health.outcomes.export import CSV_COLUMNS
from seenheard.lac_health.outcomes.tests.conftest import record

pytestmark = pytest.mark.django_db


def test_the_councils_outcomes_are_written_by_quarter(sleep, in_care, lac_nurse, tmp_path):
    record(lac_nurse, in_care, sleep, "2", dt.date(2025, 12, 22))
    record(lac_nurse, in_care, sleep, "6.5", dt.date(2026, 1, 20))
    out = tmp_path / "outcomes.csv"
    call_command("lac", "outcomes", "--la", "E09000019", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 8  # one measure, eight quarters
    last = rows[-1]
    assert last["quarter_start"] == "2026-01-01" and last["median"] == "6.5"
    assert (last["children_in_care"], last["improved"], last["scale"]) == (
        "1",
        "1",
        "0 to 7 nights",
    )
    assert "Amelia" not in out.read_text() and in_care.nhs_number not in out.read_text()


def test_an_unknown_council_is_refused(cast, tmp_path):
    out = tmp_path / "outcomes.csv"
    with pytest.raises(CommandError) as caught:
        call_command("lac", "outcomes", "--la", "E99999999", "--out", str(out))
    assert caught.value.returncode == 2 and not out.exists()
