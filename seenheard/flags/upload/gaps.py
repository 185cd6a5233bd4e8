"""Closing a gap in a council's sequence of files (R-FLAG-2, ADR 021): a flag administrator
records why files will never arrive; the gap is then no longer shown, and those numbers can no
longer be sent."""

from __future__ import annotations

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import manages_flags_of
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.flags.errors import GapNotOpen, GapReasonMissing, NotCouncilFlagAdministrator
from seenheard.flags.models import FlagUploadGapClosure
from seenheard.flags.upload.selectors import council_get, flag_upload_gaps

GAP_REASON_MAX = 1000


@transaction.atomic
def flag_upload_gap_close(
    *, actor: Actor, la_code: str, first: int, last: int, reason: str
) -> FlagUploadGapClosure:
    """Record why files first..last will never arrive (R-FLAG-2, issue 7): the gap is then no
    longer shown, and those numbers can no longer be sent. Only the council's own flag
    administrators may; audited. ``first..last`` must be exactly one of the open gaps."""
    la = council_get(la_code)
    if not manages_flags_of(actor, la):
        raise NotCouncilFlagAdministrator(f"You cannot manage flag uploads for {la.name}.")
    Organisation.objects.select_for_update().filter(pk=la.pk).first()  # as an upload does
    if (first, last) not in flag_upload_gaps(la=la):
        raise GapNotOpen(
            f"Files {first} to {last} are not a gap in {la.name}'s files: they may have arrived "
            "since, or been recorded already."
        )
    reason = (reason or "").strip()
    if not reason:
        raise GapReasonMissing("Enter why these files will not arrive.")
    if len(reason) > GAP_REASON_MAX:
        raise GapReasonMissing(
            f"The reason must be {GAP_REASON_MAX:,} characters or fewer (it has {len(reason):,})."
        )
    closure = FlagUploadGapClosure.objects.create(
        la=la,
        first=first,
        last=last,
        reason=reason,
        closed_by=actor.username,
        closed_by_name=actor.name or actor.username,
        closed_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="FlagUploadGapClosure",
        object_id=closure.pk,
        detail={"first": first, "last": last, "reason": reason},
    )
    return closure
