"""Writing a child's A&E or minor-injury record and discharging them (R-REF-4).

The setting's own staff who register attendances write the record while the child is there
(``attendance_record_save``: whatever is typed so far, only text over its limit refused), and
discharge the child (``attendance_discharge``) only when the record is complete or says why it
cannot be, the child's account then stored through ``voice.services.voice_record``. A record
never changes after the discharge. "Left before being seen" is one way a record cannot be
completed: choosing it here runs the attendance's own ``encounter_left_before_seen`` (R-WNB-4),
and that closes the record (``record_close_left_before_seen``), whichever way in it came.
Refusals are ``encounters.errors`` (ADR 025); each is audited with the change in one
transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.errors import (
    AttendanceAlreadyDischarged,
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    RecordIncomplete,
    RecordNotNeeded,
    RecordTooLong,
)
from seenheard.encounters.models import (
    AttendanceRecord,
    Encounter,
    NotCompletedReason,
    RecordStatus,
)
from seenheard.encounters.record.rules import (
    RecordInput,
    account_taken_apart,
    discharge_problems,
    length_problems,
    record_needed,
)
from seenheard.encounters.record.selectors import RecordQuestions, record_questions
from seenheard.voice.models import ChildVoice
from seenheard.voice.rules import VoiceInput
from seenheard.voice.services import voice_record

#: The audit trail's name for a record (described in ``audit.presenters.OBJECT_TYPES``).
ATTENDANCE_RECORD = "AttendanceRecord"


@dataclass(frozen=True)
class Discharged:
    encounter: Encounter
    child: Child
    #: None for an attendance that needs no record (a young adult's, say).
    record: AttendanceRecord | None


def _age(encounter: Encounter, child: Child) -> int:
    return clock.age_on(child.date_of_birth, timezone.localtime(encounter.started_at).date())


def _attendance(actor: Actor, encounter_id: int) -> tuple[Encounter, Child]:
    """The child's attendance registered at the actor's setting, locked, still open; refused
    otherwise (not this setting's and not found are one answer)."""
    if not policy_for(actor.role).registers_attendances:
        raise AttendanceNotFound
    encounter = (
        Encounter.objects.select_for_update()
        .select_related("setting")
        .filter(pk=encounter_id, setting=actor.organisation, child__isnull=False)
        .first()
    )
    if encounter is None:
        raise AttendanceNotFound
    if encounter.left_before_seen_at is not None:
        raise AttendanceAlreadyLeft
    if encounter.discharged_at is not None:
        raise AttendanceAlreadyDischarged
    assert encounter.child_id is not None
    child = Child.objects.get(pk=encounter.child_id)  # scope-exempt: the setting's own attendance
    return encounter, child


def _needing_record(actor: Actor, encounter_id: int) -> tuple[Encounter, Child, int]:
    encounter, child = _attendance(actor, encounter_id)
    age = _age(encounter, child)
    if not record_needed(age_years=age, unscheduled=encounter.unscheduled, is_child=True):
        raise RecordNotNeeded
    return encounter, child, age


@dataclass(frozen=True)
class Writable:
    """What the API needs before it reads a record's items: the questions the record asks
    now, and whether anything has been saved yet."""

    questions: RecordQuestions
    saved: bool


@transaction.atomic
def attendance_record_check(*, actor: Actor, encounter_id: int) -> Writable:
    """Raise the refusal that writing this attendance's record would meet, changing and
    recording nothing (the API asks before it reads the items against the questions):
    ``AttendanceNotFound``, ``RecordNotNeeded``, ``AttendanceAlreadyLeft``,
    ``AttendanceAlreadyDischarged``."""
    encounter, _, age = _needing_record(actor, encounter_id)
    return Writable(
        questions=record_questions(setting=encounter.setting, age_years=age),
        saved=AttendanceRecord.objects.filter(encounter=encounter).exists(),
    )


def record_input_of(record: AttendanceRecord | None) -> RecordInput:
    """A stored record's parts as typed (for the form, the API and the discharge)."""
    if record is None:
        return RecordInput()
    typed = dict(record.answers.get("input", {}))
    voice = record.draft_voice or {}
    typed["letters"] = tuple(typed.get("letters", ()))
    return RecordInput(
        **{k: v for k, v in typed.items() if k in RecordInput.__dataclass_fields__},
        voice=VoiceInput(
            words=str(voice.get("words", "")),
            methods=tuple(str(m) for m in voice.get("methods", ())),
            communication_needs=str(voice.get("communication_needs", "")),
            missing_reason=str(voice.get("missing_reason", "")),
            missing_detail=str(voice.get("missing_detail", "")),
        ),
    )


def _answers(record: RecordInput, questions: RecordQuestions) -> dict[str, object]:
    typed = asdict(record)
    typed.pop("voice")
    typed["letters"] = list(record.letters)
    return {
        "input": typed,
        # The questions as they were asked: an area may reword its list later.
        "questions": {
            "risk": [[q.code, q.name] for q in questions.risk],
            "prompts": [[q.code, q.name] for q in questions.prompts],
        },
    }


def _store(
    actor: Actor, encounter: Encounter, child: Child, age: int, record: RecordInput
) -> tuple[AttendanceRecord, bool]:
    questions = record_questions(setting=encounter.setting, age_years=age)
    row = AttendanceRecord.objects.filter(encounter=encounter).first()
    created = row is None
    if row is None:
        row = AttendanceRecord(encounter=encounter, child=child, setting=encounter.setting)
    row.age_years = age
    row.answers = _answers(record, questions)
    voice = record.voice
    row.draft_voice = {**asdict(voice), "methods": list(voice.methods)}
    # For the figures: the child's own words, taken apart from the adult (or they came alone).
    row.account_apart = "yes" if account_taken_apart(record) else "no"
    row.written_by_name = actor.name
    row.written_by_role = actor.role.label
    row.updated_at = clock.now()
    row.save()
    return row, created


def _parts_answered(record: RecordInput) -> dict[str, object]:
    """What the audit trail says of a record: which parts hold something, never the words."""
    return {
        "came_with": record.came_with,
        "account": bool(record.voice.words),
        "account_apart": record.account_apart,
        "risk_answered": len(record.risk_answers),
        "prompts_answered": len(record.prompt_answers),
        "left_with": record.left_with,
        "letters": list(record.letters),
    }


@transaction.atomic
def attendance_record_save(
    *, actor: Actor, encounter_id: int, record: RecordInput
) -> AttendanceRecord:
    """Keep the record as typed so far (R-REF-4), whatever is still missing. Refused, keeping
    nothing: ``AttendanceNotFound``, ``RecordNotNeeded``, ``AttendanceAlreadyLeft``,
    ``AttendanceAlreadyDischarged``, ``RecordTooLong`` (a part over its limit or not on its
    list, each against its field)."""
    encounter, child, age = _needing_record(actor, encounter_id)
    record = record.cleaned()
    problems = length_problems(record)
    if problems:
        raise RecordTooLong(problems)
    row, created = _store(actor, encounter, child, age, record)
    audit_change(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type=ATTENDANCE_RECORD,
        object_id=row.pk,
        child_id=child.pk,
        detail={"encounter": encounter.pk, **_parts_answered(record)},
    )
    return row


def _voice(actor: Actor, child: Child, record: RecordInput) -> ChildVoice | None:
    voice = record.voice
    if not (voice.words or voice.missing_reason):
        return None
    return voice_record(actor=actor, child_id=child.pk, record_kind="attendance", voice=voice)


def _close(actor: Actor, row: AttendanceRecord, *, status: RecordStatus, reason: str = "") -> None:
    row.status = status
    row.not_completed_reason = reason
    row.closed_at = clock.now()
    row.closed_by_name = actor.name
    row.closed_by_role = actor.role.label
    row.save()


@transaction.atomic
def attendance_discharge(
    *, actor: Actor, encounter_id: int, record: RecordInput | None = None
) -> Discharged:
    """Discharge the child (R-REF-4). For a child under 18 at unscheduled care the record
    (``record``, else the one saved) must be complete, or say why it cannot be: otherwise
    ``RecordIncomplete`` names every missing part and nothing changes. The child's account is
    then stored (``voice_record``, kind "attendance"), the record closed for good and the
    attendance finished. "Left before being seen" as the reason records exactly that
    (``encounter_left_before_seen``: the GP practice's and community service's tasks).
    Refused as well: ``AttendanceNotFound``, ``AttendanceAlreadyLeft``,
    ``AttendanceAlreadyDischarged``, ``RecordTooLong``."""
    encounter, child = _attendance(actor, encounter_id)
    age = _age(encounter, child)
    if not record_needed(age_years=age, unscheduled=encounter.unscheduled, is_child=True):
        _finish(actor, encounter, None)
        return Discharged(encounter=encounter, child=child, record=None)
    row = AttendanceRecord.objects.filter(encounter=encounter).first()
    record = (record if record is not None else record_input_of(row)).cleaned()
    questions = record_questions(setting=encounter.setting, age_years=age)
    problems = discharge_problems(
        record,
        age_years=age,
        risk_questions=[q.code for q in questions.risk],
        prompts=[q.code for q in questions.prompts],
    )
    if problems:
        raise RecordIncomplete(problems)
    if record.not_completed_reason == NotCompletedReason.LEFT_BEFORE_SEEN:
        return _left_before_seen(actor, encounter, child, age, record)
    row, _ = _store(actor, encounter, child, age, record)
    row.voice = _voice(actor, child, record)
    if record.not_completing:
        _close(actor, row, status=RecordStatus.NOT_COMPLETED, reason=record.not_completed_reason)
    else:
        _close(actor, row, status=RecordStatus.COMPLETE)
    _finish(actor, encounter, row)
    return Discharged(encounter=encounter, child=child, record=row)


def _finish(actor: Actor, encounter: Encounter, row: AttendanceRecord | None) -> None:
    encounter.discharged_at = clock.now()
    encounter.status = "finished"
    encounter.save(update_fields=["discharged_at", "status"])
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=ATTENDANCE_RECORD if row is not None else "Encounter",
        object_id=row.pk if row is not None else encounter.pk,
        child_id=encounter.child_id,
        detail={
            "encounter": encounter.pk,
            "discharged": True,
            "record": row.status if row is not None else "not needed",
            "reason": row.not_completed_reason if row is not None else "",
        },
    )


