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
import itertools
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import BooleanField, Max, Q, QuerySet
from django.db.models.expressions import RawSQL

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_batch, audit_record, canonical_json
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.core.bulk import adapt_datetime, copy_rows, gc_paused, update_rows
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.core.plural import and_list, has_have, noun
from seenheard.flags.errors import (
    CouncilUnknown,
    FlagNotHeld,
    FlagRecordRejected,
    GapNotOpen,
    GapReasonMissing,
    NotCouncilFlagAdministrator,
)
from seenheard.flags.models import (
    FlagUpload,
    FlagUploadChange,
    FlagUploadGapClosure,
    FlagUploadRejection,
    PlanType,
    ProtectionFlag,
    UploadChangeKind,
    UploadStatus,
)
from seenheard.flags.rules import match_rate_below_standard
from seenheard.flags.upload import FileProblem, RawRecord, RejectCode, parse_date, parse_flag_file

PLAN_CODES = frozenset(PlanType.values)
ANY_PLAN = "*"


@functools.lru_cache(maxsize=400_000)
def _nhs_or_none(text: str) -> str | None:
    """A line's NHS number, normalised, or None: worked out once for each number (the format
    check, the match rate and the full-file list all need it)."""
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


class FlagRecord(NamedTuple):
    """A record that passed the format checks; matching comes next. (A named tuple: a national
    file makes 150,000 of them.)"""

    line: int
    nhs_number: str
    date_of_birth: dt.date
    plan_type: str  # CPP, LAC or UCPP (a PlanType value)
    start_date: dt.date
    end_date: dt.date | None
    delete: bool


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


# -- checking one record ------------------------------------------------------------------


def _not_a_date(raw: RawRecord, label: str, text: str, column: int) -> Rejection:
    return Rejection(
        raw.line,
        raw.nhs_number,
        RejectCode.INVALID_DATE,
        f"The {label} '{text}' is not a date in the form YYYY-MM-DD.",
        column,
    )


def _check_format(
    raw: RawRecord, *, today: dt.date, nhs_number: str | None
) -> FlagRecord | Rejection:
    """The record's own checks, in the order of its fields; ``nhs_number`` is
    ``_nhs_or_none(raw.nhs_number)``, worked out by the caller."""
    if nhs_number is None:
        try:
            normalise_nhs_number(raw.nhs_number)
        except InvalidNhsNumber as exc:  # always: the cached check said so; this says why
            return Rejection(
                raw.line,
                raw.nhs_number,
                RejectCode.INVALID_NHS_NUMBER,
                f"{raw.nhs_number or '(empty)'}: {exc}",
            )
    assert nhs_number is not None
    if raw.plan_type not in PLAN_CODES:
        return Rejection(
            raw.line,
            raw.nhs_number,
            RejectCode.INVALID_PLAN_TYPE,
            f"Plan type must be CPP, LAC or UCPP, not '{raw.plan_type}'.",
            3,
        )
    dob = parse_date(raw.date_of_birth)
    if dob is None:
        return _not_a_date(raw, "date of birth", raw.date_of_birth, 2)
    start = parse_date(raw.start_date)
    if start is None:
        return _not_a_date(raw, "start date", raw.start_date, 4)
    end = None
    if raw.end_date:
        end = parse_date(raw.end_date)
        if end is None:
            return _not_a_date(raw, "end date", raw.end_date, 5)
    if dob > today:
        return Rejection(
            raw.line,
            raw.nhs_number,
            RejectCode.INVALID_DATE,
            f"The date of birth {dob} is in the future.",
            2,
        )
    if start > today:
        return Rejection(
            raw.line,
            raw.nhs_number,
            RejectCode.START_IN_FUTURE,
            f"The start date {start} is in the future; send it on or after that day.",
            4,
        )
    if end is not None and end < start:
        return Rejection(
            raw.line,
            raw.nhs_number,
            RejectCode.END_BEFORE_START,
            f"The end date {end} is before the start date {start}.",
            5,
        )
    if raw.delete not in ("", "Y"):
        return Rejection(
            raw.line,
            raw.nhs_number,
            RejectCode.INVALID_DELETE,
            f"'delete' must be Y or empty, not '{raw.delete}'.",
            6,
        )
    return FlagRecord(raw.line, nhs_number, dob, raw.plan_type, start, end, raw.delete == "Y")


