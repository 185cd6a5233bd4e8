"""Checking one record of a council's flag file, and matching it to a person (R-FLAG-2). Pure:
no database. A rejected record carries its line, the column at fault and a reason code."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import NamedTuple

from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.flags.models import PlanType
from seenheard.flags.upload.parse import RawRecord, RejectCode, parse_date

PLAN_CODES = frozenset(PlanType.values)
#: In a full file's list of plans present: a line whose plan type cannot be read protects
#: every plan of that child.
ANY_PLAN = "*"


@functools.lru_cache(maxsize=400_000)
def nhs_or_none(text: str) -> str | None:
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


class Person(NamedTuple):
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date | None
    council_id: int | None = None  # the council responsible for the child, if known


def _rejected(raw: RawRecord, code: RejectCode, message: str, column: int = 1) -> Rejection:
    return Rejection(raw.line, raw.nhs_number, code, message, column)


def _not_a_date(raw: RawRecord, label: str, text: str, column: int) -> Rejection:
    return _rejected(
        raw,
        RejectCode.INVALID_DATE,
        f"The {label} '{text}' is not a date in the form YYYY-MM-DD.",
        column,
    )


def _dates(raw: RawRecord) -> tuple[dt.date, dt.date, dt.date | None] | Rejection:
    """The record's dates of birth, start and end, or why one cannot be read."""
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
    return dob, start, end


def _date_order_problem(
    raw: RawRecord, dob: dt.date, start: dt.date, end: dt.date | None, today: dt.date
) -> Rejection | None:
    if dob > today:
        return _rejected(
            raw, RejectCode.INVALID_DATE, f"The date of birth {dob} is in the future.", 2
        )
    if start > today:
        return _rejected(
            raw,
            RejectCode.START_IN_FUTURE,
            f"The start date {start} is in the future; send it on or after that day.",
            4,
        )
    if end is not None and end < start:
        return _rejected(
            raw,
            RejectCode.END_BEFORE_START,
            f"The end date {end} is before the start date {start}.",
            5,
        )
    return None


def check_format(
    raw: RawRecord, *, today: dt.date, nhs_number: str | None
) -> FlagRecord | Rejection:
    """The record's own checks, in the order of its fields; ``nhs_number`` is
    ``nhs_or_none(raw.nhs_number)``, worked out by the caller."""
    if nhs_number is None:
        try:
            normalise_nhs_number(raw.nhs_number)
        except InvalidNhsNumber as exc:  # always: the cached check said so; this says why
            return _rejected(
                raw, RejectCode.INVALID_NHS_NUMBER, f"{raw.nhs_number or '(empty)'}: {exc}"
            )
    assert nhs_number is not None
    if raw.plan_type not in PLAN_CODES:
        return _rejected(
            raw,
            RejectCode.INVALID_PLAN_TYPE,
            f"Plan type must be CPP, LAC or UCPP, not '{raw.plan_type}'.",
            3,
        )
    dates = _dates(raw)
    if isinstance(dates, Rejection):
        return dates
    dob, start, end = dates
    problem = _date_order_problem(raw, dob, start, end, today)
    if problem is not None:
        return problem
    if raw.delete not in ("", "Y"):
        return _rejected(
            raw, RejectCode.INVALID_DELETE, f"'delete' must be Y or empty, not '{raw.delete}'.", 6
        )
    return FlagRecord(raw.line, nhs_number, dob, raw.plan_type, start, end, raw.delete == "Y")


def match_problem(record: FlagRecord, person: Person | None) -> Rejection | None:
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
