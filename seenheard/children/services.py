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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from seenheard.access.actor import Actor
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record, audit_record_many
from seenheard.children.errors import ImportRowsInvalid
from seenheard.children.import_checks import (
    HEADER,
    Checker,
    DemographicsCsv,
    ImportProblem,
    Row,
    SourceItem,
    checked_rows,
)
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.core.rawsql import execute_many

__all__ = ["HEADER", "ChildrenImportSummary", "DemographicsCsv", "ImportProblem", "children_import"]

BATCH = 1000


@dataclass(frozen=True)
class ChildrenImportSummary:
    added: int
    updated: int
    unchanged: int


def _batches(items: Iterable[Row | ImportProblem]) -> Iterator[list[Row]]:
    batch: list[Row] = []
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
    rows: list[Row], *, actor: Actor, source: str, summary: dict[str, int]
) -> list[tuple[AuditAction, int, dict[str, Any]]]:
    # scope-exempt: the feed matches every child by NHS number, whoever can see them.
    known = {
        c.nhs_number: c
        for c in Child.objects.filter(nhs_number__in=[r.nhs_number for r in rows]).only(
            "pk", "nhs_number", *_ALWAYS, "postcode", "gp_practice", "responsible_la"
        )
    }
    new: list[Row] = []
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


def _insert(rows: list[Row]) -> list[int]:
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
    checker = Checker()
    problems = [item for item in checked_rows(rows, checker) if isinstance(item, ImportProblem)]
    if problems:
        raise ImportRowsInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
    checker.seen.clear()  # the second pass meets every number again
    summary = {"added": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for batch in _batches(checked_rows(rows, checker)):
            _audit_children(actor, _write_batch(batch, actor=actor, source=source, summary=summary))
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="ChildrenImport",
            detail={"source": source, **summary},
        )
    return ChildrenImportSummary(**summary)