def _among(nhs_numbers: Collection[str]) -> RawSQL:
    """A filter: the row's ``nhs_number`` is one of many, sent as one parameter. A placeholder
    per number made a national file's queries slow to build, and SQLite allows only 999 a
    statement. PostgreSQL hashes the array (``= ANY``: a quarter of the time of ``IN (SELECT
    unnest(...))`` for 150,000 numbers among a million children); SQLite looks each number of
    the JSON list up in the index. NHS numbers here are normalised: ten digits, no commas."""
    if connection.vendor == "postgresql":
        sql, value = "\"nhs_number\" = ANY(string_to_array(%s, ','))", ",".join(nhs_numbers)
    else:
        sql, value = (
            '"nhs_number" IN (SELECT value FROM json_each(%s))',
            json.dumps(list(nhs_numbers)),
        )
    return RawSQL(sql, [value], output_field=BooleanField())  # noqa: S611 - fixed SQL, one parameter


def _fetch(values: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A ``values_list`` query's rows as the driver gives them. Django's converters, called for
    every value, were a third of an unchanged national upload on SQLite. Plain date columns
    still come back as dates: psycopg reads them so, and Django registers sqlite3 converters
    for columns declared ``date``."""
    sql, params = values.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


class Person(NamedTuple):
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date | None
    council_id: int | None = None  # the council responsible for the child, if known


def _people(nhs_numbers: set[str], *, with_adults: bool) -> dict[str, Person]:
    """Known people by NHS number. Matching the index to people is a system function (the
    council's file names the children), not a read by the uploader."""
    if not nhs_numbers:
        return {}
    fields = ("nhs_number", "pk", "date_of_birth")
    children = Child.objects.filter(_among(nhs_numbers))  # scope-exempt: matching
    people = {
        nhs: Person(pk, None, dob, council)
        for nhs, pk, dob, council in _fetch(children.values_list(*fields, "responsible_la_id"))
    }
    unknown = [n for n in nhs_numbers if n not in people]
    if with_adults and unknown:
        adults = Adult.objects.filter(_among(unknown))  # scope-exempt: matching
        for nhs, pk, dob in _fetch(adults.values_list(*fields)):
            people[str(nhs)] = Person(None, pk, dob)
    return people


def _match(record: FlagRecord, person: Person | None) -> Rejection | None:
    """Why the record does not match the person its NHS number names, or None when it does."""
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
    return None


# -- applying -------------------------------------------------------------------------------


class _NewFlag(NamedTuple):
    plan_type: str
    nhs_number: str
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date
    start_date: dt.date
    end_date: dt.date | None


class _Change(NamedTuple):
    """A flag's new state (the columns an upload may change)."""

    pk: int
    plan_type: str
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date
    end_date: dt.date | None
    entered_in_error: bool


@dataclass
class _Plan:
    """What a batch of checked records will do, before anything is written: plain tuples, not
    model instances (building 150,000 ProtectionFlags was a good part of a national upload)."""

    creates: list[_NewFlag] = field(default_factory=list)
    updates: list[_Change] = field(default_factory=list)
    matched: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # (NHS number, plan type) of every line with a readable NHS number, even a rejected one: a
    # full file must not end a plan just because this month's line for it had a typo. A line
    # whose plan type cannot be read protects every plan of that child (ANY_PLAN).
    present: set[tuple[str, str]] = field(default_factory=set)
    # What each applied record did, for the result page (issue 7): FlagUploadChange rows
    # without the upload (kind, line, NHS number, plan type, child, mother, council).
    changes: list[tuple[str, int, str, str, int | None, int | None, int | None]] = field(
        default_factory=list
    )


@dataclass(frozen=True)
class _Late:
    """A late file: one that fills a gap in the council's sequence (ADR 021). ``later_at`` is
    when the first later file was applied: a flag changed since then holds newer information
    than this file. ``later_full`` names a complete list applied after this file's number, if
    any: a plan missing from it had ended by then."""

    later_at: dt.datetime
    later_full: int | None


_EXISTING_FIELDS = (
    "nhs_number",
    "plan_type",
    "start_date",
    "pk",
    "end_date",
    "date_of_birth",
    "child_id",
    "mother_id",
)


def _plan_records(
    *, la: Organisation, raws: list[RawRecord], today: dt.date, late: _Late | None = None
) -> _Plan:
    """Check every record, match them all to people at once, and decide each one's outcome in
    memory. One pass over the lines does the format checks, the duplicate check, the match-rate
    count's readable lines and the full file's list of plans present."""
    plan = _Plan()
    checked: list[FlagRecord] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    readable: list[tuple[str, dt.date]] = []
    present = plan.present
    rejections = plan.rejections
    with_adults = False
    nhs_of, day, plan_codes = _nhs_or_none, parse_date, PLAN_CODES
    for raw in raws:
        line, nhs_text, dob_text, plan_text, start_text, end_text, delete = raw
        nhs_number = nhs_of(nhs_text)
        dob = day(dob_text)
        if nhs_number is not None:
            # The match rate measures how well the council's records match people: every line
            # whose NHS number and date of birth can be read counts, whatever else is wrong.
            if dob is not None:
                readable.append((nhs_number, dob))
            code = plan_text if plan_text in plan_codes else plan_text.upper()
            present.add((nhs_number, code if code in plan_codes else ANY_PLAN))
        if plan_text == "UCPP":
            with_adults = True
        start = day(start_text)
        end = day(end_text) if end_text else None
        if (
            nhs_number is None
            or plan_text not in plan_codes
            or dob is None
            or start is None
            or (end is None and end_text)
            or dob > today
            or start > today
            or (end is not None and end < start)
            or (delete and delete != "Y")
        ):
            # Something is wrong (the same conditions as _check_format's): it says what.
            result = _check_format(raw, today=today, nhs_number=nhs_number)
            if isinstance(result, Rejection):
                rejections.append(result)
                continue
            nhs_number, dob, start, end = (
                result.nhs_number,
                result.date_of_birth,
                result.start_date,
                result.end_date,
            )
        assert nhs_number is not None and dob is not None and start is not None
        key = (nhs_number, plan_text, start)
        first_line = seen.get(key)
        if first_line is not None:
            rejections.append(
                Rejection(
                    line,
                    nhs_number,
                    RejectCode.DUPLICATE_IN_FILE,
                    f"The same {plan_text} record (NHS number {nhs_number}, start "
                    f"{start}) is already on line {first_line}; only that one is used.",
                )
            )
            continue
        seen[key] = line
        checked.append(FlagRecord(line, nhs_number, dob, plan_text, start, end, delete == "Y"))
    people = _people(
        {nhs for nhs, _ in readable} | {r.nhs_number for r in checked}, with_adults=with_adults
    )
    matched = 0
    for nhs, dob in readable:
        person = people.get(nhs)
        if person is not None and person.date_of_birth in (None, dob):
            matched += 1
    plan.matched = matched
    existing: dict[tuple[str, str, dt.date], tuple[Any, ...]] = {}
    numbers = {r.nhs_number for r in checked}
    if numbers:
        flags = ProtectionFlag.objects.filter(
            _among(numbers), la=la, entered_in_error=False
        ).values_list(*_EXISTING_FIELDS)
        existing = {
            (nhs, kind, start): (pk, end, dob, child, mother)
            for nhs, kind, start, pk, end, dob, child, mother in _fetch(flags)
        }
    newer: set[tuple[str, str, dt.date]] = set()
    if late is not None and numbers:
        # Including records a later file removed as entered in error: not to be made again.
        newer = set(
            ProtectionFlag.objects.filter(
                _among(numbers), la=la, updated_at__gte=late.later_at
            ).values_list("nhs_number", "plan_type", "start_date")
        )
    creates, updates, changes = plan.creates, plan.updates, plan.changes
    la_id = la.pk
    elsewhere_kind = UploadChangeKind.OTHER_COUNCIL.value
    flagged, ended, deleted, other = (
        UploadChangeKind.FLAGGED.value,
        UploadChangeKind.ENDED.value,
        UploadChangeKind.DELETED.value,
        UploadChangeKind.CHANGED.value,
    )
    for record in checked:
        person = people.get(record.nhs_number)
        if (
            person is None
            or (person.date_of_birth is not None and person.date_of_birth != record.date_of_birth)
            or (person.child_id is None and record.plan_type != "UCPP")
        ):
            # It does not match (the same conditions as _match's): _match says how.
            problem = _match(record, person)
            if problem is not None:
                rejections.append(problem)
                continue
        assert person is not None
        nhs_number, plan_type = record.nhs_number, record.plan_type
        current = existing.get((nhs_number, plan_type, record.start_date))
        if late is not None:
            problem = _superseded(record, late, current, person, newer, today)
            if problem is not None:
                rejections.append(problem)
                continue
        line, child_id, mother_id = record.line, person.child_id, person.mother_id
        # A child another council is responsible for (placed out of area): said on the change
        # row itself, or on a row of its own when the record changed nothing (ADR 021).
        elsewhere = (
            person.council_id
            if child_id is not None and person.council_id not in (None, la_id)
            else None
        )
        if record.delete:
            if current is None:
                rejections.append(
                    Rejection(
                        record.line,
                        nhs_number,
                        RejectCode.NO_SUCH_RECORD,
                        f"There is no {record.plan_type} record starting {record.start_date} for "
                        f"NHS number {nhs_number} to remove.",
                        6,
                    )
                )
                continue
            pk, end_date, date_of_birth, held_child, held_mother = current
            updates.append(
                _Change(pk, plan_type, held_child, held_mother, date_of_birth, end_date, True)
            )
            changes.append(
                (deleted, line, nhs_number, plan_type, held_child, held_mother, elsewhere)
            )
        elif current is None:
            end = record.end_date
            kind = flagged if end is None or end > today else ended
            changes.append((kind, line, nhs_number, plan_type, child_id, mother_id, elsewhere))
            creates.append(
                _NewFlag(
                    plan_type,
                    nhs_number,
                    person.child_id,
                    person.mother_id,
                    record.date_of_birth,
                    record.start_date,
                    record.end_date,
                )
            )
        elif current[1:] != (
            record.end_date,
            record.date_of_birth,
            person.child_id,
            person.mother_id,
        ):
            updates.append(
                _Change(
                    current[0],
                    plan_type,
                    person.child_id,
                    person.mother_id,
                    record.date_of_birth,
                    record.end_date,
                    False,
                )
            )
            was_open = current[1] is None or current[1] > today
            end = record.end_date
            kind = ended if was_open and end is not None and end <= today else other
            changes.append((kind, line, nhs_number, plan_type, child_id, mother_id, elsewhere))
        elif elsewhere is not None:
            changes.append((elsewhere_kind, line, nhs_number, plan_type, child_id, None, elsewhere))
    rejections.sort(key=lambda r: r.line)
    return plan


def _superseded(
    record: FlagRecord,
    late: _Late,
    current: tuple[Any, ...] | None,
    person: Person,
    newer: set[tuple[str, str, dt.date]],
    today: dt.date,
) -> Rejection | None:
    """Why a late file's record must not be applied (ADR 021), or None: it would undo a newer
    change to the same plan (or make again a record removed since as entered in error), or
    open a plan that a complete list sent later left out. A record that would change nothing
    is never superseded."""
    key = (record.nhs_number, record.plan_type, record.start_date)
    would_change = (
        current is None
        or record.delete
        or current[1:] != (record.end_date, record.date_of_birth, person.child_id, person.mother_id)
    )
    if key in newer and would_change:
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.SUPERSEDED_BY_LATER_FILE,
            f"This {record.plan_type} record (start {record.start_date}) was changed after this "
            "file was due, by a later file or through the API, so this older record was not "
            "applied.",
        )
    still_open = record.end_date is None or record.end_date > today
    if current is None and not record.delete and still_open and late.later_full is not None:
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.SUPERSEDED_BY_LATER_FILE,
            f"File {late.later_full}, a complete list sent after this one, does not include "
            f"this {record.plan_type} record, so it was not applied as an open plan.",
        )
    return None


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
_CHANGED_COLUMNS = (
    "child_id",
    "mother_id",
    "date_of_birth",
    "end_date",
    "entered_in_error",
    "updated_at",
    "upload_id",
)


