"""Deciding what every record of a council's file will do, before anything is written
(R-FLAG-2, ADR 009, ADR 021): checked, matched to people and to the council's flags in a few
queries, then each record's outcome worked out in memory as plain tuples (a national file has
150,000 records; building model instances was a good part of its time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from seenheard.accounts.models import Organisation
from seenheard.flags.models import UploadChangeKind
from seenheard.flags.upload.checks import (
    ANY_PLAN,
    PLAN_CODES,
    FlagRecord,
    Person,
    Rejection,
    check_format,
    match_problem,
    nhs_or_none,
)
from seenheard.flags.upload.parse import RawRecord, RejectCode, parse_date
from seenheard.flags.upload.reads import changed_since, existing_flags, people_for
from seenheard.flags.upload.types import Change, Key, Late, NewFlag, Plan


@dataclass
class _Lines:
    """The first pass over the lines: the records that passed the format and duplicate checks,
    the readable (NHS number, date of birth) pairs for the match rate, and whether any line is
    an unborn child's plan (so adults are matched too)."""

    checked: list[FlagRecord] = field(default_factory=list)
    readable: list[tuple[str, dt.date]] = field(default_factory=list)
    with_adults: bool = False


def _checked(raw: RawRecord, nhs_number: str | None, today: dt.date) -> FlagRecord | Rejection:
    """The record, when its fields pass (the common case, tested inline for speed); otherwise
    ``check_format`` says what is wrong (the same conditions)."""
    dob = parse_date(raw.date_of_birth)
    start = parse_date(raw.start_date)
    end = parse_date(raw.end_date) if raw.end_date else None
    if (
        nhs_number is None
        or raw.plan_type not in PLAN_CODES
        or dob is None
        or start is None
        or (end is None and raw.end_date)
        or dob > today
        or start > today
        or (end is not None and end < start)
        or (raw.delete and raw.delete != "Y")
    ):
        return check_format(raw, today=today, nhs_number=nhs_number)
    return FlagRecord(raw.line, nhs_number, dob, raw.plan_type, start, end, raw.delete == "Y")


def _duplicate(record: FlagRecord, seen: dict[Key, int]) -> Rejection | None:
    """A second line for the same plan and start: only the first is used."""
    key = (record.nhs_number, record.plan_type, record.start_date)
    first_line = seen.get(key)
    if first_line is None:
        seen[key] = record.line
        return None
    return Rejection(
        record.line,
        record.nhs_number,
        RejectCode.DUPLICATE_IN_FILE,
        f"The same {record.plan_type} record (NHS number {record.nhs_number}, start "
        f"{record.start_date}) is already on line {first_line}; only that one is used.",
    )


def _note_line(raw: RawRecord, nhs_number: str | None, lines: _Lines, plan: Plan) -> None:
    """What every line with a readable NHS number tells, whatever else is wrong with it: the
    match rate counts it (with a readable date of birth), and a full file's list of plans
    present includes it (every plan of the child when its plan type cannot be read)."""
    if raw.plan_type == "UCPP":
        lines.with_adults = True
    if nhs_number is None:
        return
    dob = parse_date(raw.date_of_birth)
    if dob is not None:
        lines.readable.append((nhs_number, dob))
    code = raw.plan_type if raw.plan_type in PLAN_CODES else raw.plan_type.upper()
    plan.present.add((nhs_number, code if code in PLAN_CODES else ANY_PLAN))


def _read_lines(raws: Iterable[RawRecord], plan: Plan, today: dt.date) -> _Lines:
    """One pass over the lines: the format checks, the duplicate check, the match rate's
    readable lines and the full file's list of plans present."""
    lines = _Lines()
    seen: dict[Key, int] = {}
    for raw in raws:
        nhs_number = nhs_or_none(raw.nhs_number)
        _note_line(raw, nhs_number, lines, plan)
        record = _checked(raw, nhs_number, today)
        if isinstance(record, FlagRecord):
            problem = _duplicate(record, seen)
            if problem is None:
                lines.checked.append(record)
                continue
            record = problem
        plan.rejections.append(record)
    return lines


def _matched(readable: list[tuple[str, dt.date]], people: dict[str, Person]) -> int:
    """How many readable lines name a known person with that date of birth (the match rate)."""
    matched = 0
    for nhs, dob in readable:
        person = people.get(nhs)
        if person is not None and person.date_of_birth in (None, dob):
            matched += 1
    return matched


@dataclass(frozen=True)
class _Context:
    la_id: int
    today: dt.date
    late: Late | None
    newer: set[Key]


