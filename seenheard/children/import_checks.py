"""Checking the demographics feed (``children_import``'s first pass): the file read as text,
every line's fields checked with its line and column (DESIGN rule 7), before anything is
written. Pure of writes: it reads only the organisations, once."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from seenheard.accounts.models import Organisation, OrgKind, SettingType
from seenheard.children.models import Sex
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number

HEADER = (
    "nhs_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "gp_practice",
    "la",
)
NHS, GIVEN, FAMILY, BORN, SEX, POSTCODE, GP, LA = range(1, 9)  # 1-based column numbers
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: int
    message: str

    def located(self, filename: str) -> str:
        """``FILE:LINE:COLUMN: message``, the way compilers report, so editors can jump to it."""
        return f"{filename}:{self.line}:{self.column}: {self.message}"


# One item from a source: a line number and its fields, or a problem the reader found (for
# example bytes that are not UTF-8), which the import reports with the rest.
SourceItem = tuple[int, list[str]] | ImportProblem


class DemographicsCsv:
    """The rows of a demographics CSV file, read afresh each time it is iterated.

    Accepts UTF-8 with or without a byte-order mark and CRLF or LF line ends. Yields
    ``(line number, fields)`` from line 1 (the header); blank lines are skipped. A line that is
    not UTF-8 text becomes an ImportProblem, as does a file that is empty or binary.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[SourceItem]:
        problems: list[ImportProblem] = []
        with self.path.open("rb") as handle:
            head = handle.read(8192)
            if not head.strip():
                yield ImportProblem(
                    1, 1, f"the file is empty: it needs the header line {','.join(HEADER)}"
                )
                return
            if b"\x00" in head:
                yield ImportProblem(
                    1,
                    1,
                    "this is not a text file (it contains binary data); "
                    "the import needs a CSV file saved as UTF-8",
                )
                return
            handle.seek(0)
            reader = csv.reader(self._lines(handle, problems))
            last = 0
            try:
                for fields in reader:
                    first, last = last + 1, reader.line_num
                    yield from problems
                    problems.clear()
                    if fields:
                        yield (first, fields)
            except csv.Error as exc:
                yield ImportProblem(
                    last + 1, 1, f"the CSV cannot be read from here on ({exc}); check the quotes"
                )
            yield from problems

    @staticmethod
    def _lines(handle: Any, problems: list[ImportProblem]) -> Iterator[str]:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = raw[: exc.start].count(b",") + 1
                problems.append(
                    ImportProblem(
                        number,
                        column,
                        f"this line is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                        "save the file as CSV UTF-8 and try again",
                    )
                )
                yield raw.decode("utf-8", errors="replace")


class Row(NamedTuple):
    line: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: dt.date
    sex: str
    postcode: str
    gp_practice_id: int | None
    responsible_la_id: int | None


def _nhs_checked(text: str) -> tuple[str, str | None]:
    """(the normalised NHS number, None) or (the text, why it is not an NHS number)."""
    try:
        return normalise_nhs_number(text), None
    except InvalidNhsNumber:
        shown = text.strip()
        cleaned = shown.replace(" ", "").replace("-", "")
        if not cleaned:
            return shown, "the NHS number is missing"
        if not (cleaned.isascii() and cleaned.isdigit()):  # not full-width digits (ADR 019)
            return shown, f"{shown} is not a valid NHS number: it must contain only numbers"
        if len(cleaned) != 10:
            return shown, f"{shown} is not a valid NHS number: it has {len(cleaned)} digits, not 10"
        return shown, f"{shown} is not a valid NHS number: the check digit does not match"


def _name_check(text: str, column: int, problem: Any) -> None:
    label = HEADER[column - 1].replace("_", " ")
    if not text:
        problem(column, f"the {label} is missing")
    elif len(text) > 100:
        problem(column, f"the {label} is longer than 100 characters")


def _sex_checked(text: str, problem: Any) -> str:
    sex = text.lower()
    if not sex:
        problem(SEX, f"the sex is missing: use one of {', '.join(Sex.values)}")
    elif sex not in Sex.values:
        problem(
            SEX,
            f"{text} is not a sex this import understands: use one of {', '.join(Sex.values)}",
        )
    return sex


