"""Keeping the flag index current: council uploads and single records (R-FLAG-2).

A malformed file, or one out of sequence, is rejected whole and changes nothing. Otherwise every
record is checked first, and the records that pass are applied together in one transaction:
each record is applied completely or not at all, and each rejected record is reported with its
line number and a reason code. The same file sent twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max, Q

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record, audit_record_many
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.core.bulk import adapt_date, adapt_datetime, insert_rows
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.flags.models import (
    FlagUpload,
    FlagUploadRejection,
    PlanType,
    ProtectionFlag,
    UploadStatus,
)
from seenheard.flags.rules import match_rate_below_standard
from seenheard.flags.upload import FileProblem, RawRecord, RejectCode, parse_date, parse_flag_file

CHUNK = 900  # below SQLite's host-parameter limit for IN (...) queries
PLAN_CODES = frozenset(PlanType.values)


@functools.lru_cache(maxsize=400_000)
def _nhs_or_none(text: str) -> str | None:
    """A line's NHS number, normalised, or None: each line's number is read three times (the
    checks, the match rate, the full-file list), so it is worked out once."""
    try:
        return normalise_nhs_number(text)
    except InvalidNhsNumber:
        return None


@dataclass(frozen=True)
class Rejection:
    line: int
    nhs_number: str
    code: RejectCode
    message: str
    column: int = 1  # 1-based column of the field at fault, for file:line:column reports


@dataclass(frozen=True)
class FlagRecord:
    """A record that passed the format checks; matching comes next."""

    line: int
    nhs_number: str
    date_of_birth: dt.date
    plan_type: PlanType
    start_date: dt.date
    end_date: dt.date | None
    delete: bool
    expected_delivery_date: dt.date | None = None

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.nhs_number, str(self.plan_type), self.start_date)


@dataclass
class UploadResult:
    upload: FlagUpload
    rejections: list[Rejection] = field(default_factory=list)

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


class FlagUploadRefused(Exception):
    """The caller may not upload for this council (or the council is unknown)."""


# -- checking one record ------------------------------------------------------------------

_DATE_FIELDS = (
    ("date_of_birth", "date of birth", 2),
    ("start_date", "start date", 4),
    ("end_date", "end date", 5),
)


def _check_format(raw: RawRecord, *, today: dt.date) -> FlagRecord | Rejection:
    def reject(code: RejectCode, message: str, column: int = 1) -> Rejection:
        return Rejection(raw.line, raw.nhs_number, code, message, column)

    nhs_number = _nhs_or_none(raw.nhs_number)
    if nhs_number is None:
        try:
            normalise_nhs_number(raw.nhs_number)
        except InvalidNhsNumber as exc:  # always: the cached check said so; this says why
            return reject(RejectCode.INVALID_NHS_NUMBER, f"{raw.nhs_number or '(empty)'}: {exc}")
    assert nhs_number is not None
    if raw.plan_type not in PLAN_CODES:
        return reject(
            RejectCode.INVALID_PLAN_TYPE,
            f"Plan type must be CPP, LAC or UCPP, not '{raw.plan_type}'.",
            3,
        )
    dates: dict[str, dt.date | None] = {}
    for name, label, column in _DATE_FIELDS:
        text = getattr(raw, name)
        if name == "end_date" and not text:
            dates[name] = None
            continue
        parsed = parse_date(text)
        if parsed is None:
            return reject(
                RejectCode.INVALID_DATE,
                f"The {label} '{text}' is not a date in the form YYYY-MM-DD.",
                column,
            )
        dates[name] = parsed
    dob, start, end = dates["date_of_birth"], dates["start_date"], dates["end_date"]
    assert dob is not None and start is not None
    if dob > today:
        return reject(RejectCode.INVALID_DATE, f"The date of birth {dob} is in the future.", 2)
    if start > today:
        return reject(
            RejectCode.START_IN_FUTURE,
            f"The start date {start} is in the future; send it on or after that day.",
            4,
        )
    if end is not None and end < start:
        return reject(
            RejectCode.END_BEFORE_START,
            f"The end date {end} is before the start date {start}.",
            5,
        )
    if raw.delete not in ("", "Y"):
        return reject(
            RejectCode.INVALID_DELETE, f"'delete' must be Y or empty, not '{raw.delete}'.", 6
        )
    return FlagRecord(
        raw.line, nhs_number, dob, PlanType(raw.plan_type), start, end, raw.delete == "Y"
    )


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


@dataclass(frozen=True)
class Person:
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date | None


def _people(nhs_numbers: set[str], *, with_adults: bool) -> dict[str, Person]:
    """Known people by NHS number. Matching the index to people is a system function (the
    council's file names the children), not a read by the uploader."""
    people: dict[str, Person] = {}
    numbers = sorted(nhs_numbers)
    fields = ("nhs_number", "pk", "date_of_birth")
    children = Child.objects.values_list(*fields)  # scope-exempt: matching
    for chunk in _chunks(numbers):
        for nhs, pk, dob in children.filter(nhs_number__in=chunk):
            people[nhs] = Person(pk, None, dob)
    if with_adults:
        adults = Adult.objects.values_list(*fields)  # scope-exempt: matching
        for chunk in _chunks([n for n in numbers if n not in people]):
            for nhs, pk, dob in adults.filter(nhs_number__in=chunk):
                people[str(nhs)] = Person(None, pk, dob)
    return people


def _match(record: FlagRecord, people: dict[str, Person]) -> Person | Rejection:
    person = people.get(record.nhs_number)
    if person is None:
        whose = "mother" if record.plan_type == PlanType.UCPP else "child"
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.NO_MATCH,
            f"No known {whose} has the NHS number {record.nhs_number}.",
        )
    if person.date_of_birth is not None and person.date_of_birth != record.date_of_birth:
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.DOB_MISMATCH,
            f"The date of birth {record.date_of_birth} does not match the person "
            f"with NHS number {record.nhs_number}.",
            2,
        )
    if record.plan_type != PlanType.UCPP and person.child_id is None:
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.NO_MATCH,
            f"NHS number {record.nhs_number} belongs to an adult, not a child; "
            "only an unborn child's plan (UCPP) is held against an adult.",
        )
    return person


