"""``seenheard children import``: the demographics feed, all or nothing (DESIGN rule 7).

Every bad row is reported as FILE:LINE:COLUMN with a plain reason, the exit status is 2 and
nothing changes; a good file adds new children and updates known ones, each audited
(DESIGN rule 3, R-FLAG-10).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.selectors import audit_chain_verify
from seenheard.children.errors import ImportRowsInvalid
from seenheard.children.models import Child
from seenheard.children.services import HEADER, DemographicsCsv, children_import

HEAD = ",".join(HEADER)
SCRIPT = Path(sys.executable).with_name("seenheard")
# Valid, checksum-correct test numbers outside the demo cast's and the seeder's ranges.
ANN, BOB, CAL = "9434765919", "9434765870", "9434765862"


def _csv(tmp_path: Path, text: str | bytes, name: str = "feed.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _run(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("children", "import", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(path: Path) -> list[str]:
    """Run an import that must fail; return the problem lines, and check nothing changed."""
    children, events = Child.objects.count(), AuditEvent.objects.count()  # scope-exempt: test
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("children", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert "nothing was imported" in str(caught.value)
    assert Child.objects.count() == children  # scope-exempt: test
    assert AuditEvent.objects.count() == events
    return err.getvalue().splitlines()


def _child(nhs: str) -> Child:
    return Child.objects.select_related("gp_practice", "responsible_la").get(
        nhs_number=nhs
    )  # scope-exempt: test


def test_a_good_file_adds_children_with_bom_and_crlf(cast, tmp_path):
    path = _csv(
        tmp_path,
        "\ufeff"
        + "\r\n".join(
            [
                HEAD,
                f"{ANN},Ann,Smith,2015-01-02,female,n1 1aa,YDEMO1,E09000019",
                "943 476 5870,Bob,Jones,2012-06-30,male,,,",
            ]
        )
        + "\r\n",
    )
    out, err = _run(path)
    assert f"{path}: added 2 children, updated 0, 0 unchanged." in out
    assert err == ""
    ann = _child(ANN)
    assert (ann.given_name, ann.family_name, ann.date_of_birth) == (
        "Ann",
        "Smith",
        dt.date(2015, 1, 2),
    )
    assert ann.postcode == "N1 1AA"
    assert ann.gp_practice.code == "YDEMO1" and ann.responsible_la.code == "E09000019"
    bob = _child(BOB)
    assert bob.gp_practice is None and bob.responsible_la is None
    # Found by the name search, so the search key was set although bulk_create skips save().
    assert bob.family_name_key == "jones"


def test_known_children_are_updated_and_every_change_audited(cast, tmp_path):
    _run(_csv(tmp_path, f"{HEAD}\n{ANN},Ann,Smith,2015-01-02,female,N1 1AA,YDEMO1,E09000019\n"))
    second = _csv(
        tmp_path,
        f"{HEAD}\n"
        f"{ANN},Anne,Smith-Hart,2015-01-02,female,,,\n"  # renamed; empty codes keep what is there
        f"{BOB},Bob,Jones,2012-06-30,male,B1 1AA,,E08000025\n"
        "9990000018,Amelia,Hart,2014-03-02,female,N1 9AA,YDEMO1,E09000019\n",  # the cast, as is
        "second.csv",
    )
    out, _ = _run(second)
    assert "added 1 child, updated 1, 1 unchanged." in out
    ann = _child(ANN)
    assert (ann.given_name, ann.family_name, ann.family_name_key) == (
        "Anne",
        "Smith-Hart",
        "smith-hart",
    )
    assert ann.gp_practice.code == "YDEMO1" and ann.postcode == "N1 1AA"
    events = AuditEvent.objects.filter(object_type="Child", channel="cli")
    assert events.filter(action=AuditAction.CREATE).count() == 2
    update = events.get(action=AuditAction.UPDATE)
    assert update.child_id == ann.pk
    assert set(update.detail["changed"]) == {"given_name", "family_name"}
    assert update.detail["source"] == "second.csv"
    assert AuditEvent.objects.filter(object_type="ChildrenImport").count() == 2
    checked, broken = audit_chain_verify()
    assert broken is None and checked == AuditEvent.objects.count()


def test_the_service_takes_rows_and_writes_nothing_for_one_bad_row(cast):
    from seenheard.accounts.management.cli import cli_actor

    rows = [
        (1, list(HEADER)),
        (2, [ANN, "Ann", "Smith", "2015-01-02", "female", "", "", ""]),
        (3, [BOB, "Bob", "Jones", "2012-06-31", "male", "", "", ""]),
    ]
    with pytest.raises(ImportRowsInvalid) as refused:
        children_import(actor=cli_actor(), rows=iter(rows), source="rows")
    assert [(p.line, p.column) for p in refused.value.problems] == [(3, 4)]
    assert not Child.objects.filter(nhs_number=ANN).exists()  # scope-exempt: test
    summary = children_import(actor=cli_actor(), rows=rows[:2], source="rows")
    assert (summary.added, summary.updated) == (1, 0)


BAD_ROWS = [
    pytest.param(
        "9434765918,Ann,Smith,2015-01-02,female,,,",
        "2:1: 9434765918 is not a valid NHS number: the check digit does not match",
        id="nhs-check-digit",
    ),
    pytest.param(
        "94347659,Ann,Smith,2015-01-02,female,,,",
        "2:1: 94347659 is not a valid NHS number: it has 8 digits, not 10",
        id="nhs-length",
    ),
    pytest.param(
        "943476591X,Ann,Smith,2015-01-02,female,,,",
        "2:1: 943476591X is not a valid NHS number: it must contain only numbers",
        id="nhs-letters",
    ),
    pytest.param(
        ",Ann,Smith,2015-01-02,female,,,", "2:1: the NHS number is missing", id="nhs-empty"
    ),
    pytest.param(
        f"{ANN},Ann,Smith,02/01/2015,female,,,",
        "2:4: 02/01/2015 is not a date in the form YYYY-MM-DD",
        id="date-format",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-02-30,female,,,",
        "2:4: 2015-02-30 is not a real date",
        id="date-unreal",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2999-01-01,female,,,",
        "2:4: 2999-01-01 is in the future: a date of birth cannot be after today",
        id="date-future",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,F,,,",
        "2:5: F is not a sex this import understands: use one of female, male, other, unknown",
        id="sex-unknown",
    ),
    pytest.param(
        f"{ANN},,Smith,2015-01-02,female,,,", "2:2: the given name is missing", id="no-name"
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female,,Y99999,",
        "2:7: no GP practice has the code Y99999",
        id="gp-unknown",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female,,RDEMO-ED,",
        "2:7: RDEMO-ED is not a GP practice",
        id="gp-not-a-practice",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female,,,E09999999",
        "2:8: no local authority has the code E09999999",
        id="la-unknown",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female,,,RDEMO",
        "2:8: RDEMO is not a local authority",
        id="la-not-a-council",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female",
        "2:6: this line has 5 fields, but every line needs 8",
        id="too-few-fields",
    ),
    pytest.param(
        f"{ANN},Ann,Smith,2015-01-02,female,,,,extra",
        "2:9: this line has 9 fields, but every line needs 8",
        id="too-many-fields",
    ),
]


@pytest.mark.parametrize(("row", "expected"), BAD_ROWS)
def test_each_bad_row_is_reported_by_line_and_column_and_nothing_changes(
    cast, tmp_path, row, expected
):
    good = f"{CAL},Cal,Good,2016-05-05,other,,,"
    path = _csv(tmp_path, f"{HEAD}\n{row}\n{good}\n")
    lines = _refused(path)
    assert lines[0].startswith(f"{path}:{expected}")
    assert len(lines) == 1
    assert not Child.objects.filter(nhs_number=CAL).exists()  # scope-exempt: test


def test_every_problem_in_the_file_is_listed(cast, tmp_path):
    path = _csv(
        tmp_path,
        f"{HEAD}\n"
        f"{ANN},Ann,Smith,2015-01-02,female,,,\n"
        f"{BOB},Bob,Jones,2015-13-01,dunno,,NOPE,\n"
        f"{ANN},Ann,Again,2015-01-02,female,,,\n",
    )
    lines = _refused(path)
    assert lines == [
        f"{path}:3:4: 2015-13-01 is not a real date",
        f"{path}:3:5: dunno is not a sex this import understands: "
        "use one of female, male, other, unknown",
        f"{path}:3:7: no GP practice has the code NOPE",
        f"{path}:4:1: {ANN} is already on line 2: each child may appear once",
    ]


def test_a_wrong_header_is_reported_on_line_one(cast, tmp_path):
    path = _csv(
        tmp_path,
        f"nhs,given_name,family_name,date_of_birth,sex,postcode,gp_practice,la\n{ANN},Ann,Smith,2015-01-02,female,,,\n",
    )
    (line,) = _refused(path)
    assert line.startswith(f"{path}:1:1: the first line must be the header {HEAD}")


def test_an_empty_file_is_refused(cast, tmp_path):
    (line,) = _refused(_csv(tmp_path, ""))
    assert line.endswith(f":1:1: the file is empty: it needs the header line {HEAD}")


def test_a_file_that_is_not_utf8_is_refused_at_the_line(cast, tmp_path):
    path = _csv(tmp_path, f"{HEAD}\n{ANN},Ren".encode() + b"\xe9e,Smith,2015-01-02,female,,,\n")
    (line,) = _refused(path)
    assert line.startswith(f"{path}:2:2: this line is not UTF-8 text (byte 0xe9)")


def test_a_binary_file_is_refused(cast, tmp_path):
    (line,) = _refused(_csv(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert ":1:1: this is not a text file" in line


def test_a_missing_file_is_a_plain_error(cast, tmp_path):
    with pytest.raises(CommandError, match="there is no file with that name") as caught:
        call_command("children", "import", str(tmp_path / "absent.csv"))
    assert caught.value.returncode == 2


def test_the_reader_is_reiterable_and_numbers_physical_lines(tmp_path):
    path = _csv(
        tmp_path,
        f'{HEAD}\n\n{ANN},"Ann\nMarie",Smith,2015-01-02,female,,,\n{BOB},B,J,2015-01-02,male,,,\n',
    )
    first = list(DemographicsCsv(path))
    assert first == list(DemographicsCsv(path))
    assert [item[0] for item in first] == [1, 3, 5]


def test_the_real_script_exits_2_with_located_problems_and_0_on_success(cli_env, cast, tmp_path):
    bad = _csv(tmp_path, f"{HEAD}\n9434765918,Ann,Smith,2015-01-02,female,,,\n", "bad.csv")
    done = subprocess.run(
        [str(SCRIPT), "children", "import", str(bad)],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert (
        f"{bad}:2:1: 9434765918 is not a valid NHS number: the check digit does not match"
        in done.stderr
    )
    assert "CommandError" not in done.stderr and "Traceback" not in done.stderr
    good = _csv(tmp_path, f"{HEAD}\n{ANN},Ann,Smith,2015-01-02,female,,,\n", "good.csv")
    done = subprocess.run(
        [str(SCRIPT), "children", "import", str(good)],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "added 1 child" in done.stdout
    assert Child.objects.filter(nhs_number=ANN).exists()  # scope-exempt: test
