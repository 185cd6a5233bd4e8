"""The flags app's writes (ADR 029). Defined here: single flags from a council's system through
the API (R-FLAG-2), a record checked as a file record is, and the end of a plan. Named here from
the modules of what changes with them: a whole file (``upload.apply.flag_upload_apply``), a gap
in a council's files (``upload.gaps.flag_upload_gap_close``), the council's inbox
(``inbox.services``). Risk flags are ``flags.risk``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import manages_flags_of
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.nhs import normalise_nhs_number
from seenheard.flags.errors import FlagNotHeld, FlagRecordRejected, NotCouncilFlagAdministrator
from seenheard.flags.inbox.services import (
    council_alert_mark_seen,
    council_alerts_raise,
    council_not_brought_raise,
)
from seenheard.flags.models import ProtectionFlag
from seenheard.flags.upload.apply import UploadResult, flag_upload_apply
from seenheard.flags.upload.checks import Rejection
from seenheard.flags.upload.gaps import flag_upload_gap_close
from seenheard.flags.upload.parse import RawRecord, RejectCode, parse_date
from seenheard.flags.upload.plan import plan_records
from seenheard.flags.upload.selectors import council_get
from seenheard.flags.upload.write import plan_write

__all__ = [
    "UploadResult",
    "council_alert_mark_seen",
    "council_alerts_raise",
    "council_not_brought_raise",
    "flag_end",
    "flag_record_submit",
    "flag_upload_apply",
    "flag_upload_gap_close",
]

_CODE_FIELD = {
    RejectCode.INVALID_NHS_NUMBER: "nhs_number",
    RejectCode.NO_MATCH: "nhs_number",
    RejectCode.DOB_MISMATCH: "date_of_birth",
    RejectCode.INVALID_PLAN_TYPE: "plan_type",
    RejectCode.INVALID_DATE: "date",
    RejectCode.END_BEFORE_START: "end_date",
    RejectCode.START_IN_FUTURE: "start_date",
    RejectCode.NO_SUCH_RECORD: "start_date",
}


@transaction.atomic
def flag_record_submit(
    *,
    actor: Actor,
    la_code: str,
    nhs_number: str,
    date_of_birth: str,
    plan_type: str,
    start_date: str,
    end_date: str = "",
    expected_delivery_date: dt.date | None = None,
) -> ProtectionFlag:
    """One flag from a council's system through the API (R-FLAG-2): the same checks as a
    file record. Creates the flag, or updates the record with the same plan and start date."""
    la = council_get(la_code)
    if not manages_flags_of(actor, la):
        raise NotCouncilFlagAdministrator(f"You cannot record flags for {la.name}.")
    raw = RawRecord(1, nhs_number, date_of_birth, plan_type, start_date, end_date, "")
    plan = plan_records(la=la, raws=[raw], today=clock.today())
    if plan.rejections:
        rejection = plan.rejections[0]
        raise FlagRecordRejected(rejection, _CODE_FIELD.get(rejection.code, "flag"))
    ids = plan_write(
        plan,
        actor=actor,
        la=la,
        upload=None,
        now=clock.now(),
        source="api",
        expected_delivery_date=expected_delivery_date,
    )
    flags = ProtectionFlag.objects.select_related("la")
    if ids or plan.updates:
        return flags.get(pk=ids[0] if ids else plan.updates[0].pk)
    start = parse_date(start_date)
    assert start is not None  # the record passed its checks
    return flags.get(
        la=la,
        nhs_number=normalise_nhs_number(nhs_number),
        plan_type=plan_type,
        start_date=start,
        entered_in_error=False,
    )


@transaction.atomic
def flag_end(*, actor: Actor, flag_id: int, end_date: dt.date) -> ProtectionFlag:
    """End one flag (the API's PUT). Only the council that holds it may."""
    flag = (
        ProtectionFlag.objects.select_for_update()
        .select_related("la")
        .filter(pk=flag_id, entered_in_error=False)
        .first()
    )
    if flag is None or not manages_flags_of(actor, flag.la):
        raise FlagNotHeld
    if end_date < flag.start_date:
        raise FlagRecordRejected(
            Rejection(
                0,
                flag.nhs_number,
                RejectCode.END_BEFORE_START,
                f"The end date {end_date} is before the start date {flag.start_date}.",
            ),
            "end_date",
        )
    flag.end_date = end_date
    flag.updated_at = clock.now()
    flag.save(update_fields=["end_date", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="ProtectionFlag",
        object_id=flag.pk,
        child_id=flag.child_id,
        detail={"end_date": end_date.isoformat(), "source": "api"},
    )
    return flag
