"""The SSDA903 return (R-LEAD-6): the OC2 rules as the DfE specifies them, the three tables
from the records, the command, the council's download page, and the DfE's own validator
passing them (csc-validator-be-903, in its own environment: ``make validator``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditEvent
from seenheard.core.clock import age_on
from seenheard.lac_health.models import LacChild
from seenheard.lac_health.returns.rules import (
    CollectionYear,
    EpisodeSpan,
    Oc2Facts,
    looked_after_continuously,
    oc2_health_cells,
    oc2_sdq_cells,
    sdq_expected,
)
from seenheard.lac_health.returns.tables import OC2_COLUMNS, ssda903_tables
from seenheard.lac_health.returns.tests.caseload import caseload_build
from seenheard.lac_health.returns.tests.validator import validate, validator_python

YEAR = CollectionYear(2026)


def span(decom: str, dec: str | None = None, rne: str = "S", rec: str = "", ls: str = "C2"):
    return EpisodeSpan(
        dt.date.fromisoformat(decom), dt.date.fromisoformat(dec) if dec else None, rne, rec, ls
    )


def test_continuously_looked_after_as_the_dfe_defines_it():
    assert looked_after_continuously([span("2020-01-01")], YEAR)
    assert looked_after_continuously([span("2025-04-01")], YEAR)  # from 1 April: 12 months
    assert not looked_after_continuously([span("2025-04-02")], YEAR)
    moved = [span("2020-01-01", "2025-09-01", rec="X1"), span("2025-09-01", rne="P")]
    assert looked_after_continuously(moved, YEAR)
    left = [span("2020-01-01", "2025-09-01", rec="E13")]
    assert not looked_after_continuously(left, YEAR)
    assert not looked_after_continuously([span("2020-01-01", ls="V3")], YEAR)
    assert not looked_after_continuously([span("2020-01-01", "2024-01-01", rec="E13")], YEAR)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2026, 3, 31)))
def test_sdq_ages(born: dt.date):
    expected = sdq_expected(born, YEAR)
    cells = oc2_sdq_cells(date_of_birth=born, year=YEAR, score=None, reason=None)
    assert cells == (("", "SDQ4") if expected else ("", ""))
    if age_on(born, YEAR.end) < 4 or age_on(born, YEAR.start) > 17:
        assert not expected
    if age_on(born, YEAR.start) >= 4 and age_on(born, YEAR.end) <= 16:
        assert expected


def test_sdq_cells_prefer_a_score_then_the_reason():
    born = dt.date(2015, 6, 1)
    assert oc2_sdq_cells(date_of_birth=born, year=YEAR, score=12, reason=None) == ("12", "")
    assert oc2_sdq_cells(date_of_birth=born, year=YEAR, score=None, reason="SDQ5") == ("", "SDQ5")
    assert oc2_sdq_cells(date_of_birth=dt.date(2023, 1, 1), year=YEAR, score=5, reason=None) == (
        "",
        "",
    )


def test_health_cells_coded_as_the_dfe_specifies():
    teen, toddler = dt.date(2011, 1, 1), dt.date(2023, 1, 1)
    cells = oc2_health_cells(
        Oc2Facts(
            immunisations=True,
            substance_misuse=True,
            intervention_received=False,
            intervention_offered=True,
            convicted=False,
        ),
        date_of_birth=teen,
        year=YEAR,
    )
    assert cells == {
        "CONVICTED": "0",
        "HEALTH_CHECK": "",
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "0",
        "HEALTH_ASSESSMENT": "0",
        "SUBSTANCE_MISUSE": "1",
        "INTERVENTION_RECEIVED": "0",
        "INTERVENTION_OFFERED": "1",
    }
    small = oc2_health_cells(Oc2Facts(health_check=True), date_of_birth=toddler, year=YEAR)
    assert (small["CONVICTED"], small["HEALTH_CHECK"], small["INTERVENTION_RECEIVED"]) == (
        "",
        "1",
        "",
    )


@pytest.fixture
def council(cast) -> Organisation:
    return Organisation.objects.get(code="E09000019")


@pytest.fixture
def caseload(council):
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        caseload_build(council, year=2026)
        yield council


@pytest.mark.django_db
def test_the_tables_from_the_records(caseload):
    tables = ssda903_tables(la=caseload, year=2026)
    assert len(tables.header) == 26
    refs = [row["CHILD"] for row in tables.oc2]
    assert "C0024" not in refs and "C0025" not in refs  # came into care, left care
    assert len(refs) == 24
    by_ref = {row["CHILD"]: row for row in tables.oc2}
    assert list(by_ref["C0001"]) == list(OC2_COLUMNS)
    assert any(row["SDQ_REASON"] == "SDQ2" for row in tables.oc2)
    assert any(row["SDQ_SCORE"] == "22" for row in tables.oc2)
    moved = [row for row in tables.episodes if row["CHILD"] == "C0000"]
    assert [row["RNE"] for row in moved] == ["S", "P"]
    assert moved[0]["DECOM"].count("/") == 2  # dd/mm/yyyy


@pytest.mark.django_db
def test_the_command_writes_three_files(caseload, tmp_path):
    out = io.StringIO()
    call_command(
        "returns",
        "ssda903",
        "--la",
        "E09000019",
        "--year",
        "2026",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episodes.csv", "header.csv", "oc2.csv"]
    rows = list(csv.DictReader((tmp_path / "oc2.csv").open(encoding="utf-8")))
    assert len(rows) == 24
    assert "oc2.csv: 24 rows" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--la", "E99999999", "--year", "2026"), "no council with that ONS code"),
        (("--la", "E09000019", "--year", "26"), "give the year of the 31 March"),
        (("--la", "E09000019", "--year", "1999"), "must be between"),
    ],
)
def test_the_command_refuses_bad_input(cast, tmp_path, args, words):
    with pytest.raises(CommandError, match=words) as refused:
        call_command("returns", "ssda903", *args, "--out", str(tmp_path / "out"))
    assert refused.value.returncode == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.django_db
def test_the_council_downloads_the_return_and_each_child_is_audited(caseload, client_for):
    client = client_for("social.worker")
    page = client.get("/council/returns/ssda903/")
    assert page.status_code == 200
    assert "SSDA903 return" in page.content.decode()
    response = client.post("/council/returns/ssda903/", {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["header.csv", "episodes.csv", "oc2.csv"]
    assert AuditEvent.objects.filter(object_type="Ssda903Return").count() == 26
    bad = client.post("/council/returns/ssda903/", {"year": "1990"})
    assert bad.status_code == 400
    assert "Choose the collection year" in bad.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["lac.nurse", "ae.nurse", "board", "admin"])
def test_others_get_not_found(cast, client_for, username):
    client = client_for(username)
    assert client.get("/council/returns/ssda903/").status_code == 404
    assert client.post("/council/returns/ssda903/", {"year": "2026"}).status_code == 404


@pytest.mark.django_db
def test_another_councils_worker_gets_only_their_own_children(caseload, client_for):
    response = client_for("stranger").post("/council/returns/ssda903/", {"year": "2026"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("header.csv").decode().strip() == "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
    assert not AuditEvent.objects.filter(object_type="Ssda903Return").exists()


@pytest.mark.django_db
def test_the_dfe_validator_finds_no_errors(caseload, tmp_path):
    """R-LEAD-6: the DfE's own validator, run in its own environment, passes the return."""
    validator_python()
    ssda903_tables(la=caseload, year=2026).write(tmp_path)
    done = validate(tmp_path, 2026, "E09000019")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rules run:" in done.stdout


