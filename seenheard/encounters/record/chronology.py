"""Closed A&E records in the child's multi-agency chronology (issue 9 item 10, R-REF-4).

Anyone who sees the child sees that the record was completed (and whether the child's account
was taken apart from the adult) or why it could not be; the record itself opens on its own
page, which applies its own rules and audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from seenheard.access.actor import Actor
from seenheard.children.models import Child
from seenheard.chronology.registry import ChronologyEvent, agency_name
from seenheard.encounters.models import AttendanceRecord, RecordStatus
from seenheard.encounters.record.presenters import status_text


def _title(record: AttendanceRecord) -> str:
    if record.status == RecordStatus.COMPLETE:
        apart = "taken apart from the adult" if record.account_apart == "yes" else ""
        return "A&E record completed" + (f", the child's account {apart}" if apart else "")
    return f"A&E record {status_text(record)[0].lower()}{status_text(record)[1:]}"


def attendance_record_events(
    actor: Actor, child: Child, before: dt.datetime | None, limit: int
) -> Sequence[ChronologyEvent]:  # R-REF-4
    # scope-exempt: the chronology's selector found the child and allows the actor to see them
    rows = AttendanceRecord.objects.filter(child_id=child.pk, closed_at__isnull=False)
    if before is not None:
        rows = rows.filter(closed_at__lte=before)
    found = rows.select_related("setting__parent").order_by("-closed_at", "-pk")[:limit]
    events = []
    for record in found:
        assert record.closed_at is not None
        events.append(
            ChronologyEvent(
                at=record.closed_at,
                key=f"ae-record:{record.pk}",
                kind="A&E record",
                title=_title(record),
                agency=agency_name(record.setting),
                detail=f"{record.setting.name}. Closed by {record.closed_by_name}, "
                f"{record.closed_by_role}.",
                href=f"/attendances/{record.encounter_id}/record/",
            )
        )
    return events
