"""Writing a plan (R-FLAG-2, ADR 011): new flags by COPY or a multi-row INSERT, changed ones by
one bulk UPDATE (``core.bulk``), and one audit event per new or changed flag, appended a batch
at a time. An upload and a single record from the API are written the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_batch, canonical_json
from seenheard.core.bulk import adapt_datetime, copy_rows, update_rows
from seenheard.flags.models import FlagUpload, ProtectionFlag
from seenheard.flags.upload.types import Plan

_CREATED_COLUMNS = (
    "la_id",
    "plan_type",
    "nhs_number",
    "child_id",
    "mother_id",
    "date_of_birth",
    "start_date",
    "end_date",
    "expected_delivery_date",
    "entered_in_error",
    "source",
    "upload_id",
    "created_at",
    "updated_at",
)
_CHANGED_COLUMNS = (
    "child_id",
    "mother_id",
    "date_of_birth",
    "end_date",
    "entered_in_error",
    "updated_at",
    "upload_id",
)


class _Details:
    """The audit detail of each new or changed flag: one per distinct plan and date, encoded
    once (a national file has a few thousand)."""

    def __init__(self, upload_id: int | None) -> None:
        self.upload_id = upload_id
        self.created: dict[tuple[str, dt.date], str] = {}
        self.changed: dict[tuple[str, dt.date | None, bool], str] = {}

    def of_created(self, plan_type: str, start: dt.date) -> str:
        text = self.created.get((plan_type, start))
        if text is None:
            text = self.created[(plan_type, start)] = canonical_json(
                {"plan_type": plan_type, "upload": self.upload_id, "start_date": start.isoformat()}
            )
        return text

    def of_changed(self, plan_type: str, end: dt.date | None, in_error: bool) -> str:
        text = self.changed.get((plan_type, end, in_error))
        if text is None:
            text = self.changed[(plan_type, end, in_error)] = canonical_json(
                {
                    "plan_type": plan_type,
                    "upload": self.upload_id,
                    "end_date": end.isoformat() if end else None,
                    "entered_in_error": in_error,
                }
            )
        return text


def _created_rows(
    plan: Plan, *, la: Organisation, upload_id: int | None, at: Any, source: str, delivery: Any
) -> list[tuple[Any, ...]]:
    day: Callable[[dt.date | None], Any] = connection.ops.adapt_datefield_value  # bound once
    return [
        (
            la.pk,
            f.plan_type,
            f.nhs_number,
            f.child_id,
            f.mother_id,
            day(f.date_of_birth),
            day(f.start_date),
            day(f.end_date),
            delivery,
            False,
            source,
            upload_id,
            at,
            at,
        )
        for f in plan.creates
    ]


def _changed_rows(plan: Plan, *, upload_id: int | None, at: Any) -> list[tuple[Any, ...]]:
    day: Callable[[dt.date | None], Any] = connection.ops.adapt_datefield_value
    return [
        (
            c.pk,
            c.child_id,
            c.mother_id,
            day(c.date_of_birth),
            day(c.end_date),
            c.entered_in_error,
            at,
            upload_id,
        )
        for c in plan.updates
    ]


def plan_write(
    plan: Plan,
    *,
    actor: Actor,
    la: Organisation,
    upload: FlagUpload | None,
    now: dt.datetime,
    source: str,
    expected_delivery_date: dt.date | None = None,
) -> list[int]:
    """Write the plan's new and changed flags and their audit events; the new flags' ids, in
    ``plan.creates`` order. The new flags' events are made while PostgreSQL is still taking in
    the flags."""
    at = adapt_datetime(now)
    upload_id = upload.pk if upload else None
    delivery = connection.ops.adapt_datefield_value(expected_delivery_date)
    events = audit_batch(actor=actor)
    details = _Details(upload_id)
    created, changed = AuditAction.CREATE, AuditAction.UPDATE

    def audit_created(ids: list[int]) -> None:
        events.add_encoded(
            (
                created,
                "ProtectionFlag",
                pk,
                f.child_id,
                details.of_created(f.plan_type, f.start_date),
            )
            for f, pk in zip(plan.creates, ids, strict=True)
        )

    ids = copy_rows(
        ProtectionFlag,
        _CREATED_COLUMNS,
        _created_rows(plan, la=la, upload_id=upload_id, at=at, source=source, delivery=delivery),
        returning=True,
        meanwhile=audit_created,
    )
    update_rows(ProtectionFlag, _CHANGED_COLUMNS, _changed_rows(plan, upload_id=upload_id, at=at))
    events.add_encoded(
        (
            changed,
            "ProtectionFlag",
            c.pk,
            c.child_id,
            details.of_changed(c.plan_type, c.end_date, c.entered_in_error),
        )
        for c in plan.updates
    )
    events.write()
    return ids