# -- applying -------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What a batch of checked records will do, before anything is written."""

    creates: list[ProtectionFlag] = field(default_factory=list)
    updates: list[ProtectionFlag] = field(default_factory=list)
    matched: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def _readable(raws: list[RawRecord]) -> list[tuple[str, dt.date]]:
    """NHS number -> date of birth for every line where both can be read, whatever else is
    wrong with it: the match rate measures how well the council's records match people."""
    readable = []
    for raw in raws:
        dob = parse_date(raw.date_of_birth)
        nhs_number = _nhs_or_none(raw.nhs_number)
        if nhs_number is not None and dob is not None:
            readable.append((nhs_number, dob))
    return readable


def _plan_records(
    *,
    la: Organisation,
    raws: list[RawRecord],
    today: dt.date,
    now: dt.datetime,
    upload: FlagUpload | None,
    source: str,
) -> _Plan:
    plan = _Plan()
    checked: list[FlagRecord] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for raw in raws:
        result = _check_format(raw, today=today)
        if isinstance(result, Rejection):
            plan.rejections.append(result)
            continue
        first_line = seen.get(result.key)
        if first_line is not None:
            plan.rejections.append(
                Rejection(
                    raw.line,
                    result.nhs_number,
                    RejectCode.DUPLICATE_IN_FILE,
                    f"The same {result.plan_type} record (NHS number {result.nhs_number}, start "
                    f"{result.start_date}) is already on line {first_line}; only that one is used.",
                )
            )
            continue
        seen[result.key] = raw.line
        checked.append(result)
    readable = _readable(raws)
    people = _people(
        {r.nhs_number for r in checked} | {nhs for nhs, _ in readable},
        with_adults=any(raw.plan_type == PlanType.UCPP for raw in raws),
    )
    plan.matched = sum(
        1 for nhs, dob in readable if nhs in people and people[nhs].date_of_birth in (None, dob)
    )
    existing: dict[tuple[str, str, dt.date], ProtectionFlag] = {}
    for chunk in _chunks(sorted({r.nhs_number for r in checked})):
        for flag in ProtectionFlag.objects.filter(
            la=la, entered_in_error=False, nhs_number__in=chunk
        ):
            existing[(flag.nhs_number, flag.plan_type, flag.start_date)] = flag
    for record in checked:
        person = _match(record, people)
        if isinstance(person, Rejection):
            plan.rejections.append(person)
            continue
        current = existing.get(record.key)
        if record.delete:
            if current is None:
                plan.rejections.append(
                    Rejection(
                        record.line,
                        record.nhs_number,
                        RejectCode.NO_SUCH_RECORD,
                        f"There is no {record.plan_type} record starting {record.start_date} for "
                        f"NHS number {record.nhs_number} to remove.",
                        6,
                    )
                )
                continue
            current.entered_in_error = True
            current.updated_at = now
            current.upload = upload
            plan.updates.append(current)
            continue
        if current is None:
            plan.creates.append(
                ProtectionFlag(
                    la=la,
                    plan_type=record.plan_type,
                    nhs_number=record.nhs_number,
                    child_id=person.child_id,
                    mother_id=person.mother_id,
                    date_of_birth=record.date_of_birth,
                    start_date=record.start_date,
                    end_date=record.end_date,
                    expected_delivery_date=record.expected_delivery_date,
                    source=source,
                    upload=upload,
                    created_at=now,
                    updated_at=now,
                )
            )
        elif (current.end_date, current.date_of_birth, current.child_id, current.mother_id) != (
            record.end_date,
            record.date_of_birth,
            person.child_id,
            person.mother_id,
        ) or (
            record.expected_delivery_date
            and record.expected_delivery_date != current.expected_delivery_date
        ):
            current.end_date = record.end_date
            current.date_of_birth = record.date_of_birth
            current.child_id = person.child_id
            current.mother_id = person.mother_id
            if record.expected_delivery_date:
                current.expected_delivery_date = record.expected_delivery_date
            current.updated_at = now
            current.upload = upload
            plan.updates.append(current)
    plan.rejections.sort(key=lambda r: r.line)
    return plan


