"""Fast multi-row INSERTs and UPDATEs for bulk writers (the seeder, council flag uploads).

``bulk_create`` spends most of its time building model instances and preparing each value; for
a million children that is most of the run. The seeder's rows are plain tuples it made itself,
so it sends them as multi-row ``INSERT ... VALUES (...), (...)`` statements, with
``RETURNING id`` where it needs the new ids (SQLite 3.35+ and PostgreSQL both support it, and
both return the rows in VALUES order, which Django's own bulk_create relies on too).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, models


def adapt_date(value: dt.date | None) -> Any:
    """A date as the database driver wants it (text for SQLite, the object for psycopg).

    Callers adapt dates and times themselves when building rows: doing it here, value by value,
    took longer than the INSERTs."""
    return connection.ops.adapt_datefield_value(value)


def adapt_datetime(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def insert_sql(model: type[models.Model], columns: Sequence[str], count: int) -> str:
    """``INSERT INTO <table> (<columns>) VALUES (%s, ...), ...`` for ``count`` rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {', '.join([one] * count)}"  # noqa: S608 - names are our own


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
    limit = connection.features.max_query_params or 30000
    per_statement = max(1, min(limit, 30000) // len(columns))
    ids: list[int] = []
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        # The driver's cursor, not Django's: with DEBUG on, Django would format and keep the
        # text of every statement, thirty thousand parameters at a time.
        cursor = wrapper.cursor
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = insert_sql(model, columns, len(chunk))
            params = [v for row in chunk for v in row]
            if returning:
                cursor.execute(sql + f" RETURNING {quote(model._meta.pk.column or 'id')}", params)
                ids.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


#: Fewer rows than this go in as one INSERT: COPY costs a round trip more (the server's
#: go-ahead, then the data), which outweighs its saving on a handful of rows.
COPY_FROM_ROWS = 20


def copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
    meanwhile: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """``insert_rows``, but on PostgreSQL, from ``COPY_FROM_ROWS`` rows up, through
    ``COPY ... FROM STDIN``: no SQL text to build
    or parse, nor a placeholder per value (psycopg's conversion of a 30,000-parameter INSERT cost
    more than the INSERT). COPY cannot return ids, so with ``returning`` the new primary keys are
    drawn from the table's own sequence first, one per row in row order, and copied in with the
    rows. Elsewhere (SQLite) it is ``insert_rows``. Values are adapted as for ``insert_rows``.

    ``meanwhile``, given the new ids, runs once the rows are sent but before waiting for the
    server to finish taking them in: Python work that needs no database (say, the audit events
    for these rows) then costs no time on PostgreSQL. It must not use the connection."""
    if not rows or not _postgresql() or len(rows) < COPY_FROM_ROWS:
        ids = insert_rows(model, columns, rows, returning=returning)
        if meanwhile is not None:
            meanwhile(ids)
        return ids
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    ids = []
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor = wrapper.cursor
        if returning:
            pk = model._meta.pk.column or "id"
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = (pk, *columns)
        names = ", ".join(quote(c) for c in columns)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            if returning:
                for pk_value, row in zip(ids, rows, strict=True):
                    write((pk_value, *row))
            else:
                for row in rows:
                    write(row)
            if meanwhile is not None:
                meanwhile(ids)
    return ids


_temp_tables = itertools.count(1)


def update_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Set ``columns`` of many rows, each row being (primary key, *values in ``columns`` order),
    values adapted as for ``insert_rows``. On PostgreSQL the rows are copied into a temporary
    table and applied with one ``UPDATE ... FROM`` (an UPDATE per row costs a round trip each,
    even pipelined); on SQLite, in process, one ``executemany``."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column or "id")
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor = wrapper.cursor
        if not _postgresql() or len(rows) < 100:
            sets = ", ".join(f"{quote(c)} = %s" for c in columns)
            params = [(*row[1:], row[0]) for row in rows]
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", params)  # noqa: S608
            return
        temp = quote(f"bulk_update_{next(_temp_tables)}")
        names = ", ".join([pk, *(quote(c) for c in columns)])
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "  # noqa: S608 - our names
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {temp} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        sets = ", ".join(f"{quote(c)} = new.{quote(c)}" for c in columns)
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM {temp} AS new "  # noqa: S608 - our names
            f"WHERE {table}.{pk} = new.{pk}"
        )
        cursor.execute(f"DROP TABLE {temp}")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a bulk writer builds hundreds of thousands
    of small tuples. None of them form cycles (reference counting frees them as usual), but each
    collection walks every live object, and with a national file in memory those walks cost more
    than the work itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
