"""The queries an upload plan needs (R-FLAG-2): the people and the council's flags that the
file's NHS numbers name, each read in one statement whatever the file's size."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from seenheard.accounts.models import Organisation
from seenheard.children.models import Adult, Child
from seenheard.core.rawsql import fetch_raw
from seenheard.flags.models import ProtectionFlag, UploadChangeKind
from seenheard.flags.upload.checks import ANY_PLAN, Person
from seenheard.flags.upload.types import Change, Key, Late, Plan

_EXISTING_FIELDS = (
    "nhs_number",
    "plan_type",
    "start_date",
    "pk",
    "end_date",
    "date_of_birth",
    "child_id",
    "mother_id",
)


def among(nhs_numbers: Collection[str]) -> RawSQL:
    """A filter: the row's ``nhs_number`` is one of many, sent as one parameter. A placeholder
    per number made a national file's queries slow to build, and SQLite allows only 999 a
    statement. PostgreSQL hashes the array (``= ANY``: a quarter of the time of ``IN (SELECT
    unnest(...))`` for 150,000 numbers among a million children); SQLite looks each number of
    the JSON list up in the index. NHS numbers here are normalised: ten digits, no commas."""
    if connection.vendor == "postgresql":
        sql, value = "\"nhs_number\" = ANY(string_to_array(%s, ','))", ",".join(nhs_numbers)
    else:
        sql, value = (
            '"nhs_number" IN (SELECT value FROM json_each(%s))',
            json.dumps(list(nhs_numbers)),
        )
    return RawSQL(sql, [value], output_field=BooleanField())  # noqa: S611 - fixed SQL, one parameter


def fetch_values(values: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A ``values_list`` query's rows as the driver gives them. Django's converters, called for
    every value, were a third of an unchanged national upload on SQLite. Plain date columns
    still come back as dates: psycopg reads them so, and Django registers sqlite3 converters
    for columns declared ``date``."""
    sql, params = values.query.sql_with_params()
    return fetch_raw(sql, params)


def people_for(nhs_numbers: set[str], *, with_adults: bool) -> dict[str, Person]:
    """Known people by NHS number. Matching the index to people is a system function (the
    council's file names the children), not a read by the uploader."""
    if not nhs_numbers:
        return {}
    fields = ("nhs_number", "pk", "date_of_birth")
    children = Child.objects.filter(among(nhs_numbers))  # scope-exempt: matching
    people = {
        nhs: Person(pk, None, dob, council)
        for nhs, pk, dob, council in fetch_values(
            children.values_list(*fields, "responsible_la_id")
        )
    }
    unknown = [n for n in nhs_numbers if n not in people]
    if with_adults and unknown:
        adults = Adult.objects.filter(among(unknown))  # scope-exempt: matching
        for nhs, pk, dob in fetch_values(adults.values_list(*fields)):
            people[str(nhs)] = Person(None, pk, dob)
    return people


def existing_flags(la: Organisation, numbers: set[str]) -> dict[Key, tuple[Any, ...]]:
    """The council's flags for these NHS numbers, by plan identity: (pk, end, dob, child,
    mother)."""
    if not numbers:
        return {}
    flags = ProtectionFlag.objects.filter(among(numbers), la=la, entered_in_error=False)
    return {
        (nhs, kind, start): (pk, end, dob, child, mother)
        for nhs, kind, start, pk, end, dob, child, mother in fetch_values(
            flags.values_list(*_EXISTING_FIELDS)
        )
    }


def changed_since(la: Organisation, numbers: set[str], late: Late | None) -> set[Key]:
    """For a late file: the plans changed since the first later file (including records a
    later file removed as entered in error: not to be made again)."""
    if late is None or not numbers:
        return set()
    return set(
        ProtectionFlag.objects.filter(
            among(numbers), la=la, updated_at__gte=late.later_at
        ).values_list("nhs_number", "plan_type", "start_date")
    )


def end_missing(*, la: Organisation, plan: Plan, today: dt.date) -> list[Change]:
    """A full file is the council's whole current list: its open flags missing from the file
    end as of the upload date."""
    open_flags = (
        ProtectionFlag.objects.filter(la=la, entered_in_error=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .values_list(
            "pk", "nhs_number", "plan_type", "start_date", "child_id", "mother_id", "date_of_birth"
        )
    )
    ended = []
    present, kind = plan.present, UploadChangeKind.NOT_IN_FILE.value
    for pk, nhs_number, plan_type, start, child_id, mother_id, dob in fetch_values(open_flags):
        if (nhs_number, plan_type) in present or (nhs_number, ANY_PLAN) in present:
            continue
        if start <= today:
            ended.append(Change(pk, plan_type, child_id, mother_id, dob, today, False))
            plan.changes.append((kind, 0, nhs_number, plan_type, child_id, mother_id, None))
    return ended
