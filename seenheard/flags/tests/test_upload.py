"""Council uploads keep the flag index current (R-FLAG-2)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from seenheard.access.actor import system_actor
from seenheard.audit.models import AuditEvent
from seenheard.children.models import Adult, Sex
from seenheard.flags.errors import FlagUploadRefused
from seenheard.flags.models import FlagUpload, ProtectionFlag, UploadStatus
from seenheard.flags.upload.apply import flag_upload_apply
from seenheard.flags.upload.parse import HEADER
from seenheard.flags.upload.selectors import flag_match_warning

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
HEAD = ",".join(HEADER)
AMELIA = "9990000018,2014-03-02"
JAYDEN = "9990000026,2019-07-14"
NOAH = "9990000034,2010-11-30"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def upload(
    cast,
    body: str | bytes,
    *,
    sequence: int = 1,
    full: bool = False,
    la: str = "E09000019",
    actor=None,
):
    content = body.encode() if isinstance(body, str) else body
    return flag_upload_apply(
        actor=actor or system_actor(cast[la], channel="cli"),
        la_code=la,
        sequence=sequence,
        full=full,
        content=content,
        filename="f.csv",
    )


def flags_snapshot():
    return sorted(
        ProtectionFlag.objects.values_list(
            "nhs_number", "plan_type", "start_date", "end_date", "entered_in_error"
        )
    )


def test_a_clean_delta_applies_every_record(cast):
    result = upload(cast, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n")
    assert result.status == UploadStatus.APPLIED
    assert result.exit_code == 0
    flag = ProtectionFlag.objects.get(nhs_number="9990000018")
    assert flag.plan_type == "LAC"
    assert flag.child is not None and flag.child.given_name == "Amelia"
    assert flag.la.code == "E09000019"
    # Every change to a child's record is audited, in the chain.
    assert AuditEvent.objects.filter(object_type="ProtectionFlag", action="create").count() == 2


def test_each_bad_record_is_rejected_with_its_code_and_the_rest_applied(cast):
    body = (
        "\n".join(
            [
                HEAD,
                f"{AMELIA},LAC,2024-01-08,,",  # 2 applied
                "9990000019,2014-03-02,LAC,2024-01-08,,",  # 3 check digit wrong
                "9990000042,2014-03-02,CPP,2024-01-08,,",  # 4 valid number, nobody has it
                "9990000026,2019-07-15,CPP,2025-02-01,,",  # 5 wrong date of birth
                f"{NOAH},XYZ,2025-02-01,,",  # 6 unknown plan type
                f"{NOAH},CPP,2025-02-30,,",  # 7 no 30 February
                f"{NOAH},CPP,2025-02-01,2025-01-01,",  # 8 ends before it starts
                f"{NOAH},CPP,2026-12-01,,",  # 9 starts in the future
                f"{AMELIA},LAC,2024-01-08,,",  # 10 duplicate of line 2
                f"{NOAH},CPP,01/02/2025,,",  # 11 wrong date format
            ]
        )
        + "\n"
    )
    result = upload(cast, body)
    assert result.status == UploadStatus.PARTLY_APPLIED
    assert result.exit_code == 1
    codes = [(r.line, r.code) for r in result.rejections]
    assert codes == [
        (3, "invalid-nhs-number"),
        (4, "no-match"),
        (5, "dob-mismatch"),
        (6, "invalid-plan-type"),
        (7, "invalid-date"),
        (8, "end-before-start"),
        (9, "start-in-future"),
        (10, "duplicate-in-file"),
        (11, "invalid-date"),
    ]
    assert "check digit does not match" in result.rejections[0].message
    assert "No known child has the NHS number 9990000042" in result.rejections[1].message
    assert ProtectionFlag.objects.count() == 1
    stored = FlagUpload.objects.get(pk=result.upload.pk)
    assert (stored.records, stored.applied, stored.rejected) == (10, 1, 9)
    assert stored.rejections.count() == 9


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (HEAD.encode() + b"\n", "no records"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"nhs_number,date_of_birth,plan_type\n9990000018,2014-03-02,LAC\n", "header"),
        (f"{HEAD},extra\n{AMELIA},LAC,2024-01-08,,,x\n".encode(), "header"),
        (f"{HEAD}\n{AMELIA},LAC,2024-01-08\n".encode(), "Line 2 has 4 fields"),
        (f"{HEAD}\n{AMELIA},LAC,2024-01-08,,,\n".encode(), "Line 2 has 7 fields"),
        (f"{HEAD}\n9990000018,2014-03-02,LAC,2024-01-08,,\n".encode("utf-16"), "binary"),
        (f"{HEAD}\nJos\xe9,2014-03-02,LAC,2024-01-08,,\n".encode("latin-1"), "not UTF-8"),
        (b"x" * (21 * 1024 * 1024), "limit is 20 MB"),
    ],
    ids=[
        "empty",
        "header-only",
        "binary",
        "missing-columns",
        "extra-columns",
        "short-row",
        "long-row",
        "utf16",
        "latin1",
        "too-large",
    ],
)
def test_a_malformed_file_is_rejected_whole_and_changes_nothing(cast, content, says):
    upload(cast, f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1)
    before = flags_snapshot()
    result = upload(cast, content, sequence=2)
    assert result.status == UploadStatus.REJECTED
    assert result.exit_code == 2
    assert says in result.upload.problem
    assert flags_snapshot() == before


def test_byte_order_mark_and_windows_line_endings_are_accepted(cast):
    body = ("\ufeff" + f"{HEAD}\r\n{AMELIA},LAC,2024-01-08,,\r\n").encode()
    result = upload(cast, body)
    assert result.status == UploadStatus.APPLIED
    assert ProtectionFlag.objects.filter(nhs_number="9990000018").exists()


def test_the_same_file_twice_changes_nothing_the_second_time(cast):
    body = f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n"
    upload(cast, body, sequence=1)
    before, events = (
        flags_snapshot(),
        AuditEvent.objects.filter(object_type="ProtectionFlag").count(),
    )
    again = upload(cast, body, sequence=1)
    assert again.status == UploadStatus.ALREADY_APPLIED
    assert again.exit_code == 0
    assert flags_snapshot() == before
    assert AuditEvent.objects.filter(object_type="ProtectionFlag").count() == events


def test_out_of_sequence_or_reused_sequence_is_rejected_whole(cast):
    upload(cast, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence=5)
    before = flags_snapshot()
    changed = f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n"
    reused = upload(cast, changed, sequence=5)
    assert reused.status == UploadStatus.REJECTED
    assert "already applied" in reused.upload.problem
    older = upload(cast, changed, sequence=4)
    assert older.status == UploadStatus.REJECTED
    assert "out of sequence" in older.upload.problem
    assert flags_snapshot() == before
    assert upload(cast, changed, sequence=6).status == UploadStatus.APPLIED


def test_unknown_council_is_refused(cast):
    with pytest.raises(FlagUploadRefused, match="No local authority"):
        flag_upload_apply(
            actor=system_actor(cast["E09000019"], channel="cli"),
            la_code="E09999999",
            sequence=1,
            full=False,
            content=b"x",
        )
    with pytest.raises(FlagUploadRefused, match="No local authority"):
        # An NHS trust is not a council.
        flag_upload_apply(
            actor=system_actor(cast["E09000019"], channel="cli"),
            la_code="RDEMO",
            sequence=1,
            full=False,
            content=b"x",
        )


def test_a_council_cannot_upload_for_another_council(cast, actor_named):
    birmingham_admin = actor_named("stranger")  # a social worker at Birmingham
    islington_admin = actor_named("flag.admin")
    body = f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n"
    with pytest.raises(FlagUploadRefused, match="cannot upload flags for Islington"):
        upload(cast, body, actor=birmingham_admin)
    assert ProtectionFlag.objects.count() == 0
    assert upload(cast, body, actor=islington_admin).status == UploadStatus.APPLIED


def test_a_full_file_ends_open_flags_missing_from_it(cast):
    upload(cast, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1)
    result = upload(cast, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence=2, full=True)
    assert result.upload.ended_by_full == 1
    jayden = ProtectionFlag.objects.get(nhs_number="9990000026")
    assert jayden.end_date == dt.date(2026, 11, 25)
    assert ProtectionFlag.objects.get(nhs_number="9990000018").end_date is None


def test_a_full_file_does_not_end_a_plan_whose_line_was_rejected(cast):
    upload(cast, f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1)
    # This month's line for Jayden has a typo in the start date: reject it, keep the plan.
    upload(cast, f"{HEAD}\n{JAYDEN},CPP,2025-02-31,,\n", sequence=2, full=True)
    assert ProtectionFlag.objects.get(nhs_number="9990000026").end_date is None


def test_a_delta_file_ends_and_removes_records(cast):
    upload(cast, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1)
    result = upload(
        cast,
        f"{HEAD}\n{AMELIA},LAC,2024-01-08,2026-11-01,\n"
        f"{JAYDEN},CPP,2025-02-01,,Y\n{NOAH},CPP,2025-02-01,,Y\n",
        sequence=2,
    )
    assert [(r.line, r.code) for r in result.rejections] == [(4, "no-such-record")]
    assert ProtectionFlag.objects.get(nhs_number="9990000018").end_date == dt.date(2026, 11, 1)
    removed = ProtectionFlag.objects.get(nhs_number="9990000026")
    assert removed.entered_in_error  # kept, marked, never deleted


def test_an_unborn_childs_plan_is_held_against_the_mother(cast):
    Adult.objects.create(
        nhs_number="9990000042",
        given_name="Mia",
        family_name="Hart",
        date_of_birth=dt.date(1998, 5, 5),
        sex=Sex.FEMALE,
    )
    result = upload(
        cast,
        f"{HEAD}\n9990000042,1998-05-05,UCPP,2026-10-01,,\n"
        f"9990000042,1998-05-05,CPP,2026-10-01,,\n",
    )
    assert [(r.line, r.code) for r in result.rejections] == [(3, "no-match")]
    flag = ProtectionFlag.objects.get(nhs_number="9990000042")
    assert flag.plan_type == "UCPP"
    assert flag.mother is not None and flag.child is None


def test_match_rate_warning_below_95_percent(cast):
    good = [f"{AMELIA},LAC,2024-01-08,,"]
    bad = ["9990000042,2014-03-02,CPP,2024-01-08,,"]
    upload(cast, "\n".join([HEAD, *good, *bad]) + "\n", sequence=1)
    warning = flag_match_warning(la=cast["E09000019"])
    assert warning is not None and "50.0%" in warning
    upload(cast, "\n".join([HEAD, *good]) + "\n", sequence=2)
    assert flag_match_warning(la=cast["E09000019"]) is None


def test_cli_reports_file_line_column_and_exit_status(cast, tmp_path: Path, capsys):
    path = tmp_path / "islington.csv"
    path.write_text(f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{NOAH},CPP,2025-02-30,,\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("flags", "upload", str(path), "--la", "E09000019", "--sequence", "1")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"{path}:3:4: invalid-date: The start date '2025-02-30' is not a date" in out
    assert "2 records, 1 applied, 1 rejected" in out
    assert "match rate 100.0%" in out  # both lines name Amelia and Noah correctly


def test_cli_report_file(cast, tmp_path: Path):
    path = tmp_path / "islington.csv"
    report = tmp_path / "report.csv"
    path.write_text(f"{HEAD}\n9990000042,2014-03-02,CPP,2024-01-08,,\n")
    with pytest.raises(SystemExit):
        call_command(
            "flags",
            "upload",
            str(path),
            "--la",
            "E09000019",
            "--sequence",
            "1",
            "--report",
            str(report),
        )
    lines = report.read_text().splitlines()
    assert lines[0] == "line,nhs_number,code,message"
    assert lines[1].startswith("2,9990000042,no-match,")


def test_cli_exit_status_2_for_a_rejected_file(cli_env, cast, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("nhs,dob\n1,2\n")
    script = Path(sys.executable).parent / "seenheard"
    done = subprocess.run(
        [str(script), "flags", "upload", str(path), "--la", "E09000019", "--sequence", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=cli_env,
    )
    assert done.returncode == 2
    assert f"{path}:1:1: file rejected, nothing changed: Line 1: the header row" in done.stderr


def test_a_full_file_with_an_unreadable_plan_type_keeps_that_childs_plans(cast):
    upload(cast, f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1)
    result = upload(cast, f"{HEAD}\n{JAYDEN},cpp!,2025-02-01,,\n", sequence=2, full=True)
    assert [r.code for r in result.rejections] == ["invalid-plan-type"]
    assert result.upload.ended_by_full == 0
    assert ProtectionFlag.objects.get(nhs_number="9990000026").end_date is None


def test_match_rate_warning_follows_the_last_full_list_not_a_small_delta(cast):
    good = f"{AMELIA},LAC,2024-01-08,,"
    bad = "9990000042,2014-03-02,CPP,2024-01-08,,"
    upload(cast, "\n".join([HEAD, good, bad]) + "\n", sequence=1, full=True)
    # A one-line delta that matches does not make a half-matching list look healthy.
    upload(cast, f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n", sequence=2)
    warning = flag_match_warning(la=cast["E09000019"])
    assert warning is not None and "upload 1" in warning


@pytest.mark.parametrize(
    ("sequence", "message"),
    [
        ("\uff11\uff12", "The sequence number must be a whole number, like 12."),
        ("1_000", "The sequence number must be a whole number, like 12."),
        ("-3", "The sequence number must be a whole number, like 12."),
        ("9" * 20, "The sequence number must be 15 digits or fewer."),
        ("0", "The sequence number must be 1 or more."),
    ],
)
def test_cli_takes_the_sequence_number_as_strictly_as_the_page(cast, tmp_path, sequence, message):
    """Issue 7 section 2: numbers from outside are parsed strictly everywhere. Python's int()
    read full-width twelve as 12 and "1_000" as 1000; the page refused both."""
    from django.core.management.base import CommandError

    path = tmp_path / "islington.csv"
    path.write_text(f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n")
    with pytest.raises(CommandError, match=f"argument --sequence: {message}"):
        call_command("flags", "upload", str(path), "--la", "E09000019", "--sequence", sequence)
    assert not FlagUpload.objects.exists()
    assert not ProtectionFlag.objects.exists()
