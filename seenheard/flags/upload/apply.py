"""Applying a council's flag file (R-FLAG-2, ADR 009, ADR 021): the service every way in uses
(the uploads page, ``seenheard flags upload``).

A malformed file, or one out of sequence, is rejected whole and changes nothing. Otherwise every
record is checked first, and the records that pass are applied together in one transaction:
each record is applied completely or not at all, and each rejected record is reported with its
line number and a reason code. The same file sent twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from seenheard.access.actor import Actor
from seenheard.access.scope import manages_flags_of
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.bulk import copy_rows, gc_paused
from seenheard.flags.errors import NotCouncilFlagAdministrator
from seenheard.flags.models import (
    FlagUpload,
    FlagUploadChange,
    FlagUploadGapClosure,
    FlagUploadRejection,
    UploadStatus,
)
from seenheard.flags.upload.checks import Rejection
from seenheard.flags.upload.parse import FileProblem, RawRecord, parse_flag_file
from seenheard.flags.upload.plan import plan_records
from seenheard.flags.upload.reads import end_missing
from seenheard.flags.upload.selectors import applied_uploads, council_get, flag_upload_gaps
from seenheard.flags.upload.types import Late, Plan
from seenheard.flags.upload.write import plan_write

_CHANGE_COLUMNS = (
    "upload_id",
    "kind",
    "line",
    "nhs_number",
    "plan_type",
    "child_id",
    "mother_id",
    "council_id",
)


@dataclass
class UploadResult:
    upload: FlagUpload
    rejections: list[Rejection] = field(default_factory=list)
    # The council's files not yet received, after this upload (ADR 021).
    gaps: list[tuple[int, int]] = field(default_factory=list)

    @property
    def status(self) -> UploadStatus:
        return UploadStatus(self.upload.status)

    @property
    def exit_code(self) -> int:
        """0 every record applied (or already applied), 1 some rejected, 2 file rejected."""
        return {
            UploadStatus.APPLIED: 0,
            UploadStatus.ALREADY_APPLIED: 0,
            UploadStatus.PARTLY_APPLIED: 1,
            UploadStatus.REJECTED: 2,
        }[self.status]


@dataclass(frozen=True)
class _File:
    """The file being applied: what every FlagUpload row made for it records."""

    la: Organisation
    sequence: int
    full: bool
    digest: str
    filename: str


def _upload_new(actor: Actor, file: _File, *, status: UploadStatus, **values: Any) -> FlagUpload:
    """The upload's row, as received by the actor (``values``: the counts, a problem, a time)."""
    values.setdefault("uploaded_at", clock.now())
    return FlagUpload.objects.create(
        la=file.la,
        sequence=file.sequence,
        full=file.full,
        content_sha256=file.digest,
        filename=file.filename,
        channel=actor.channel,
        uploaded_by=actor.username,
        status=status,
        **values,
    )


def _reject_whole(actor: Actor, file: _File, *, problem: str, line: int = 0) -> UploadResult:
    upload = _upload_new(
        actor, file, status=UploadStatus.REJECTED, problem=problem, problem_line=line
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FlagUpload",
        object_id=upload.pk,
        detail={"status": upload.status, "problem": problem},
    )
    return UploadResult(upload)


def _out_of_sequence(*, la: Organisation, sequence: int, last: int) -> str:
    closure = (
        FlagUploadGapClosure.objects.filter(la=la, first__lte=sequence, last__gte=sequence)
        .order_by("-closed_at")
        .first()
    )
    if closure is not None:
        return (
            f"File {sequence} was recorded as never going to arrive, by {closure.closed_by_name} "
            f"on {closure.closed_at:%-d %B %Y}: \u201c{closure.reason}\u201d. Send this file with "
            f"the next sequence number, {last + 1}."
        )
    return (
        f"This file is out of sequence: {la.name}'s last applied file was number {last}, "
        f"so this one must be numbered {last + 1} or more."
    )


def _repeat(actor: Actor, file: _File, same: FlagUpload) -> UploadResult:
    """A file whose number was already applied: the same content changes nothing; different
    content is rejected."""
    if same.content_sha256 == file.digest:
        upload = _upload_new(
            actor,
            file,
            status=UploadStatus.ALREADY_APPLIED,
            records=same.records,
            matched=same.matched,
            applied=same.applied,
            rejected=same.rejected,
        )
        return UploadResult(upload)
    return _reject_whole(
        actor,
        file,
        problem=(
            f"Sequence {file.sequence} was already applied on {same.uploaded_at:%d %B %Y} with "
            "different content. Send this file with the next sequence number."
        ),
    )


