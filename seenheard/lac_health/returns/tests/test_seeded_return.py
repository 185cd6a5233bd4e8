"""R-LEAD-6, issue 11 item 8: the SSDA903 return made from the synthetic demo data, seeded as
``seenheard seed`` seeds it (2,000 children, as ``seenheard demo`` does), passes the DfE's own
validator for council A (Islington, E09000019): the collection year ending 31 March 2026 and
the one in progress. Slow-ish (the seed takes seconds); required in CI, skipped elsewhere
without ``make validator``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from seenheard.accounts.models import Organisation
from seenheard.core import clock
from seenheard.lac_health.returns.tables import ssda903_tables
from seenheard.lac_health.returns.tests.validator import validate, validator_python

COUNCIL_A = "E09000019"


def current_collection_year() -> int:
    """The collection year in progress: the one ending on the next 31 March."""
    today = clock.today()
    return today.year + (1 if today.month > 3 else 0)


@pytest.mark.django_db
def test_the_return_from_the_seeded_demo_passes_the_dfe_validator(tmp_path: Path):
    validator_python()
    call_command("seed", "--children", "2000", verbosity=0)
    islington = Organisation.objects.get(code=COUNCIL_A)
    failures = []
    for year in sorted({2026, current_collection_year()}):
        out = tmp_path / str(year)
        call_command("returns", "ssda903", "--la", COUNCIL_A, "--year", str(year), "--out", out)
        tables = ssda903_tables(la=islington, year=year)
        # A caseload worth checking: the 20 children in care, several in OC2.
        assert len(tables.header) >= 20, year
        assert len(tables.oc2) >= 5, year
        oc2 = list(csv.DictReader((out / "oc2.csv").open(encoding="utf-8")))
        assert len(oc2) == len(tables.oc2)
        done = validate(out, year, COUNCIL_A)
        if done.returncode != 0:
            failures.append(f"{year}:\n{done.stdout}{done.stderr}")
    assert not failures, "\n".join(failures)