@pytest.mark.django_db
def test_the_nurse_records_health_outcomes_for_the_return(caseload, client_for):
    from seenheard.children.models import CareRelationship, CareRelationshipKind

    lac_team = Organisation.objects.get(code="RDEMO-LAC")
    child = LacChild.objects.get(la=caseload, child_ref="C0001").child
    CareRelationship.objects.create(
        child=child,
        organisation=lac_team,
        kind=CareRelationshipKind.CASELOAD,
        started_on=dt.date(2024, 1, 1),
    )
    client = client_for("lac.nurse")
    assert client.get(f"/children/{child.pk}/health-return/").status_code == 200
    bad = client.post(
        f"/children/{child.pk}/health-return/", {"year": "2026", "teeth_check": "maybe"}
    )
    assert bad.status_code == 400
    assert "Choose yes or no" in bad.content.decode()
    done = client.post(
        f"/children/{child.pk}/health-return/",
        {
            "year": "2026",
            "immunisations": "yes",
            "teeth_check": "no",
            "health_assessment": "yes",
            "substance_misuse": "no",
            "convicted": "no",
        },
    )
    assert done.status_code == 302
    oc2 = {r["CHILD"]: r for r in ssda903_tables(la=caseload, year=2026).oc2}
    assert (oc2["C0001"]["IMMUNISATIONS"], oc2["C0001"]["TEETH_CHECK"]) == ("1", "0")
    assert client_for("stranger").get(f"/children/{child.pk}/health-return/").status_code == 404