_CREATED_COLUMNS = (
    "la_id",
    "plan_type",
    "nhs_number",
    "child_id",
    "mother_id",
    "date_of_birth",
    "start_date",
    "end_date",
    "expected_delivery_date",
    "entered_in_error",
    "source",
    "upload_id",
    "created_at",
    "updated_at",
)


def _insert(flags: list[ProtectionFlag]) -> None:
    """Multi-row INSERTs (core.bulk): Django's bulk_create prepares every value of every row
    through the field machinery, most of a national upload's time."""
    day, moment = adapt_date, adapt_datetime
    ids = insert_rows(
        ProtectionFlag,
        _CREATED_COLUMNS,
        [
            (
                f.la_id,
                f.plan_type,
                f.nhs_number,
                f.child_id,
                f.mother_id,
                day(f.date_of_birth),
                day(f.start_date),
                day(f.end_date),
                day(f.expected_delivery_date),
                f.entered_in_error,
                f.source,
                f.upload_id,
                moment(f.created_at),
                moment(f.updated_at),
            )
            for f in flags
        ],
        returning=True,
    )
    for flag, pk in zip(flags, ids, strict=True):
        flag.pk = pk


def _update(flags: list[ProtectionFlag]) -> None:
    """One parameterised UPDATE per changed flag, sent with executemany (bulk_update builds a
    CASE expression per field, many times slower for a full file)."""
    if not flags:
        return
    quote = connection.ops.quote_name
    sets = ", ".join(
        f"{quote(c)} = %s"
        for c in (
            "end_date",
            "date_of_birth",
            "child_id",
            "mother_id",
            "expected_delivery_date",
            "entered_in_error",
            "updated_at",
            "upload_id",
        )
    )
    sql = f"UPDATE {quote(ProtectionFlag._meta.db_table)} SET {sets} WHERE id = %s"  # noqa: S608
    day = adapt_date
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (
                    day(f.end_date),
                    day(f.date_of_birth),
                    f.child_id,
                    f.mother_id,
                    day(f.expected_delivery_date),
                    f.entered_in_error,
                    adapt_datetime(f.updated_at),
                    f.upload_id,
                    f.pk,
                )
                for f in flags
            ],
        )


