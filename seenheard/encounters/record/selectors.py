"""Reading a child's A&E or minor-injury record (R-REF-4). Every read names its actor, is
audited in the same transaction, and gives the same answer (None) for a record that is not
there and one the actor may not see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Organisation
from seenheard.audit.services import audit_view
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.models import AttendanceRecord, Encounter
from seenheard.encounters.record.rules import asks_older_risks, record_needed
from seenheard.protocols.catalogue import ListItem
from seenheard.protocols.selectors import protocol_list

RISK_QUESTIONS = "attendance.older_risk_questions"
SAFEGUARDING_PROMPTS = "attendance.safeguarding_prompts"


@dataclass(frozen=True)
class RecordQuestions:
    """The area's questions a record asks: the risk questions (16 and 17 only) and the
    safeguarding prompts."""

    risk: tuple[ListItem, ...]
    prompts: tuple[ListItem, ...]


def record_questions(*, setting: Organisation, age_years: int) -> RecordQuestions:
    """The lists in force for the setting's area (``protocols``), for a child of this age."""
    risk = protocol_list(RISK_QUESTIONS, area=setting) if asks_older_risks(age_years) else ()
    return RecordQuestions(risk=risk, prompts=protocol_list(SAFEGUARDING_PROMPTS, area=setting))


def questions_asked(record: AttendanceRecord) -> RecordQuestions:
    """The questions as the record asked them (kept with it), for a closed record."""
    kept = record.answers.get("questions", {})
    return RecordQuestions(
        risk=tuple(ListItem(code, name, "") for code, name in kept.get("risk", [])),
        prompts=tuple(ListItem(code, name, "") for code, name in kept.get("prompts", [])),
    )


@dataclass(frozen=True)
class RecordRead:
    encounter: Encounter
    child: Child
    age_years: int
    #: None while nothing has been saved.
    record: AttendanceRecord | None
    #: Whether the actor may write the record and discharge the child now.
    writable: bool
    questions: RecordQuestions


def _writable(actor: Actor, encounter: Encounter) -> bool:
    return (
        policy_for(actor.role).registers_attendances
        and encounter.setting_id == actor.organisation.pk
        and encounter.left_before_seen_at is None
        and encounter.discharged_at is None
    )


@transaction.atomic
def attendance_record_get(*, actor: Actor, encounter_id: int) -> RecordRead | None:
    """The record of a child's attendance at unscheduled care, for staff who may see the child
    (the same rule as the child's attendances) and the staff of the setting that registered it.
    None when there is no such attendance, it needs no record, or the actor may not see it.
    Audited as a view of the child's record."""
    if not policy_for(actor.role).sees_child_data:
        return None
    encounter = (
        Encounter.objects.select_related("setting")
        .filter(pk=encounter_id, child__isnull=False)
        .first()
    )
    if encounter is None or encounter.child_id is None:
        return None
    here = encounter.setting_id == actor.organisation.pk
    # scope-exempt: the setting's own attendance, or a child the actor may see.
    children = Child.objects.all() if here else children_visible_to(actor)
    child = children.filter(pk=encounter.child_id).first()
    if child is None:
        return None
    age = clock.age_on(child.date_of_birth, timezone.localtime(encounter.started_at).date())
    if not record_needed(age_years=age, unscheduled=encounter.unscheduled, is_child=True):
        return None
    record = AttendanceRecord.objects.filter(encounter=encounter).select_related("voice").first()
    writable = _writable(actor, encounter)
    questions = (
        record_questions(setting=encounter.setting, age_years=age)
        if writable or record is None
        else questions_asked(record)
    )
    audit_view(
        actor=actor,
        object_type="AttendanceRecord",
        object_id=record.pk if record is not None else f"encounter-{encounter.pk}",
        child_id=child.pk,
        detail={"encounter": encounter.pk},
    )
    return RecordRead(
        encounter=encounter,
        child=child,
        age_years=age,
        record=record,
        writable=writable,
        questions=questions,
    )


def attendance_record_read(*, actor: Actor, record_id: int) -> RecordRead | None:
    """A record by its own id (the API's ``QuestionnaireResponse/{id}``), under the same rules
    and audit as ``attendance_record_get``; None for no such record and for not allowed."""
    encounter_id = (
        AttendanceRecord.objects.filter(pk=record_id).values_list("encounter_id", flat=True).first()
    )
    if encounter_id is None:
        return None
    read = attendance_record_get(actor=actor, encounter_id=encounter_id)
    return read if read is not None and read.record is not None else None


def records_for_child(*, child_id: int) -> list[AttendanceRecord]:
    """A child's closed records, newest first, for a caller already allowed to see the child
    (the chronology provider), which audits what it shows."""
    return list(
        AttendanceRecord.objects.filter(child_id=child_id, closed_at__isnull=False)
        .select_related("setting")
        .order_by("-closed_at", "-pk")
    )