def _write(
    plan: _Plan,
    *,
    actor: Actor,
    la: Organisation,
    upload: FlagUpload | None,
    now: dt.datetime,
    source: str,
    expected_delivery_date: dt.date | None = None,
) -> list[int]:
    """New flags by COPY or multi-row INSERT, changed ones by one bulk UPDATE (core.bulk), and
    one audit event per new or changed flag; the new flags' ids, in ``plan.creates`` order. The
    new flags' events are made while PostgreSQL is still taking in the flags."""
    day = connection.ops.adapt_datefield_value  # bound once: 750,000 calls for a national file
    at = adapt_datetime(now)
    upload_id = upload.pk if upload else None
    delivery = day(expected_delivery_date)
    events = audit_batch(actor=actor)
    created, changed = AuditAction.CREATE, AuditAction.UPDATE

    # A detail per distinct plan and date, encoded once (a national file has a few thousand).
    created_details: dict[tuple[str, dt.date], str] = {}
    changed_details: dict[tuple[str, dt.date | None, bool], str] = {}

    def created_detail(plan_type: str, start: dt.date) -> str:
        text = created_details.get((plan_type, start))
        if text is None:
            text = created_details[(plan_type, start)] = canonical_json(
                {"plan_type": plan_type, "upload": upload_id, "start_date": start.isoformat()}
            )
        return text

    def changed_detail(plan_type: str, end: dt.date | None, in_error: bool) -> str:
        text = changed_details.get((plan_type, end, in_error))
        if text is None:
            text = changed_details[(plan_type, end, in_error)] = canonical_json(
                {
                    "plan_type": plan_type,
                    "upload": upload_id,
                    "end_date": end.isoformat() if end else None,
                    "entered_in_error": in_error,
                }
            )
        return text

    def audit_created(ids: list[int]) -> None:
        events.add_encoded(
            (created, "ProtectionFlag", pk, f.child_id, created_detail(f.plan_type, f.start_date))
            for f, pk in zip(plan.creates, ids, strict=True)
        )

    ids = copy_rows(
        ProtectionFlag,
        _CREATED_COLUMNS,
        [
            (
                la.pk,
                f.plan_type,
                f.nhs_number,
                f.child_id,
                f.mother_id,
                day(f.date_of_birth),
                day(f.start_date),
                day(f.end_date),
                delivery,
                False,
                source,
                upload_id,
                at,
                at,
            )
            for f in plan.creates
        ],
        returning=True,
        meanwhile=audit_created,
    )
    update_rows(
        ProtectionFlag,
        _CHANGED_COLUMNS,
        [
            (
                c.pk,
                c.child_id,
                c.mother_id,
                day(c.date_of_birth),
                day(c.end_date),
                c.entered_in_error,
                at,
                upload_id,
            )
            for c in plan.updates
        ],
    )
    events.add_encoded(
        (
            changed,
            "ProtectionFlag",
            c.pk,
            c.child_id,
            changed_detail(c.plan_type, c.end_date, c.entered_in_error),
        )
        for c in plan.updates
    )
    events.write()
    return ids