def _write(plan: _Plan, *, actor: Actor, upload: FlagUpload | None) -> None:
    _insert(plan.creates)
    _update(plan.updates)
    upload_id = upload.pk if upload else None
    created = AuditAction.CREATE
    changed = AuditAction.UPDATE
    audit_record_many(
        actor=actor,
        items=[
            (
                created,
                "ProtectionFlag",
                f.pk,
                f.child_id,
                {
                    "plan_type": f.plan_type,
                    "upload": upload_id,
                    "start_date": f.start_date.isoformat(),
                },
            )
            for f in plan.creates
        ]
        + [
            (
                changed,
                "ProtectionFlag",
                f.pk,
                f.child_id,
                {
                    "plan_type": f.plan_type,
                    "upload": upload_id,
                    "end_date": f.end_date.isoformat() if f.end_date else None,
                    "entered_in_error": f.entered_in_error,
                },
            )
            for f in plan.updates
        ],
    )


def _end_missing(
    *,
    la: Organisation,
    present: set[tuple[str, str]],
    today: dt.date,
    now: dt.datetime,
    upload: FlagUpload,
) -> list[ProtectionFlag]:
    """A full file is the council's whole current list: its open flags missing from the file
    end as of the upload date."""
    ended = []
    open_flags = (
        ProtectionFlag.objects.filter(la=la, entered_in_error=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .only("pk", "nhs_number", "plan_type", "child_id", "start_date")
    )
    for flag in open_flags.iterator(chunk_size=5000):
        kept = {(flag.nhs_number, flag.plan_type), (flag.nhs_number, ANY_PLAN)} & present
        if not kept and flag.start_date <= today:
            flag.end_date = today
            flag.updated_at = now
            flag.upload = upload
            ended.append(flag)
    return ended


ANY_PLAN = "*"


def _present(raws: list[RawRecord]) -> set[tuple[str, str]]:
    """(NHS number, plan type) of every line with a readable NHS number, even a rejected one:
    a full file must not end a plan just because this month's line for it had a typo. A line
    whose plan type cannot be read protects every plan of that child."""
    present = set()
    for raw in raws:
        nhs_number = _nhs_or_none(raw.nhs_number)
        if nhs_number is None:
            continue
        plan = raw.plan_type.strip().upper()
        present.add((nhs_number, plan if plan in PLAN_CODES else ANY_PLAN))
    return present


def _may_upload_for(actor: Actor, la: Organisation) -> bool:
    if actor.channel == "cli" and actor.username == "system":
        return True  # an operator at the server, naming the council with --la
    return policy_for(actor.role).manages_flags and la.pk in actor.scope_org_ids


def council_get(code: str) -> Organisation:
    la = Organisation.objects.filter(
        code=(code or "").strip().upper(), kind=OrgKind.LOCAL_AUTHORITY
    ).first()
    if la is None:
        raise FlagUploadRefused(f"No local authority has the code '{code}'.")
    return la


def _reject_whole(
    *,
    actor: Actor,
    la: Organisation,
    sequence: int | None,
    full: bool,
    digest: str,
    filename: str,
    problem: str,
    line: int = 0,
) -> UploadResult:
    upload = FlagUpload.objects.create(
        la=la,
        sequence=sequence,
        full=full,
        content_sha256=digest,
        filename=filename,
        channel=actor.channel,
        uploaded_by=actor.username,
        uploaded_at=clock.now(),
        status=UploadStatus.REJECTED,
        problem=problem,
        problem_line=line,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FlagUpload",
        object_id=upload.pk,
        detail={"status": upload.status, "problem": problem},
    )
    return UploadResult(upload)


@transaction.atomic
def flag_upload_apply(
    *, actor: Actor, la_code: str, sequence: int, full: bool, content: bytes, filename: str = ""
) -> UploadResult:
    """Apply a council's flag file (R-FLAG-2). Raises FlagUploadRefused for an unknown council
    or one the actor may not upload for; otherwise the result says what happened."""
    la = council_get(la_code)
    if not _may_upload_for(actor, la):
        raise FlagUploadRefused(
            f"You cannot upload flags for {la.name}: only its own flag administrators can."
        )
    # One upload per council at a time: the sequence check must see the last applied upload.
    Organisation.objects.select_for_update().filter(pk=la.pk).first()
    digest = hashlib.sha256(content).hexdigest()
    reject_whole = functools.partial(
        _reject_whole,
        actor=actor,
        la=la,
        sequence=sequence,
        full=full,
        digest=digest,
        filename=filename,
    )
    if sequence < 1:
        return reject_whole(problem="The sequence number must be 1 or more.")
    done = FlagUpload.objects.filter(
        la=la, status__in=[UploadStatus.APPLIED, UploadStatus.PARTLY_APPLIED]
    )
    same = done.filter(sequence=sequence).first()
    if same is not None:
        if same.content_sha256 == digest:
            upload = FlagUpload.objects.create(
                la=la,
                sequence=sequence,
                full=full,
                content_sha256=digest,
                filename=filename,
                channel=actor.channel,
                uploaded_by=actor.username,
                uploaded_at=clock.now(),
                status=UploadStatus.ALREADY_APPLIED,
                records=same.records,
                matched=same.matched,
                applied=same.applied,
                rejected=same.rejected,
            )
            return UploadResult(upload)
        return reject_whole(
            problem=(
                f"Sequence {sequence} was already applied on {same.uploaded_at:%d %B %Y} with "
                "different content. Send this file with the next sequence number."
            ),
        )
    last = done.aggregate(last=Max("sequence"))["last"]
    if last is not None and sequence < last:
        return reject_whole(
            problem=(
                f"This file is out of sequence: {la.name}'s last applied file was number {last}, "
                f"so this one must be numbered {last + 1} or more."
            ),
        )
    try:
        raws = parse_flag_file(content)
    except FileProblem as exc:
        return reject_whole(problem=str(exc), line=exc.line)
    now, today = clock.now(), clock.today()
    upload = FlagUpload.objects.create(
        la=la,
        sequence=sequence,
        full=full,
        content_sha256=digest,
        filename=filename,
        channel=actor.channel,
        uploaded_by=actor.username,
        uploaded_at=now,
        status=UploadStatus.APPLIED,
        records=len(raws),
    )
    plan = _plan_records(la=la, raws=raws, today=today, now=now, upload=upload, source="upload")
    if full:
        ended = _end_missing(la=la, present=_present(raws), today=today, now=now, upload=upload)
        upload.ended_by_full = len(ended)
        plan.updates.extend(ended)
    _write(plan, actor=actor, upload=upload)
    FlagUploadRejection.objects.bulk_create(
        [
            FlagUploadRejection(
                upload=upload,
                line=r.line,
                nhs_number=r.nhs_number[:32],
                code=r.code,
                message=r.message,
            )
            for r in plan.rejections
        ],
        batch_size=2000,
    )
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
            "sequence": sequence,
            "full": full,
            "records": upload.records,
            "applied": upload.applied,
            "rejected": upload.rejected,
            "ended_by_full": upload.ended_by_full,
        },
    )
    return UploadResult(upload, plan.rejections)


