"""Writing the council's inbox (R-FLAG-5): an entry per open plan when a child on it attends
unscheduled care, or (R-WNB-3) is not brought to an appointment while on a child protection
plan or looked after, with an e-mail per council naming no child; and marking an entry as
seen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.scope import council_of
from seenheard.accounts.models import Organisation
from seenheard.accounts.selectors import organisations_by_id
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.rawsql import insert_model
from seenheard.encounters.models import Encounter
from seenheard.flags.models import AlertEvent, FlagAttendanceAlert
from seenheard.flags.selectors import FlagBanner, ShownFlag
from seenheard.jobs.services import notification_send


def _alerts_insert(
    flags: Sequence[ShownFlag],
    *,
    child_id: int | None,
    mother_id: int | None,
    encounter: Encounter | None,
    event: AlertEvent,
    what: str,
    setting_name: str,
    by: str,
    at: dt.datetime,
) -> dict[int, Organisation]:
    """One inbox entry per open flag, in the caller's transaction; the councils holding them."""
    now = clock.now()
    for f in flags:
        insert_model(  # one hand-written INSERT each (ADR 016); usually one open plan
            FlagAttendanceAlert(
                la_id=f.council_id,
                flag_id=f.flag_id,
                child_id=child_id,
                mother_id=mother_id,
                encounter=encounter,
                event=event,
                what=what,
                setting_name=setting_name,
                registered_by=by,
                attended_at=at,
                created_at=now,
            )
        )
    # The councils come from the organisations remembered per process (ADR 014).
    return organisations_by_id({f.council_id for f in flags})


def _councils_email(
    councils: dict[int, Organisation],
    *,
    topic: str,
    subject: str,
    body: Callable[[Organisation], str],
) -> None:
    """One e-mail per council; it names no child: the inbox behind sign-in has who and where."""
    for la in councils.values():
        notification_send(
            recipient_user_id=None,
            recipient_email=la.email,
            recipient_org_code=la.code,
            topic=topic,
            subject=subject,
            body=body(la),
            link="/council/attendances/",
        )


def council_alerts_raise(
    *, banner: FlagBanner, encounter: Encounter, setting: Organisation, actor: Actor
) -> list[str]:
    """R-FLAG-5: one inbox entry per open flag, and one e-mail per council, naming no child.
    Runs in the caller's transaction (registration). Returns the councils told, by name."""
    councils = _alerts_insert(
        banner.open,
        child_id=encounter.child_id,
        mother_id=encounter.mother_id,
        encounter=encounter,
        event=AlertEvent.ATTENDED,
        what="",
        setting_name=setting.name,
        by=f"{actor.name} ({actor.role.label})",
        at=encounter.started_at,
    )
    when = timezone.localtime(encounter.started_at).strftime("%H:%M on %-d %B %Y")
    _councils_email(
        councils,
        topic="flag-attendance",
        subject="A child on one of your plans has attended unscheduled care",
        body=lambda la: (
            "A child on a child protection plan, looked after, or on an unborn child plan "
            f"held by {la.name} attended {setting.name} at {when}. Sign in to Seen and Heard "
            "to see who it was and who registered the attendance."
        ),
    )
    return sorted(la.name for la in councils.values())


def council_not_brought_raise(
    *,
    flags: Sequence[ShownFlag],
    child_id: int,
    what: str,
    setting_name: str,
    recorded_by: str,
    at: dt.datetime,
) -> list[str]:
    """R-WNB-3: a child on a child protection plan or looked after was not brought to an
    appointment (``what``, in plain words, at ``setting_name``, at ``at``): the councils holding
    ``flags`` are told as for an attendance (R-FLAG-5): an entry per flag in the council's
    inbox, and an e-mail per council naming no child. Runs in the caller's transaction.
    Returns the councils told, by name."""
    councils = _alerts_insert(
        flags,
        child_id=child_id,
        mother_id=None,
        encounter=None,
        event=AlertEvent.NOT_BROUGHT,
        what=what,
        setting_name=setting_name,
        by=recorded_by,
        at=at,
    )
    _councils_email(
        councils,
        topic="flag-not-brought",
        subject="A child on one of your plans was not brought to an appointment",
        body=lambda la: (
            f"A child on a child protection plan held by {la.name}, or looked after by it, was "
            f"not brought to an appointment at {setting_name}. Sign in to Seen and Heard to see "
            "who it was."
        ),
    )
    return sorted(la.name for la in councils.values())


@transaction.atomic
def council_alert_mark_seen(*, actor: Actor, alert_id: int) -> FlagAttendanceAlert | None:
    """A social worker or flag administrator marks an attendance in the council's inbox as seen
    (R-FLAG-5). None when there is no such alert for their council (the same answer as not
    allowed). Marking twice keeps the first person and time."""
    la = council_of(actor)
    if la is None:
        return None
    alert = FlagAttendanceAlert.objects.select_for_update().filter(pk=alert_id, la=la).first()
    if alert is None:
        return None
    if alert.seen_at is None:
        alert.seen_at = clock.now()
        alert.seen_by = actor.username
        alert.save(update_fields=["seen_at", "seen_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="FlagAttendanceAlert",
            object_id=alert.pk,
            child_id=alert.child_id,
            detail={"seen": True},
        )
    return alert
