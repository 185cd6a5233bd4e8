"""Fast multi-row INSERTs for bulk writers (the seeder, council flag uploads).

``bulk_create`` spends most of its time building model instances and preparing each value; for
a million children that is most of the run. The seeder's rows are plain tuples it made itself,
so it sends them as multi-row ``INSERT ... VALUES (...), (...)`` statements, with
``RETURNING id`` where it needs the new ids (SQLite 3.35+ and PostgreSQL both support it, and
both return the rows in VALUES order, which Django's own bulk_create relies on too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def adapt_date(value: dt.date | None) -> Any:
    """A date as the database driver wants it (text for SQLite, the object for psycopg).

    Callers adapt dates and times themselves when building rows: doing it here, value by value,
    took longer than the INSERTs."""
    return connection.ops.adapt_datefield_value(value)


def adapt_datetime(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[int]:
    """Insert ``rows`` (values in ``columns`` order, already adapted); the new primary keys when
    ``returning``."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    limit = connection.features.max_query_params or 30000
    per_statement = max(1, min(limit, 30000) // len(columns))
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ids: list[int] = []
    with connection.cursor() as wrapper:
        # The driver's cursor, not Django's: with DEBUG on, Django would format and keep the
        # text of every statement, thirty thousand parameters at a time.
        cursor = wrapper.cursor
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608 - names are our own
            params = [v for row in chunk for v in row]
            if returning:
                cursor.execute(sql + f" RETURNING {quote(model._meta.pk.column or 'id')}", params)
                ids.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids
