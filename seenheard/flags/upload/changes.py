"""What an upload did, child by child, for its result page (R-FLAG-2, issue 7): reads that name
children, so each child shown is audited as a view; and the council's open flags, counted."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import AuditItem, audit_record_many
from seenheard.core import clock
from seenheard.flags.models import (
    FlagUpload,
    FlagUploadChange,
    PlanType,
    ProtectionFlag,
    UploadChangeKind,
)

# -- what an upload did, child by child (R-FLAG-2, issue 7) ------------------------------------

UPLOAD_CHANGES_SHOWN = 200  # rows a section of the result page lists; the counts say the rest


@dataclass(frozen=True)
class UploadChangeRow:
    line: int
    nhs_number: str
    name: str
    plan_label: str
    kind: str
    council_name: str  # for "another council is responsible": that council


@dataclass(frozen=True)
class UploadChangeSection:
    kind: str
    total: int
    rows: list[UploadChangeRow]


def _row(change: FlagUploadChange, kind: str) -> UploadChangeRow:
    person = change.child or change.mother
    return UploadChangeRow(
        line=change.line,
        nhs_number=change.nhs_number,
        name=person.full_name if person is not None else "",
        plan_label=PlanType(change.plan_type).label,
        kind=kind,
        council_name=change.council.name if change.council is not None else "",
    )


def flag_upload_changes(*, actor: Actor, upload: FlagUpload) -> dict[str, UploadChangeSection]:
    """Which children the council's own upload flagged, ended, removed or changed, and which of
    its records are for children another council is responsible for, by NHS number and name;
    at most ``UPLOAD_CHANGES_SHOWN`` of each kind. The caller has checked that the upload is the
    actor's council's own (its file named these children). Each child shown is audited, in the
    caller's transaction, so the child's access history shows this page."""
    mine = FlagUploadChange.objects.filter(upload=upload)
    totals = dict(mine.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    # Every record for a child another council is responsible for, whatever it did.
    totals[UploadChangeKind.OTHER_COUNCIL] = mine.filter(council__isnull=False).count()
    sections: dict[str, UploadChangeSection] = {}
    items: list[AuditItem] = []
    mothers: list[int] = []
    for kind in UploadChangeKind.values:
        total = totals.get(kind, 0)
        if not total:
            continue
        of_kind = (
            mine.filter(council__isnull=False)
            if kind == UploadChangeKind.OTHER_COUNCIL
            else mine.filter(kind=kind)
        )
        changes = list(
            of_kind.select_related("child", "mother", "council").order_by("line", "pk")[
                :UPLOAD_CHANGES_SHOWN
            ]
        )
        rows = [_row(change, kind) for change in changes]
        items.extend(
            (AuditAction.VIEW, "FlagUpload", upload.pk, c.child_id, {"shown": kind, "line": c.line})
            for c in changes
            if c.child_id is not None
        )
        mothers.extend(c.mother_id for c in changes if c.child_id is None and c.mother_id)
        sections[kind] = UploadChangeSection(kind, total, rows)
    if mothers:
        items.append(
            (AuditAction.VIEW, "FlagUpload", upload.pk, None, {"mothers_shown": sorted(mothers)})
        )
    if items:
        audit_record_many(actor=actor, items=items)
    return sections


def open_flag_counts(*, council: Organisation) -> dict[str, int]:
    """The council's open flags by plan type: started, and not ended as of today (the same
    "open" as flag_state, R-FLAG-1). Counts only: no child is named."""
    today = clock.today()
    return dict(
        ProtectionFlag.objects.filter(la=council, entered_in_error=False, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .values("plan_type")
        .annotate(n=Count("pk"))
        .values_list("plan_type", "n")
    )
