"""Council uploads: gaps in the sequence, late files, what each record did, and records for
children another council is responsible for (R-FLAG-2, issue 7, ADR 021)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from seenheard.access.actor import actor_for, system_actor
from seenheard.accounts.models import User
from seenheard.audit.models import AuditEvent
from seenheard.flags.errors import FlagUploadRefused, GapNotOpen, GapReasonMissing
from seenheard.flags.models import (
    FlagUploadChange,
    FlagUploadGapClosure,
    ProtectionFlag,
    UploadChangeKind,
    UploadStatus,
)
from seenheard.flags.presenters import gaps_sentence
from seenheard.flags.upload.apply import flag_upload_apply
from seenheard.flags.upload.gaps import flag_upload_gap_close
from seenheard.flags.upload.parse import HEADER
from seenheard.flags.upload.selectors import flag_upload_gaps

pytestmark = pytest.mark.django_db
HEAD = ",".join(HEADER)
AMELIA = "9990000018,2014-03-02"
JAYDEN = "9990000026,2019-07-14"
NOAH = "9990000034,2010-11-30"
ISLINGTON = "E09000019"
BIRMINGHAM = "E08000025"
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def upload(cast, body: str, *, sequence: int, day: int, full: bool = False, la: str = ISLINGTON):
    """Upload on the given day after START: each upload at its own time, as in life."""
    with time_machine.travel(START + dt.timedelta(days=day), tick=False):
        return flag_upload_apply(
            actor=system_actor(cast[la], channel="cli"),
            la_code=la,
            sequence=sequence,
            full=full,
            content=(HEAD + "\n" + body).encode(),
            filename="f.csv",
        )


def admin_actor():
    return actor_for(User.objects.get(username="flag.admin"))


# -- gaps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gaps", "sentence"),
    [
        ([], ""),
        ([(3, 3)], "File 3 has not been received."),
        ([(3, 4)], "Files 3 and 4 have not been received."),
        ([(3, 6)], "Files 3 to 6 have not been received."),
        ([(3, 3), (5, 6)], "Files 3 and 5 to 6 have not been received."),
    ],
)
def test_the_gap_is_said_as_a_person_would(gaps, sentence):
    assert gaps_sentence(gaps) == sentence


def test_a_gap_is_applied_and_said_until_the_files_arrive(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    result = upload(cast, f"{JAYDEN},CPP,2025-02-01,,\n", sequence=7, day=1)
    assert result.status == UploadStatus.APPLIED
    assert ProtectionFlag.objects.filter(nhs_number="9990000026").exists()
    assert result.gaps == [(3, 6)]
    assert gaps_sentence(result.gaps) == "Files 3 to 6 have not been received."
    # File 4 arrives late: it is accepted and applied; 3, 5 and 6 are still missing.
    late = upload(cast, f"{NOAH},CPP,2025-02-01,,\n", sequence=4, day=2)
    assert late.status == UploadStatus.APPLIED
    assert ProtectionFlag.objects.filter(nhs_number="9990000034").exists()
    assert late.gaps == [(3, 3), (5, 6)]
    for sequence, day in ((3, 3), (5, 4), (6, 5)):
        result = upload(cast, f"{NOAH},CPP,2025-02-01,,\n", sequence=sequence, day=day)
        assert result.status == UploadStatus.APPLIED
    assert flag_upload_gaps(la=cast[ISLINGTON]) == [] == result.gaps


def test_numbers_before_the_first_file_are_not_missing(cast):
    result = upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=5, day=0)
    assert result.gaps == []
    # And 4 is still out of sequence, as before: nothing was ever missing there.
    older = upload(cast, f"{JAYDEN},CPP,2025-02-01,,\n", sequence=4, day=1)
    assert older.status == UploadStatus.REJECTED and "out of sequence" in older.upload.problem


def test_a_late_file_never_undoes_what_a_later_file_changed(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n", sequence=2, day=0)
    upload(cast, f"{AMELIA},LAC,2024-01-08,2026-11-01,\n", sequence=7, day=1)  # Amelia's ends
    # File 4, made before 7, still has Amelia's plan open, and ends Jayden's.
    late = upload(
        cast, f"{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,2026-10-30,\n", sequence=4, day=2
    )
    assert late.status == UploadStatus.PARTLY_APPLIED
    assert [(r.line, r.code) for r in late.rejections] == [(2, "superseded-by-later-file")]
    assert ProtectionFlag.objects.get(nhs_number="9990000018").end_date == dt.date(2026, 11, 1)
    assert ProtectionFlag.objects.get(nhs_number="9990000026").end_date == dt.date(2026, 10, 30)


def test_a_late_record_that_changes_nothing_is_not_rejected(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    upload(cast, f"{AMELIA},LAC,2024-01-08,2026-11-01,\n", sequence=7, day=1)
    late = upload(cast, f"{AMELIA},LAC,2024-01-08,2026-11-01,\n", sequence=4, day=2)
    assert late.status == UploadStatus.APPLIED


def test_a_late_file_cannot_make_again_a_record_removed_since(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    upload(cast, f"{AMELIA},LAC,2024-01-08,,Y\n", sequence=7, day=1)  # entered in error
    late = upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=4, day=2)
    assert [r.code for r in late.rejections] == ["superseded-by-later-file"]
    assert not ProtectionFlag.objects.filter(nhs_number="9990000018", entered_in_error=False)


def test_a_late_complete_list_ends_nothing_and_cannot_open_what_a_later_one_left_out(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=7, day=1, full=True)
    # File 4 was a complete list too, without Amelia and with Noah: it is older than 7.
    late = upload(cast, f"{NOAH},CPP,2025-02-01,,\n", sequence=4, day=2, full=True)
    assert late.upload.ended_by_full == 0
    assert ProtectionFlag.objects.get(nhs_number="9990000018").end_date is None
    assert [(r.line, r.code) for r in late.rejections] == [(2, "superseded-by-later-file")]
    assert "File 7, a complete list" in late.rejections[0].message
    assert not ProtectionFlag.objects.filter(nhs_number="9990000034").exists()


def test_an_administrator_records_why_files_will_never_arrive(cast):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    upload(cast, f"{JAYDEN},CPP,2025-02-01,,\n", sequence=7, day=1)
    closure = flag_upload_gap_close(
        actor=admin_actor(),
        la_code=ISLINGTON,
        first=3,
        last=6,
        reason="The case system skipped these numbers during its upgrade.",
    )
    assert flag_upload_gaps(la=cast[ISLINGTON]) == []
    event = AuditEvent.objects.get(object_type="FlagUploadGapClosure", object_id=str(closure.pk))
    assert event.actor_username == "flag.admin" and event.detail["first"] == 3
    # A file with one of those numbers is now out of sequence, and says why.
    late = upload(cast, f"{NOAH},CPP,2025-02-01,,\n", sequence=5, day=2)
    assert late.status == UploadStatus.REJECTED
    assert "recorded as never going to arrive" in late.upload.problem
    assert "skipped these numbers" in late.upload.problem
    assert not ProtectionFlag.objects.filter(nhs_number="9990000034").exists()


def test_closing_a_gap_needs_a_reason_and_a_real_gap_and_changes_nothing_otherwise(
    cast, actor_named
):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    upload(cast, f"{JAYDEN},CPP,2025-02-01,,\n", sequence=7, day=1)
    with pytest.raises(GapReasonMissing, match="Enter why"):
        flag_upload_gap_close(actor=admin_actor(), la_code=ISLINGTON, first=3, last=6, reason=" ")
    with pytest.raises(GapReasonMissing, match="1,000 characters or fewer"):
        flag_upload_gap_close(
            actor=admin_actor(), la_code=ISLINGTON, first=3, last=6, reason="x" * 1001
        )
    with pytest.raises(GapNotOpen):
        flag_upload_gap_close(actor=admin_actor(), la_code=ISLINGTON, first=3, last=4, reason="x")
    with pytest.raises(FlagUploadRefused):
        flag_upload_gap_close(
            actor=actor_named("social.worker"), la_code=ISLINGTON, first=3, last=6, reason="x"
        )
    assert not FlagUploadGapClosure.objects.exists()
    assert flag_upload_gaps(la=cast[ISLINGTON]) == [(3, 6)]


def test_the_command_line_report_says_which_files_have_not_been_received(
    cast, tmp_path: Path, capsys
):
    upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=2, day=0)
    path = tmp_path / "islington.csv"
    path.write_text(f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n")
    call_command("flags", "upload", str(path), "--la", ISLINGTON, "--sequence", "7")
    assert "Files 3 to 6 have not been received." in capsys.readouterr().out


# -- what each record did -----------------------------------------------------------------------


def changes(result) -> list[tuple[str, int, str]]:
    return sorted(
        FlagUploadChange.objects.filter(upload=result.upload).values_list(
            "kind", "line", "nhs_number"
        )
    )


def test_each_child_flagged_ended_or_removed_is_recorded(cast):
    first = upload(
        cast, f"{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n", sequence=1, day=0
    )
    assert changes(first) == [("flagged", 2, "9990000018"), ("flagged", 3, "9990000026")]
    second = upload(
        cast,
        f"{AMELIA},LAC,2024-01-08,2026-11-01,\n{JAYDEN},CPP,2025-02-01,,Y\n",
        sequence=2,
        day=1,
    )
    assert changes(second) == [("deleted", 3, "9990000026"), ("ended", 2, "9990000018")]
    upload(cast, f"{NOAH},CPP,2025-02-01,,\n", sequence=3, day=2)
    full = upload(cast, f"{AMELIA},LAC,2024-01-08,2026-11-01,\n", sequence=4, day=3, full=True)
    assert changes(full) == [("not-in-file", 0, "9990000034")]


def test_records_for_children_another_council_is_responsible_for_are_applied_and_named(cast):
    # Islington is responsible for Amelia; Birmingham holds a plan for her (placed out of area).
    result = upload(cast, f"{AMELIA},CPP,2025-06-01,,\n", sequence=1, day=0, la=BIRMINGHAM)
    assert result.status == UploadStatus.APPLIED
    flag = ProtectionFlag.objects.get(nhs_number="9990000018", la__code=BIRMINGHAM)
    assert flag.child is not None
    # Said on the record's own row (it flagged her), with the council responsible for her.
    other = FlagUploadChange.objects.get(upload=result.upload)
    assert other.kind == UploadChangeKind.FLAGGED and other.line == 2
    assert other.council is not None and other.council.code == ISLINGTON
    # The same record again changes nothing, and is still said to be another council's.
    again = upload(cast, f"{AMELIA},CPP,2025-06-01,,\n", sequence=2, day=1, la=BIRMINGHAM)
    same = FlagUploadChange.objects.get(upload=again.upload)
    assert same.kind == UploadChangeKind.OTHER_COUNCIL
    assert same.council is not None and same.council.code == ISLINGTON
    # Islington's own records for its own children are not "another council's".
    own = upload(cast, f"{AMELIA},LAC,2024-01-08,,\n", sequence=1, day=2)
    assert not FlagUploadChange.objects.filter(upload=own.upload, council__isnull=False).exists()
