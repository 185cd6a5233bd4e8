"""Changing children's records: the demographics import.

``children_import`` takes the national demographics feed (a CSV file, one child a line) and
adds the children it does not know and updates the ones it does, matched by NHS number. It is
all-or-nothing: every row is checked first, every problem is reported with its line and column
(DESIGN rule 7), and nothing is written unless the whole file is good. Every child added or
changed is audited in the same transaction (DESIGN rule 3, R-FLAG-10).

Written for a million rows: the file is read twice (check, then write) instead of being held in
memory, and rows are written and audited a thousand at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation, OrgKind, SettingType
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record, audit_record_many
from seenheard.children.errors import ImportRowsInvalid
from seenheard.children.models import Child, Sex
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.core.rawsql import execute_many

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
BATCH = 1000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: int
    message: str

    def located(self, filename: str) -> str:
        """``FILE:LINE:COLUMN: message``, the way compilers report, so editors can jump to it."""
        return f"{filename}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class ChildrenImportSummary:
    added: int
    updated: int
    unchanged: int


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


class _Row(NamedTuple):
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


class _Checker:
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

    def row(self, line: int, fields: list[str]) -> tuple[_Row | None, list[ImportProblem]]:
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
            _Row(
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


def _checked_rows(items: Iterable[SourceItem], checker: _Checker) -> Iterator[_Row | ImportProblem]:
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


def _batches(items: Iterable[_Row | ImportProblem]) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for item in items:
        if isinstance(item, ImportProblem):
            raise ImportRowsInvalid([item])  # the first pass should have caught it
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# Fields the feed owns. An empty GP practice, council or postcode in the file means "not known
# to the feed", so it leaves what the record already holds.
_ALWAYS = ("given_name", "family_name", "date_of_birth", "sex")
_IF_GIVEN = ("postcode", "gp_practice_id", "responsible_la_id")


def _write_batch(
    rows: list[_Row], *, actor: Actor, source: str, summary: dict[str, int]
) -> list[tuple[AuditAction, int, dict[str, Any]]]:
    # scope-exempt: the feed matches every child by NHS number, whoever can see them.
    known = {
        c.nhs_number: c
        for c in Child.objects.filter(nhs_number__in=[r.nhs_number for r in rows]).only(
            "pk", "nhs_number", *_ALWAYS, "postcode", "gp_practice", "responsible_la"
        )
    }
    new: list[_Row] = []
    changed: list[tuple[Child, list[str]]] = []
    for r in rows:
        child = known.get(r.nhs_number)
        if child is None:
            new.append(r)
            continue
        fields = [f for f in _ALWAYS if getattr(child, f) != getattr(r, f)]
        fields += [f for f in _IF_GIVEN if getattr(r, f) and getattr(child, f) != getattr(r, f)]
        if not fields:
            summary["unchanged"] += 1
            continue
        for f in fields:
            setattr(child, f, getattr(r, f))
        changed.append((child, fields))
    new_ids = _insert(new)
    _update(changed)
    summary["added"] += len(new)
    summary["updated"] += len(changed)
    events: list[tuple[AuditAction, int, dict[str, Any]]] = [
        (AuditAction.CREATE, pk, {"source": source}) for pk in new_ids
    ]
    events += [(AuditAction.UPDATE, c.pk, {"source": source, "changed": f}) for c, f in changed]
    return events


def _executemany(table: str, columns: Sequence[str], params: list[tuple[Any, ...]]) -> None:
    """One parameterised statement sent with executemany: for a large feed this is many times
    faster than bulk_create or bulk_update, which build a model and prepare each value."""
    if not params:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - our names
    execute_many(sql, params)


_NEW_CHILD = (
    "nhs_number",
    "given_name",
    "family_name",
    "family_name_key",
    "date_of_birth",
    "sex",
    "postcode",
    "gp_practice_id",
    "responsible_la_id",
    "created_at",
    "updated_at",
)


def _insert(rows: list[_Row]) -> list[int]:
    """Insert new children (as Child.save() would: with the name search key); their ids, in
    the order of ``rows``."""
    if not rows:
        return []
    now = connection.ops.adapt_datetimefield_value(clock.now())
    date = connection.ops.adapt_datefield_value
    _executemany(
        Child._meta.db_table,
        _NEW_CHILD,
        [
            (
                r.nhs_number,
                r.given_name,
                r.family_name,
                r.family_name.strip().lower(),
                date(r.date_of_birth),
                r.sex,
                r.postcode,
                r.gp_practice_id,
                r.responsible_la_id,
                now,
                now,
            )
            for r in rows
        ],
    )
    # scope-exempt: reading back the ids of the children this import just wrote.
    ids = dict(
        Child.objects.filter(nhs_number__in=[r.nhs_number for r in rows]).values_list(
            "nhs_number", "pk"
        )
    )
    return [ids[r.nhs_number] for r in rows]


def _update(changed: list[tuple[Child, list[str]]]) -> None:
    """One parameterised UPDATE per child sent with executemany: Django's bulk_update builds a
    CASE expression per field, which is many times slower for a large feed."""
    if not changed:
        return
    columns = (*_ALWAYS, "family_name_key", *_IF_GIVEN, "updated_at")
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    table = quote(Child._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(clock.now())
    params = [
        (
            child.given_name,
            child.family_name,
            connection.ops.adapt_datefield_value(child.date_of_birth),
            child.sex,
            child.family_name.strip().lower(),
            child.postcode,
            child.gp_practice_id,
            child.responsible_la_id,
            now,
            child.pk,
        )
        for child, _fields in changed
    ]
    execute_many(sql, params)


def _audit_children(actor: Actor, events: list[tuple[AuditAction, int, dict[str, Any]]]) -> None:
    """One audit event per child added or changed, appended a batch at a time."""
    audit_record_many(
        actor=actor,
        items=[
            (action, "Child", child_id, child_id, detail) for action, child_id, detail in events
        ],
    )


def children_import(
    *, actor: Actor, rows: Iterable[SourceItem], source: str = ""
) -> ChildrenImportSummary:
    """Add and update children from the demographics feed, all or nothing.

    ``rows`` yields ``(line number, fields)`` starting with the header on line 1 (as
    ``DemographicsCsv`` does); it is read twice, so a one-shot iterator is copied into a list.
    Raises ``errors.ImportRowsInvalid``, listing every problem, when any row is bad.
    """
    if iter(rows) is rows:
        rows = list(rows)
    checker = _Checker()
    problems = [item for item in _checked_rows(rows, checker) if isinstance(item, ImportProblem)]
    if problems:
        raise ImportRowsInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
    checker.seen.clear()  # the second pass meets every number again
    summary = {"added": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for batch in _batches(_checked_rows(rows, checker)):
            _audit_children(actor, _write_batch(batch, actor=actor, source=source, summary=summary))
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="ChildrenImport",
            detail={"source": source, **summary},
        )
    return ChildrenImportSummary(**summary)