def _end_missing(*, la: Organisation, plan: _Plan, today: dt.date) -> list[_Change]:
    """A full file is the council's whole current list: its open flags missing from the file
    end as of the upload date."""
    open_flags = (
        ProtectionFlag.objects.filter(la=la, entered_in_error=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .values_list(
            "pk", "nhs_number", "plan_type", "start_date", "child_id", "mother_id", "date_of_birth"
        )
    )
    ended = []
    present, kind = plan.present, UploadChangeKind.NOT_IN_FILE.value
    for pk, nhs_number, plan_type, start, child_id, mother_id, dob in _fetch(open_flags):
        if (nhs_number, plan_type) in present or (nhs_number, ANY_PLAN) in present:
            continue
        if start <= today:
            ended.append(_Change(pk, plan_type, child_id, mother_id, dob, today, False))
            plan.changes.append((kind, 0, nhs_number, plan_type, child_id, mother_id, None))
    return ended


def _may_upload_for(actor: Actor, la: Organisation) -> bool:
    if actor.channel == "cli" and actor.username == "system":
        return True  # an operator at the server, naming the council with --la
    return policy_for(actor.role).manages_flags and la.pk in actor.scope_org_ids


def council_get(code: str) -> Organisation:
    la = Organisation.objects.filter(
        code=(code or "").strip().upper(), kind=OrgKind.LOCAL_AUTHORITY
    ).first()
    if la is None:
        raise CouncilUnknown(code)
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
        raise NotCouncilFlagAdministrator(
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
    late: _Late | None = None
    if last is not None and sequence < last:
        if not any(first <= sequence <= end for first, end in flag_upload_gaps(la=la)):
            return reject_whole(problem=_out_of_sequence(la=la, sequence=sequence, last=last))
        # A late file: it fills a gap (ADR 021). What changed since the first later file
        # is newer than anything in it.
        later = done.filter(sequence__gt=sequence)
        later_at = later.order_by("uploaded_at").values_list("uploaded_at", flat=True).first()
        assert later_at is not None  # sequence < last
        later_full = (
            later.filter(full=True).order_by("sequence").values_list("sequence", flat=True).first()
        )
        late = _Late(later_at, later_full)
    try:
        with gc_paused():
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
    with gc_paused():
        plan = _plan_records(la=la, raws=raws, today=today, late=late)
        if full and late is None:  # a late complete list is not the current one (ADR 021)
            ended = _end_missing(la=la, plan=plan, today=today)
            upload.ended_by_full = len(ended)
            plan.updates.extend(ended)
        _write(plan, actor=actor, la=la, upload=upload, now=now, source="upload")
        copy_rows(
            FlagUploadRejection,
            ("upload_id", "line", "nhs_number", "code", "message"),
            [
                (upload.pk, r.line, r.nhs_number[:32], str(r.code), r.message)
                for r in plan.rejections
            ],
        )
        upload_id = upload.pk
        copy_rows(
            FlagUploadChange,
            _CHANGE_COLUMNS,
            [(upload_id, *change) for change in plan.changes],
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
            "late": late is not None,
        },
    )
    return UploadResult(upload, plan.rejections, flag_upload_gaps(la=la))


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


# -- gaps in the sequence (ADR 021) ---------------------------------------------------------


def _applied_sequences(la: Organisation) -> list[int]:
    sequences = FlagUpload.objects.filter(
        la=la,
        status__in=[UploadStatus.APPLIED, UploadStatus.PARTLY_APPLIED],
        sequence__isnull=False,
    ).values_list("sequence", flat=True)
    return sorted({int(n) for n in sequences if n is not None})


def _minus(gaps: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The gaps with the numbers first..last taken out."""
    out = []
    for a, b in gaps:
        if b < first or a > last:
            out.append((a, b))
            continue
        if a < first:
            out.append((a, first - 1))
        if b > last:
            out.append((last + 1, b))
    return out


def flag_upload_gaps(*, la: Organisation) -> list[tuple[int, int]]:
    """The council's files not received (R-FLAG-2, issue 7): the numbers missing between two
    applied files, as (first, last) ranges in order, less those a flag administrator has
    recorded will never arrive. Numbers before the council's first file are not missing."""
    sequences = _applied_sequences(la)
    gaps = [(a + 1, b - 1) for a, b in itertools.pairwise(sequences) if b > a + 1]
    if gaps:
        for first, last in FlagUploadGapClosure.objects.filter(la=la).values_list("first", "last"):
            gaps = _minus(gaps, first, last)
    return gaps


def gaps_sentence(gaps: list[tuple[int, int]]) -> str:
    """ "File 3 has not been received." / "Files 3 to 6 have not been received." / "Files 3, 5
    and 8 to 9 have not been received." (a gap of two: "Files 3 and 4")."""
    if not gaps:
        return ""
    parts: list[str] = []
    count = 0
    for first, last in gaps:
        count += last - first + 1
        if first == last:
            parts.append(str(first))
        elif last == first + 1 and len(gaps) == 1:
            parts.extend([str(first), str(last)])
        else:
            parts.append(f"{first} to {last}")
    return f"{noun(count, 'File')} {and_list(parts)} {has_have(count)} not been received."


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


GAP_REASON_MAX = 1000


@transaction.atomic
def flag_upload_gap_close(
    *, actor: Actor, la_code: str, first: int, last: int, reason: str
) -> FlagUploadGapClosure:
    """Record why files first..last will never arrive (R-FLAG-2, issue 7): the gap is then no
    longer shown, and those numbers can no longer be sent. Only the council's own flag
    administrators may; audited. ``first..last`` must be exactly one of the open gaps."""
    la = council_get(la_code)
    if not _may_upload_for(actor, la):
        raise NotCouncilFlagAdministrator(f"You cannot manage flag uploads for {la.name}.")
    Organisation.objects.select_for_update().filter(pk=la.pk).first()  # as an upload does
    if (first, last) not in flag_upload_gaps(la=la):
        raise GapNotOpen(
            f"Files {first} to {last} are not a gap in {la.name}'s files: they may have arrived "
            "since, or been recorded already."
        )
    reason = (reason or "").strip()
    if not reason:
        raise GapReasonMissing("Enter why these files will not arrive.")
    if len(reason) > GAP_REASON_MAX:
        raise GapReasonMissing(
            f"The reason must be {GAP_REASON_MAX:,} characters or fewer (it has {len(reason):,})."
        )
    closure = FlagUploadGapClosure.objects.create(
        la=la,
        first=first,
        last=last,
        reason=reason,
        closed_by=actor.username,
        closed_by_name=actor.name or actor.username,
        closed_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FlagUploadGapClosure",
        object_id=closure.pk,
        detail={"first": first, "last": last, "reason": reason},
    )
    return closure


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
        raise NotCouncilFlagAdministrator(f"You cannot record flags for {la.name}.")
    raw = RawRecord(1, nhs_number, date_of_birth, plan_type, start_date, end_date, "")
    plan = _plan_records(la=la, raws=[raw], today=clock.today())
    if plan.rejections:
        rejection = plan.rejections[0]
        raise FlagRecordRejected(rejection, _CODE_FIELD.get(rejection.code, "flag"))
    ids = _write(
        plan,
        actor=actor,
        la=la,
        upload=None,
        now=clock.now(),
        source="api",
        expected_delivery_date=expected_delivery_date,
    )
    flags = ProtectionFlag.objects.select_related("la")
    if ids or plan.updates:
        return flags.get(pk=ids[0] if ids else plan.updates[0].pk)
    start = parse_date(start_date)
    assert start is not None  # the record passed its checks
    return flags.get(
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
        raise FlagNotHeld
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