def _left_before_seen(
    actor: Actor, encounter: Encounter, child: Child, age: int, record: RecordInput
) -> Discharged:
    # The attendance's own service (R-WNB-4) closes the record through the hook below.
    from seenheard.encounters.left_before_seen import encounter_left_before_seen

    _store(actor, encounter, child, age, record)
    done = encounter_left_before_seen(actor=actor, encounter_id=encounter.pk)
    row = AttendanceRecord.objects.get(encounter=encounter)
    return Discharged(encounter=done.encounter, child=child, record=row)


def record_close_left_before_seen(
    *, actor: Actor, encounter: Encounter, child: Child
) -> AttendanceRecord | None:
    """The hook ``encounter_left_before_seen`` calls in its transaction: a child who needs a
    record has it closed as not completed, because they left before being seen (R-REF-4,
    R-WNB-4); what was typed so far is kept. None when the attendance needs no record."""
    age = _age(encounter, child)
    if not record_needed(age_years=age, unscheduled=encounter.unscheduled, is_child=True):
        return None
    row = AttendanceRecord.objects.filter(encounter=encounter).first()
    if row is None:
        row, _ = _store(actor, encounter, child, age, RecordInput())
    typed = dict(row.answers.get("input", {}))
    typed["not_completed_reason"] = NotCompletedReason.LEFT_BEFORE_SEEN.value
    row.answers = {**row.answers, "input": typed}
    _close(
        actor,
        row,
        status=RecordStatus.NOT_COMPLETED,
        reason=NotCompletedReason.LEFT_BEFORE_SEEN,
    )
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=ATTENDANCE_RECORD,
        object_id=row.pk,
        child_id=child.pk,
        detail={
            "encounter": encounter.pk,
            "record": row.status,
            "reason": row.not_completed_reason,
        },
    )
    return row
