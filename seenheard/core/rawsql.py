"""Reads and inserts for the registration path written once as SQL, with the ORM's own value
conversions, so the hottest statements skip the ORM's query building (ADR 016).

Django builds the SQL of a queryset afresh on every call: for registration's short statements
that took longer than running them. ``select_sql`` writes a model's column list once; the caller
adds a WHERE clause of its own (the same text on SQLite and PostgreSQL); ``fetch_rows`` runs it
and converts each value exactly as a queryset would (the database backend's and the fields'
converters), and ``fetch_models`` goes on to build instances with ``Model.from_db``;
``insert_model`` saves a new instance with one ``INSERT ... RETURNING``, preparing each value as
``Model.save`` does. Parameters are adapted by the caller where the backend needs it (dates and
times: ``connection.ops.adapt_datetimefield_value``).

What these do not do, deliberately: no signals (the project has no receivers; a model that
gains one must not be written through ``insert_model``), no related objects, no deferred fields.
Table and column names come from the models, values are always parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models, router, transaction
from django.db.models.expressions import Col

from seenheard.core.bulk import insert_sql

M = TypeVar("M", bound=models.Model)


@functools.cache
def _fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    return tuple(model._meta.concrete_fields)


@functools.cache
def _named(model: type[models.Model], names: tuple[str, ...] | None) -> tuple[Any, ...]:
    if names is None:
        return _fields(model)
    by_name = {f.attname: f for f in _fields(model)}
    return tuple(by_name[name] for name in names)


def select_sql(
    model: type[models.Model],
    where: str,
    *,
    order_by: str = "",
    limit: int = 0,
    fields: Sequence[str] | None = None,
) -> str:
    """``SELECT <columns> FROM <table> WHERE <where> [ORDER BY ..] [LIMIT n]``: every concrete
    column, or those of ``fields`` (attribute names) in that order.

    ``where`` and ``order_by`` name columns without a table prefix and take values as ``%s``
    parameters. Build it once (at import) and keep it."""
    conn = connections[router.db_for_read(model)]
    quote = conn.ops.quote_name
    chosen = _named(model, tuple(fields) if fields is not None else None)
    columns = ", ".join(quote(f.column) for f in chosen)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {where}"  # noqa: S608 - names from the model
    if order_by:
        sql += f" ORDER BY {order_by}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql


_Converters = list[tuple[int, list[Any], Col]]
_converter_cache: dict[tuple[type[models.Model], tuple[str, ...] | None, str], _Converters] = {}


def _converters(
    model: type[models.Model], names: tuple[str, ...] | None, alias: str
) -> _Converters:
    """What ``SQLCompiler.get_converters`` finds for these columns, per connection."""
    key = (model, names, alias)
    found = _converter_cache.get(key)
    if found is not None:
        return found
    conn = connections[alias]
    found = []
    for pos, field in enumerate(_named(model, names)):
        col = field.get_col(model._meta.db_table)
        convs = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
        if convs:
            found.append((pos, convs, col))
    _converter_cache[key] = found
    return found


def fetch_rows(
    model: type[models.Model],
    sql: str,
    params: Sequence[Any],
    *,
    fields: Sequence[str] | None = None,
) -> list[list[Any]]:
    """Run a ``select_sql`` statement (built with the same ``fields``); each row's values
    converted as a queryset converts them (SQLite's text dates to dates, JSON to objects...)."""
    alias = router.db_for_read(model)
    conn = connections[alias]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    converters = _converters(model, tuple(fields) if fields is not None else None, alias)
    out = []
    for values in raw:
        row = list(values)
        for pos, convs, col in converters:
            value = row[pos]
            for convert in convs:
                value = convert(value, col, conn)
            row[pos] = value
        out.append(row)
    return out


def fetch_models(model: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    """Run a ``select_sql`` statement of every column; its rows as instances, as a queryset
    builds them (``Model.from_db``)."""
    alias = router.db_for_read(model)
    names = [f.attname for f in _fields(model)]
    return [model.from_db(alias, names, row) for row in fetch_rows(model, sql, params)]


@functools.cache
def _insert_sql(model: type[models.Model], vendor: str) -> tuple[str, tuple[Any, ...]]:
    quote = connections[router.db_for_write(model)].ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    fields: tuple[Any, ...] = tuple(f for f in _fields(model) if f is not pk)
    insert = insert_sql(model, [f.column for f in fields], 1)
    return f"{insert} RETURNING {quote(pk.column or 'id')}", fields


def insert_model(obj: M) -> M:
    """Save a new instance with one statement, as ``obj.save()`` would (each field's
    ``pre_save``, so ``auto_now_add`` is set, then ``get_db_prep_save``), and set its primary
    key. Its model must have an auto-incrementing primary key and no signal receivers."""
    model = type(obj)
    alias = router.db_for_write(model)
    conn = connections[alias]
    sql, fields = _insert_sql(model, conn.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields]
    # As Model.save: a failed insert inside a transaction marks it for rollback, so a caller
    # that catches the error cannot commit the rest of the work by mistake.
    with transaction.mark_for_rollback_on_error(using=alias), conn.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = alias
    return obj


# -- running a hand-written statement elsewhere ------------------------------------------------
#
# The only ways the rest of the package runs SQL it wrote itself (tests/test_lint_rules.py
# allows a cursor in core.rawsql, core.bulk and the SQLite backend only). The statement stays
# beside the code it serves (registration's child look-up in encounters/registration.py, the
# audit chain's head in audit/services.py), built from the models' table and column names, with
# values always as parameters; these run it in the current transaction's connection.


def execute(sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement that returns no rows."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)


def execute_many(sql: str, params: Sequence[Sequence[Any]]) -> None:
    """Run one statement once per parameter row (the driver's executemany)."""
    with transaction.get_connection().cursor() as cursor:
        cursor.executemany(sql, params)


def fetch_raw(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row as the driver gives it, without the ORM's conversions (SQLite hands back the
    text it stores for dates and times; the caller converts what it needs)."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def fetch_one_raw(sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row as the driver gives it, or None."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row