class Checker:
    """Checks rows one at a time and remembers what it needs across the file (the NHS numbers
    seen so far, for duplicates)."""

    def __init__(self) -> None:
        self.today = clock.today()
        self.orgs: dict[str, tuple[int, str, str]] = {
            code: (pk, kind, setting_type)
            for code, pk, kind, setting_type in Organisation.objects.values_list(
                "code", "pk", "kind", "setting_type"
            )
        }
        self.seen: dict[int, int] = {}  # NHS number (as int, to save memory) -> line

    def header(self, line: int, fields: list[str]) -> ImportProblem | None:
        got = [f.strip() for f in fields]
        if tuple(got) == HEADER:
            return None
        column = next(
            (i for i, (a, b) in enumerate(zip(got, HEADER, strict=False), 1) if a != b),
            min(len(got), len(HEADER)) + 1,
        )
        return ImportProblem(
            line,
            column,
            f"the first line must be the header {','.join(HEADER)}, "
            f"but it is {','.join(got) or 'empty'}",
        )

    def row(self, line: int, fields: list[str]) -> tuple[Row | None, list[ImportProblem]]:
        if len(fields) != len(HEADER):
            column = len(HEADER) + 1 if len(fields) > len(HEADER) else len(fields) + 1
            return None, [
                ImportProblem(
                    line,
                    column,
                    f"this line has {len(fields)} fields, but every line needs "
                    f"{len(HEADER)} ({','.join(HEADER)})",
                )
            ]
        values = [f.strip() for f in fields]
        problems: list[ImportProblem] = []

        def problem(column: int, message: str) -> None:
            problems.append(ImportProblem(line, column, message))

        nhs = self._nhs(values[NHS - 1], line, problem)
        for column in (GIVEN, FAMILY):
            _name_check(values[column - 1], column, problem)
        born = self._date(values[BORN - 1], problem)
        sex = _sex_checked(values[SEX - 1], problem)
        postcode = " ".join(values[POSTCODE - 1].upper().split())
        if len(postcode) > 10:
            problem(POSTCODE, f"{postcode} is too long to be a postcode")
        gp_id = self._org(values[GP - 1], GP, problem)
        la_id = self._org(values[LA - 1], LA, problem)
        if problems or born is None:
            return None, problems
        return (
            Row(
                line,
                nhs,
                values[GIVEN - 1],
                values[FAMILY - 1],
                born,
                sex,
                postcode,
                gp_id,
                la_id,
            ),
            [],
        )

    def _nhs(self, text: str, line: int, problem: Any) -> str:
        """The normalised number; a problem when it is not one or an earlier line has it."""
        nhs, why = _nhs_checked(text)
        if why:
            problem(NHS, why)
            return nhs
        earlier = self.seen.setdefault(int(nhs), line)
        if earlier != line:
            problem(NHS, f"{nhs} is already on line {earlier}: each child may appear once")
        return nhs

    def _date(self, text: str, problem: Any) -> dt.date | None:
        if not _ISO_DATE.fullmatch(text):
            problem(BORN, f"{text or 'an empty value'} is not a date in the form YYYY-MM-DD")
            return None
        try:
            born = dt.date.fromisoformat(text)
        except ValueError:
            problem(BORN, f"{text} is not a real date")
            return None
        if born > self.today:
            problem(BORN, f"{text} is in the future: a date of birth cannot be after today")
            return None
        return born

    def _org(self, code: str, column: int, problem: Any) -> int | None:
        if not code:
            return None
        found = self.orgs.get(code.upper())
        if column == GP:
            if found is None:
                problem(column, f"no GP practice has the code {code}")
            elif found[1] != OrgKind.GP_PRACTICE and found[2] != SettingType.GP_PRACTICE:
                problem(column, f"{code} is not a GP practice")
            else:
                return found[0]
            return None
        if found is None:
            problem(column, f"no local authority has the code {code}")
        elif found[1] != OrgKind.LOCAL_AUTHORITY:
            problem(column, f"{code} is not a local authority")
        else:
            return found[0]
        return None


def checked_rows(items: Iterable[SourceItem], checker: Checker) -> Iterator[Row | ImportProblem]:
    anything = header_seen = header_good = False
    for item in items:
        anything = True
        if isinstance(item, ImportProblem):
            yield item
            continue
        line, fields = item
        if not header_seen:
            header_seen = True
            bad_header = checker.header(line, fields)
            header_good = bad_header is None
            if bad_header:
                yield bad_header
            continue
        if not header_good:
            continue  # the columns cannot be trusted, so the rows cannot be checked
        row, problems = checker.row(line, fields)
        yield from problems
        if row is not None:
            yield row
    if not anything:
        yield ImportProblem(1, 1, f"the file is empty: it needs the header line {','.join(HEADER)}")