def plan_records(
    *, la: Organisation, raws: list[RawRecord], today: dt.date, late: Late | None = None
) -> Plan:
    """Check every record, match them all to people at once, and decide each one's outcome in
    memory."""
    plan = Plan()
    lines = _read_lines(raws, plan, today)
    numbers = {r.nhs_number for r in lines.checked}
    people = people_for({nhs for nhs, _ in lines.readable} | numbers, with_adults=lines.with_adults)
    plan.matched = _matched(lines.readable, people)
    existing = existing_flags(la, numbers)
    context = _Context(la.pk, today, late, changed_since(la, numbers, late))
    for record in lines.checked:
        person = people.get(record.nhs_number)
        current = existing.get((record.nhs_number, record.plan_type, record.start_date))
        problem = _outcome(plan, record, person, current, context)
        if problem is not None:
            plan.rejections.append(problem)
    plan.rejections.sort(key=lambda r: r.line)
    return plan


def _outcome(
    plan: Plan,
    record: FlagRecord,
    person: Person | None,
    current: tuple[Any, ...] | None,
    context: _Context,
) -> Rejection | None:
    """Add what the record does to the plan, or say why it is rejected."""
    problem = match_problem(record, person)
    if problem is not None:
        return problem
    assert person is not None
    if context.late is not None:
        problem = _superseded(record, context.late, current, person, context.newer, context.today)
        if problem is not None:
            return problem
    # A child another council is responsible for (placed out of area): said on the change
    # row itself, or on a row of its own when the record changed nothing (ADR 021).
    elsewhere = (
        person.council_id
        if person.child_id is not None and person.council_id not in (None, context.la_id)
        else None
    )
    if record.delete:
        return _removal(plan, record, current, elsewhere)
    if current is None:
        _creation(plan, record, person, elsewhere, context.today)
    elif current[1:] != (record.end_date, record.date_of_birth, person.child_id, person.mother_id):
        _update(plan, record, person, current, elsewhere, context.today)
    elif elsewhere is not None:
        plan.changes.append(
            (
                UploadChangeKind.OTHER_COUNCIL.value,
                record.line,
                record.nhs_number,
                record.plan_type,
                person.child_id,
                None,
                elsewhere,
            )
        )
    return None


def _removal(
    plan: Plan, record: FlagRecord, current: tuple[Any, ...] | None, elsewhere: int | None
) -> Rejection | None:
    """A record marked for deletion: the flag it names is entered in error."""
    if current is None:
        return Rejection(
            record.line,
            record.nhs_number,
            RejectCode.NO_SUCH_RECORD,
            f"There is no {record.plan_type} record starting {record.start_date} for "
            f"NHS number {record.nhs_number} to remove.",
            6,
        )
    pk, end_date, date_of_birth, held_child, held_mother = current
    plan.updates.append(
        Change(pk, record.plan_type, held_child, held_mother, date_of_birth, end_date, True)
    )
    plan.changes.append(
        (
            UploadChangeKind.DELETED.value,
            record.line,
            record.nhs_number,
            record.plan_type,
            held_child,
            held_mother,
            elsewhere,
        )
    )
    return None


def _change_row(
    kind: UploadChangeKind, record: FlagRecord, person: Person, elsewhere: int | None
) -> tuple[str, int, str, str, int | None, int | None, int | None]:
    """What an applied record did, for the result page (a FlagUploadChange without its upload)."""
    return (
        kind.value,
        record.line,
        record.nhs_number,
        record.plan_type,
        person.child_id,
        person.mother_id,
        elsewhere,
    )


def _creation(
    plan: Plan, record: FlagRecord, person: Person, elsewhere: int | None, today: dt.date
) -> None:
    end = record.end_date
    kind = UploadChangeKind.FLAGGED if end is None or end > today else UploadChangeKind.ENDED
    plan.changes.append(_change_row(kind, record, person, elsewhere))
    plan.creates.append(
        NewFlag(
            record.plan_type,
            record.nhs_number,
            person.child_id,
            person.mother_id,
            record.date_of_birth,
            record.start_date,
            record.end_date,
        )
    )


def _update(
    plan: Plan,
    record: FlagRecord,
    person: Person,
    current: tuple[Any, ...],
    elsewhere: int | None,
    today: dt.date,
) -> None:
    plan.updates.append(
        Change(
            current[0],
            record.plan_type,
            person.child_id,
            person.mother_id,
            record.date_of_birth,
            record.end_date,
            False,
        )
    )
    was_open = current[1] is None or current[1] > today
    end = record.end_date
    ended = was_open and end is not None and end <= today
    kind = UploadChangeKind.ENDED if ended else UploadChangeKind.CHANGED
    plan.changes.append(_change_row(kind, record, person, elsewhere))


def _superseded(
    record: FlagRecord,
    late: Late,
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
