"""Reading the council's inbox (R-FLAG-5): attendances of children on the council's plans."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import council_of
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many
from seenheard.children.models import Adult, Child
from seenheard.flags.models import FlagAttendanceAlert


@dataclass(frozen=True)
class CouncilAlertRow:
    alert: FlagAttendanceAlert
    #: The child who attended; None when a pregnant woman on an unborn child's plan did.
    child: Child | None
    plan_label: str
    mother: Adult | None = None

    @property
    def person(self) -> Child | Adult:
        person = self.child or self.mother
        assert person is not None
        return person

    @property
    def views_href(self) -> str:
        if self.child is not None:
            return f"/flags/{self.child.pk}/views/"
        return f"/flags/mothers/{self.person.pk}/views/"


@transaction.atomic
def council_alerts(
    *, actor: Actor, unseen_only: bool = False, limit: int = 100
) -> list[CouncilAlertRow]:
    """R-FLAG-5: the council's inbox of attendances of children on its plans, newest first:
    the setting, the time and who registered. Empty for anyone who is not a social worker or
    flag administrator of the council. Each child shown is audited."""
    la = council_of(actor)
    if la is None:
        return []
    alerts = FlagAttendanceAlert.objects.filter(la=la).select_related("child", "mother", "flag")
    if unseen_only:
        alerts = alerts.filter(seen_at__isnull=True)
    rows = [
        CouncilAlertRow(
            alert=a, child=a.child, mother=a.mother, plan_label=a.flag.get_plan_type_display()
        )
        for a in alerts.order_by("-attended_at", "-pk")[:limit]
    ]
    children = sorted({r.child.pk for r in rows if r.child is not None})
    mothers = sorted({r.mother.pk for r in rows if r.mother is not None})
    audit_record_many(
        actor=actor,
        items=[
            *(
                (
                    AuditAction.VIEW,
                    "FlagAttendanceAlerts",
                    la.code,
                    child_id,
                    {"purpose": "council-inbox"},
                )
                for child_id in children
            ),
            *(
                (
                    AuditAction.VIEW,
                    "FlagAttendanceAlerts",
                    la.code,
                    None,
                    {"purpose": "council-inbox", "mother": mother_id},
                )
                for mother_id in mothers
            ),
        ],
    )
    return rows
