"""A child who leaves unscheduled care before being seen (R-WNB-4): the attendance is closed
with the Emergency Care Data Set's discharge status (``models.ECDS_LEFT_BEFORE_SEEN``), and the
child's GP practice and community health service (the health visitor under 5, the school nurse
from 5: ``appointments.rules.practitioner_service``) are each given a task with a due date
(``tasks.services.task_create``), in one transaction with the audit event."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, Role, SettingType
from seenheard.appointments.models import Service
from seenheard.appointments.rules import practitioner_service
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.children.models import CareRelationship, Child
from seenheard.core import clock
from seenheard.encounters.errors import (
    AttendanceAlreadyDischarged,
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    AttendanceNotUnscheduled,
)
from seenheard.encounters.models import ECDS_LEFT_BEFORE_SEEN, Encounter
from seenheard.encounters.record.services import record_close_left_before_seen
from seenheard.protocols.selectors import protocol_value
from seenheard.tasks.models import Task
from seenheard.tasks.services import task_create

#: The kind of task each service is given (registered in ``encounters.apps``).
LEFT_BEFORE_SEEN_TASK = "left-before-seen"

_COMMUNITY = {
    Service.HEALTH_VISITING: SettingType.HEALTH_VISITING,
    Service.SCHOOL_NURSING: SettingType.SCHOOL_NURSING,
}


@dataclass(frozen=True)
class LeftBeforeSeen:
    encounter: Encounter
    child: Child
    #: The tasks given: the GP practice's and the community service's, where the child has one.
    tasks: list[Task] = field(default_factory=list)
    #: Who could not be told because the child has none: "GP practice", "health visitor"...
    nobody: list[str] = field(default_factory=list)


def _attendance(actor: Actor, encounter_id: int) -> Encounter:
    """The child's attendance registered at the actor's setting, locked; refused otherwise."""
    if not policy_for(actor.role).registers_attendances:
        raise AttendanceNotFound
    encounter = (
        Encounter.objects.select_for_update()
        .filter(pk=encounter_id, setting=actor.organisation, child__isnull=False)
        .first()
    )
    if encounter is None:
        raise AttendanceNotFound
    if not encounter.unscheduled:
        raise AttendanceNotUnscheduled
    if encounter.left_before_seen_at is not None:
        raise AttendanceAlreadyLeft
    if encounter.discharged_at is not None:
        raise AttendanceAlreadyDischarged
    return encounter


def _community_service(child: Child, service: Service) -> Organisation | None:
    """The community setting whose caseload the child is on: the right service's first, else
    another community nursing team (a combined health visiting and school nursing team)."""
    rows = list(
        CareRelationship.objects.select_related("organisation")
        .filter(child_id=child.pk, ended_on__isnull=True)
        .filter(organisation__setting_type__in=list(_COMMUNITY.values()))
        .order_by("pk")
    )
    exact = [r.organisation for r in rows if r.organisation.setting_type == _COMMUNITY[service]]
    found = exact or [r.organisation for r in rows]
    return found[0] if found else None


def _follow_up(
    actor: Actor, encounter: Encounter, child: Child, *, owner: Organisation, role: Role, who: str
) -> Task:
    at = timezone.localtime(encounter.started_at).strftime("%H:%M on %-d %B %Y")
    return task_create(
        actor=actor,
        child_id=child.pk,
        kind=LEFT_BEFORE_SEEN_TASK,
        owner_org_id=owner.pk,
        owner_role=role,
        title=f"Left {encounter.setting.name} before being seen: follow up as the {who}",
        detail=(
            f"{child.full_name} arrived at {encounter.setting.name} at {at} and left before "
            "being seen. Contact the family to find out why and whether the child is safe and "
            "has been seen elsewhere."
        ),
        encounter_ids=[encounter.pk],
    )


@transaction.atomic
def encounter_left_before_seen(*, actor: Actor, encounter_id: int) -> LeftBeforeSeen:
    """Record that the child left the actor's setting before being seen (R-WNB-4) and give
    their GP practice and community health service a task each. Refused (``encounters.errors``,
    nothing changed): ``AttendanceNotFound`` (not this setting's, not a child's, or the actor
    does not register attendances: one answer), ``AttendanceNotUnscheduled``,
    ``AttendanceAlreadyLeft``."""
    encounter = _attendance(actor, encounter_id)
    assert encounter.child_id is not None  # _attendance finds children's attendances only
    child = Child.objects.get(pk=encounter.child_id)  # scope-exempt: the setting's own attendance
    encounter.left_before_seen_at = clock.now()
    encounter.status = "finished"
    encounter.save(update_fields=["left_before_seen_at", "status"])
    # R-REF-4: the child's A&E record says why it could not be completed.
    record_close_left_before_seen(actor=actor, encounter=encounter, child=child)
    result = LeftBeforeSeen(encounter=encounter, child=child)
    if child.gp_practice_id is not None:
        gp = Organisation.objects.get(pk=child.gp_practice_id)
        result.tasks.append(
            _follow_up(actor, encounter, child, owner=gp, role=Role.GP, who="GP practice")
        )
    else:
        result.nobody.append("GP practice")
    _community_task(actor, encounter, child, result)
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="Encounter",
        object_id=encounter.pk,
        child_id=child.pk,
        detail={
            "discharge_status": ECDS_LEFT_BEFORE_SEEN,
            "tasks": [t.pk for t in result.tasks],
        },
    )
    return result


def _community_task(
    actor: Actor, encounter: Encounter, child: Child, result: LeftBeforeSeen
) -> None:
    service = practitioner_service(
        age_years=clock.age_on(child.date_of_birth, clock.today()),
        health_visiting_until=protocol_value(
            "wnb.health_visiting_until_age", area=encounter.setting
        ),
    )
    who = "health visitor" if service == Service.HEALTH_VISITING else "school nurse"
    community = _community_service(child, service)
    if community is None:
        result.nobody.append(who)
        return
    result.tasks.append(
        _follow_up(actor, encounter, child, owner=community, role=Role.COMMUNITY_NURSE, who=who)
    )