class FlagRecordRejected(Exception):
    """A single record from the API was not applied; ``rejection`` says why."""

    def __init__(self, rejection: Rejection, field_name: str) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection
        self.field_name = field_name


_CODE_FIELD = {
    RejectCode.INVALID_NHS_NUMBER: "nhs_number",
    RejectCode.NO_MATCH: "nhs_number",
    RejectCode.DOB_MISMATCH: "date_of_birth",
    RejectCode.INVALID_PLAN_TYPE: "plan_type",
    RejectCode.INVALID_DATE: "date",
    RejectCode.END_BEFORE_START: "end_date",
    RejectCode.START_IN_FUTURE: "start_date",
    RejectCode.NO_SUCH_RECORD: "start_date",
}


@transaction.atomic
def flag_record_submit(
    *,
    actor: Actor,
    la_code: str,
    nhs_number: str,
    date_of_birth: str,
    plan_type: str,
    start_date: str,
    end_date: str = "",
    expected_delivery_date: dt.date | None = None,
) -> ProtectionFlag:
    """One flag from a council's system through the API (R-FLAG-2): the same checks as a
    file record. Creates the flag, or updates the record with the same plan and start date."""
    la = council_get(la_code)
    if not _may_upload_for(actor, la):
        raise FlagUploadRefused(f"You cannot record flags for {la.name}.")
    raw = RawRecord(1, nhs_number, date_of_birth, plan_type, start_date, end_date, "")
    now = clock.now()
    plan = _plan_records(la=la, raws=[raw], today=clock.today(), now=now, upload=None, source="api")
    if plan.rejections:
        rejection = plan.rejections[0]
        raise FlagRecordRejected(rejection, _CODE_FIELD.get(rejection.code, "flag"))
    for flag in plan.creates:
        flag.expected_delivery_date = expected_delivery_date
    _write(plan, actor=actor, upload=None)
    saved = plan.creates or plan.updates
    if saved:
        return saved[0]
    start = parse_date(start_date)
    assert start is not None  # the record passed its checks
    return ProtectionFlag.objects.select_related("la").get(
        la=la,
        nhs_number=normalise_nhs_number(nhs_number),
        plan_type=plan_type,
        start_date=start,
        entered_in_error=False,
    )