def _place_in_sequence(actor: Actor, file: _File) -> UploadResult | Late | None:
    """Where the file's number falls: None for the next file (or later); a ``Late`` one that
    fills a gap (ADR 021: what changed since the first later file is newer than anything in
    it); or the answer itself for a repeat or a file out of sequence."""
    la, sequence = file.la, file.sequence
    done = applied_uploads(la)
    same = done.filter(sequence=sequence).first()
    if same is not None:
        return _repeat(actor, file, same)
    last = done.aggregate(last=Max("sequence"))["last"]
    if last is None or sequence >= last:
        return None
    if not any(first <= sequence <= end for first, end in flag_upload_gaps(la=la)):
        return _reject_whole(
            actor, file, problem=_out_of_sequence(la=la, sequence=sequence, last=last)
        )
    later = done.filter(sequence__gt=sequence)
    later_at = later.order_by("uploaded_at").values_list("uploaded_at", flat=True).first()
    assert later_at is not None  # sequence < last
    later_full = (
        later.filter(full=True).order_by("sequence").values_list("sequence", flat=True).first()
    )
    return Late(later_at, later_full)


def _outcomes_keep(upload: FlagUpload, plan: Plan) -> None:
    """What each record did, and why each rejected one was not applied (the result page)."""
    copy_rows(
        FlagUploadRejection,
        ("upload_id", "line", "nhs_number", "code", "message"),
        [(upload.pk, r.line, r.nhs_number[:32], str(r.code), r.message) for r in plan.rejections],
    )
    copy_rows(FlagUploadChange, _CHANGE_COLUMNS, [(upload.pk, *c) for c in plan.changes])


def _upload_finish(actor: Actor, upload: FlagUpload, plan: Plan, *, late: bool) -> None:
    upload.matched = plan.matched
    upload.rejected = len(plan.rejections)
    upload.applied = upload.records - upload.rejected
    upload.status = UploadStatus.PARTLY_APPLIED if plan.rejections else UploadStatus.APPLIED
    upload.save(update_fields=["matched", "rejected", "applied", "status", "ended_by_full"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FlagUpload",
        object_id=upload.pk,
        detail={
            "status": upload.status,
            "sequence": upload.sequence,
            "full": upload.full,
            "records": upload.records,
            "applied": upload.applied,
            "rejected": upload.rejected,
            "ended_by_full": upload.ended_by_full,
            "late": late,
        },
    )


def _records_apply(
    actor: Actor, file: _File, raws: list[RawRecord], late: Late | None
) -> UploadResult:
    now, today = clock.now(), clock.today()
    upload = _upload_new(
        actor, file, status=UploadStatus.APPLIED, uploaded_at=now, records=len(raws)
    )
    with gc_paused():
        plan = plan_records(la=file.la, raws=raws, today=today, late=late)
        if file.full and late is None:  # a late complete list is not the current one (ADR 021)
            ended = end_missing(la=file.la, plan=plan, today=today)
            upload.ended_by_full = len(ended)
            plan.updates.extend(ended)
        plan_write(plan, actor=actor, la=file.la, upload=upload, now=now, source="upload")
        _outcomes_keep(upload, plan)
    _upload_finish(actor, upload, plan, late=late is not None)
    return UploadResult(upload, plan.rejections, flag_upload_gaps(la=file.la))


@transaction.atomic
def flag_upload_apply(
    *, actor: Actor, la_code: str, sequence: int, full: bool, content: bytes, filename: str = ""
) -> UploadResult:
    """Apply a council's flag file (R-FLAG-2). Raises ``CouncilUnknown`` or
    ``NotCouncilFlagAdministrator`` (``flags.errors``); otherwise the result says what
    happened."""
    la = council_get(la_code)
    if not manages_flags_of(actor, la):
        raise NotCouncilFlagAdministrator(
            f"You cannot upload flags for {la.name}: only its own flag administrators can."
        )
    # One upload per council at a time: the sequence check must see the last applied upload.
    Organisation.objects.select_for_update().filter(pk=la.pk).first()
    file = _File(la, sequence, full, hashlib.sha256(content).hexdigest(), filename)
    if sequence < 1:
        return _reject_whole(actor, file, problem="The sequence number must be 1 or more.")
    placed = _place_in_sequence(actor, file)
    if isinstance(placed, UploadResult):
        return placed
    try:
        with gc_paused():
            raws = parse_flag_file(content)
    except FileProblem as exc:
        return _reject_whole(actor, file, problem=str(exc), line=exc.line)
    return _records_apply(actor, file, raws, placed)
