"""Reading organisations: reference data, remembered briefly per process (ADR 014)."""

from __future__ import annotations

from collections.abc import Iterable

from seenheard.accounts.models import Organisation
from seenheard.core.memo import TtlCache

_FIELDS = tuple(f.attname for f in Organisation._meta.concrete_fields)
_rows: TtlCache[tuple[object, ...]] = TtlCache("organisation_rows")


def organisations_by_id(ids: Iterable[int]) -> dict[int, Organisation]:
    """The organisations with these ids, each with its parent (and the parent's parent ...)
    attached, so that showing "setting, trust" asks the database nothing more.

    Each call gets its own instances, built from rows remembered for 30 seconds; only rows
    missing from memory are read, in one query a level."""
    wanted = set(ids)
    rows: dict[int, tuple[object, ...]] = {}
    while wanted:
        missing = []
        for pk in wanted:
            row = _rows.get(pk)
            if row is None:
                missing.append(pk)
            else:
                rows[pk] = row
        if missing:
            for row in Organisation.objects.filter(pk__in=missing).values_list(*_FIELDS):
                _rows.set(row[0], row)
                rows[row[0]] = row
        parent_at = _FIELDS.index("parent_id")
        wanted = {
            r[parent_at]  # type: ignore[misc]
            for r in rows.values()
            if r[parent_at] is not None and r[parent_at] not in rows
        }
    built = {
        pk: Organisation.from_db("default", list(_FIELDS), list(row)) for pk, row in rows.items()
    }
    for org in built.values():
        if org.parent_id is not None and org.parent_id in built:
            org.parent = built[org.parent_id]
    return built