@transaction.atomic
def flag_end(*, actor: Actor, flag_id: int, end_date: dt.date) -> ProtectionFlag:
    """End one flag (the API's PUT). Only the council that holds it may."""
    flag = (
        ProtectionFlag.objects.select_for_update()
        .select_related("la")
        .filter(pk=flag_id, entered_in_error=False)
        .first()
    )
    if flag is None or not _may_upload_for(actor, flag.la):
        raise FlagUploadRefused("No flag with that id is held by your council.")
    if end_date < flag.start_date:
        raise FlagRecordRejected(
            Rejection(
                0,
                flag.nhs_number,
                RejectCode.END_BEFORE_START,
                f"The end date {end_date} is before the start date {flag.start_date}.",
            ),
            "end_date",
        )
    flag.end_date = end_date
    flag.updated_at = clock.now()
    flag.save(update_fields=["end_date", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="ProtectionFlag",
        object_id=flag.pk,
        child_id=flag.child_id,
        detail={"end_date": end_date.isoformat(), "source": "api"},
    )
    return flag


def flag_match_warning(*, la: Organisation) -> str | None:
    """R-FLAG-2: warn a council's administrators while fewer than 95% (the area's protocol) of
    its records match a known child."""
    from seenheard.protocols.selectors import protocol_value

    # The council's records are its last complete list; a small delta since says little.
    applied = FlagUpload.objects.filter(
        la=la, status__in=[UploadStatus.APPLIED, UploadStatus.PARTLY_APPLIED]
    ).order_by("-uploaded_at", "-pk")
    latest = applied.filter(full=True).first() or applied.first()
    if latest is None or latest.match_rate is None:
        return None
    threshold = protocol_value("flag.match_rate_warning_percent", area=la)
    if not match_rate_below_standard(
        matched=latest.matched, records=latest.records, threshold_percent=threshold
    ):
        return None
    rate = latest.match_rate * 100
    return (
        f"Only {rate:.1f}% of {la.name}'s records in upload {latest.sequence} matched a "
        f"known child (the standard is {threshold}%). Children whose records do not match "
        "are not flagged when they attend: check the rejected records."
    )
