"""Reading a council's flag file (R-FLAG-2). Pure: bytes in, records or a whole-file problem out.

The format (issue 3): UTF-8 CSV, header exactly
``nhs_number,date_of_birth,plan_type,start_date,end_date,delete``; dates ``YYYY-MM-DD``. A
byte-order mark and Windows line endings are accepted. Anything that makes the file itself
unreadable rejects it whole; problems with one record reject that record only.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterator
from enum import StrEnum
from typing import NamedTuple

HEADER = ("nhs_number", "date_of_birth", "plan_type", "start_date", "end_date", "delete")
MAX_BYTES = 20 * 1024 * 1024  # a national-scale council list is well under 10 MB


class RejectCode(StrEnum):
    """Why one record was not applied (issue 3's codes, plus three of our own at the end)."""

    INVALID_NHS_NUMBER = "invalid-nhs-number"
    NO_MATCH = "no-match"
    DOB_MISMATCH = "dob-mismatch"
    INVALID_PLAN_TYPE = "invalid-plan-type"
    INVALID_DATE = "invalid-date"
    END_BEFORE_START = "end-before-start"
    START_IN_FUTURE = "start-in-future"
    DUPLICATE_IN_FILE = "duplicate-in-file"
    INVALID_DELETE = "invalid-delete"
    NO_SUCH_RECORD = "no-such-record"
    SUPERSEDED_BY_LATER_FILE = "superseded-by-later-file"  # a late file's record (ADR 021)


class FileProblem(Exception):
    """The whole file is rejected; the message says why, in plain English, and ``line`` (when
    not 0) where."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class RawRecord(NamedTuple):
    """One line of the file, its fields stripped. A named tuple, not a dataclass: a national file
    makes 150,000 of them and a frozen dataclass costs several times as much to build."""

    line: int
    nhs_number: str
    date_of_birth: str
    plan_type: str
    start_date: str
    end_date: str
    delete: str


def _text(content: bytes) -> str:
    """The file as text, or FileProblem when it is too large, binary, not UTF-8 or empty."""
    if len(content) > MAX_BYTES:
        raise FileProblem(
            f"The file is {len(content) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_048_576} MB. Split it, or send a delta file."
        )
    if b"\x00" in content:
        raise FileProblem("This is not a CSV text file: it contains binary data.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise FileProblem("The file is empty: it needs the header row and at least one record.")
    return text


def _header_check(reader: Iterator[list[str]]) -> None:
    try:
        header = next(reader)
    except csv.Error as exc:
        raise FileProblem(f"Line 1 is not valid CSV: {exc}.", 1) from None
    if tuple(h.strip() for h in header) != HEADER:
        raise FileProblem(
            "Line 1: the header row must be exactly "
            f"'{','.join(HEADER)}', but it is '{','.join(header)}'.",
            1,
        )


def _record(row: list[str], line: int) -> RawRecord | None:
    """One line's record; None for a blank line (e.g. a trailing newline)."""
    cells = [cell.strip() for cell in row]
    if not any(cells):
        return None
    if len(cells) != len(HEADER):
        raise FileProblem(
            f"Line {line} has {len(row)} fields; every record needs {len(HEADER)} "
            f"({', '.join(HEADER)}).",
            line,
        )
    return RawRecord(line, *cells)


def parse_flag_file(content: bytes) -> list[RawRecord]:
    """The file's records, or FileProblem. Fields are stripped text; checking is later."""
    reader = csv.reader(io.StringIO(_text(content), newline=""), strict=True)
    _header_check(reader)
    records = []
    try:
        for row in reader:
            record = _record(row, reader.line_num)
            if record is not None:
                records.append(record)
    except csv.Error as exc:
        raise FileProblem(
            f"Line {reader.line_num} is not valid CSV: {exc}.", reader.line_num
        ) from None
    if not records:
        raise FileProblem("The file has a header row but no records.")
    return records


@functools.lru_cache(maxsize=65_536)
def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD only, as the format says; None when it is not a real date in that form.
    Cached: a file's dates repeat (births by the thousand, plan starts by the hundred)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
