"""Writing the council's inbox (R-FLAG-5): an entry per open plan when a child on it attends
unscheduled care, with an e-mail per council naming no child; and marking an entry as seen."""

from __future__ import annotations

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
from seenheard.flags.models import FlagAttendanceAlert
from seenheard.flags.selectors import FlagBanner
from seenheard.jobs.services import notification_send


def council_alerts_raise(
    *, banner: FlagBanner, encounter: Encounter, setting: Organisation, actor: Actor
) -> list[str]:
    """R-FLAG-5: one inbox entry per open flag, and one e-mail per council, naming no child.
    Runs in the caller's transaction (registration). Returns the councils told, by name."""
    # The councils come from the organisations remembered per process (ADR 014).
    councils = organisations_by_id({f.council_id for f in banner.open})
    now = clock.now()
    for f in banner.open:
        insert_model(  # one hand-written INSERT each (ADR 016); usually one open plan
            FlagAttendanceAlert(
                la_id=f.council_id,
                flag_id=f.flag_id,
                child_id=encounter.child_id,
                mother_id=encounter.mother_id,
                encounter=encounter,
                setting_name=setting.name,
                registered_by=f"{actor.name} ({actor.role.label})",
                attended_at=encounter.started_at,
                created_at=now,
            )
        )
    when = timezone.localtime(encounter.started_at).strftime("%H:%M on %-d %B %Y")
    for la in councils.values():
        # The e-mail names no child: the council's inbox behind sign-in has who and where.
        notification_send(
            recipient_user_id=None,
            recipient_email=la.email,
            recipient_org_code=la.code,
            topic="flag-attendance",
            subject="A child on one of your plans has attended unscheduled care",
            body=(
                f"A child on a child protection plan, looked after, or on an unborn child plan "
                f"held by {la.name} attended {setting.name} at {when}. Sign in to Seen and "
                f"Heard to see who it was and who registered the attendance."
            ),
            link="/council/attendances/",
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
