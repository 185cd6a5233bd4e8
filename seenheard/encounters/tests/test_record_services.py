"""R-REF-4: writing a child's A&E record and discharging them (services): discharge is refused
until the record is complete or says why it cannot be; left before being seen closes it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.encounters import errors
from seenheard.encounters.models import AttendanceRecord, Encounter
from seenheard.encounters.record.rules import RecordInput
from seenheard.encounters.record.selectors import attendance_record_get
from seenheard.encounters.record.services import attendance_discharge, attendance_record_save
from seenheard.encounters.services import encounter_left_before_seen, encounter_register
from seenheard.encounters.tests.record_helpers import child_aged, complete_record
from seenheard.voice.models import ChildVoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def teen(cast: Any):
    return child_aged(16)


@pytest.fixture
def attendance(ae_nurse: Any, teen: Any) -> Encounter:
    return encounter_register(actor=ae_nurse, nhs_number=teen.nhs_number).encounter


def test_a_16_year_old_is_discharged_only_with_a_complete_record(
    ae_nurse: Any, attendance: Encounter
) -> None:
    with pytest.raises(errors.RecordIncomplete) as refused:
        attendance_discharge(actor=ae_nurse, encounter_id=attendance.pk)
    fields = [p.field for p in refused.value.problems]
    assert fields[:3] == ["came_with", "voice.words", "lives_with"]
    assert "risk__exploitation" in fields and "prompt__delay" in fields
    attendance.refresh_from_db()
    assert attendance.discharged_at is None and attendance.status != "finished"

    # Missing only the risk questions: the rest is saved, the discharge still refused.
    partial = replace(complete_record(older=True), risk_answers={})
    attendance_record_save(actor=ae_nurse, encounter_id=attendance.pk, record=partial)
    with pytest.raises(errors.RecordIncomplete) as refused:
        attendance_discharge(actor=ae_nurse, encounter_id=attendance.pk)
    assert all(p.field.startswith("risk__") for p in refused.value.problems)

    done = attendance_discharge(
        actor=ae_nurse, encounter_id=attendance.pk, record=complete_record(older=True)
    )
    assert done.record is not None and done.record.status == "complete"
    attendance.refresh_from_db()
    assert attendance.status == "finished" and attendance.discharged_at is not None
    voice = ChildVoice.objects.get(pk=done.record.voice_id)
    assert voice.record_kind == "attendance" and "skateboard" in voice.words
    assert done.record.account_apart == "yes"
    # Closed for good.
    with pytest.raises(errors.AttendanceAlreadyDischarged):
        attendance_record_save(actor=ae_nurse, encounter_id=attendance.pk, record=RecordInput())
    with pytest.raises(errors.AttendanceAlreadyDischarged):
        encounter_left_before_seen(actor=ae_nurse, encounter_id=attendance.pk)


def test_saving_and_discharging_are_audited_without_the_words(
    ae_nurse: Any, attendance: Encounter, teen: Any
) -> None:
    attendance_record_save(
        actor=ae_nurse, encounter_id=attendance.pk, record=complete_record(older=True)
    )
    attendance_discharge(actor=ae_nurse, encounter_id=attendance.pk)
    events = AuditEvent.objects.filter(object_type="AttendanceRecord", child_id=teen.pk)
    assert [e.action for e in events.order_by("seq")] == ["create", "update"]
    assert all("skateboard" not in str(e.detail) for e in events)


def test_a_record_that_cannot_be_completed_says_why_and_the_child_is_discharged(
    ae_nurse: Any, attendance: Encounter
) -> None:
    with pytest.raises(errors.RecordIncomplete) as refused:
        attendance_discharge(
            actor=ae_nurse,
            encounter_id=attendance.pk,
            record=RecordInput(not_completed_reason="absconded"),
        )
    assert [p.field for p in refused.value.problems] == ["not_completed_detail"]
    done = attendance_discharge(
        actor=ae_nurse,
        encounter_id=attendance.pk,
        record=RecordInput(
            not_completed_reason="absconded",
            not_completed_detail="Left the cubicle at 15:10; police and social care told.",
        ),
    )
    assert done.record is not None
    assert (done.record.status, done.record.not_completed_reason) == ("not-completed", "absconded")
    assert done.record.voice is None


def test_left_before_being_seen_closes_the_record_either_way(
    ae_nurse: Any, attendance: Encounter, cast: Any
) -> None:
    encounter_left_before_seen(actor=ae_nurse, encounter_id=attendance.pk)
    record = AttendanceRecord.objects.get(encounter=attendance)
    assert (record.status, record.not_completed_reason) == ("not-completed", "left-before-seen")

    other = child_aged(9, nhs_number="9990000174", given="Ivy")
    second = encounter_register(actor=ae_nurse, nhs_number=other.nhs_number).encounter
    attendance_discharge(
        actor=ae_nurse,
        encounter_id=second.pk,
        record=RecordInput(not_completed_reason="left-before-seen"),
    )
    second.refresh_from_db()
    assert second.left_before_seen_at is not None and second.discharged_at is None
    record = AttendanceRecord.objects.get(encounter=second)
    assert record.not_completed_reason == "left-before-seen"


def test_text_over_the_limit_saves_nothing(ae_nurse: Any, attendance: Encounter) -> None:
    with pytest.raises(errors.RecordTooLong) as refused:
        attendance_record_save(
            actor=ae_nurse,
            encounter_id=attendance.pk,
            record=RecordInput(follow_up="x" * 100 * 1024),
        )
    assert "4,000 characters or fewer" in refused.value.problems[0].message
    assert not AttendanceRecord.objects.exists()


def test_only_the_setting_s_own_staff_write_it_and_an_adult_needs_none(
    ae_nurse: Any, attendance: Encounter, actor_named: Any, cast: Any
) -> None:
    for name in ("gp", "social.worker", "stranger"):
        with pytest.raises(errors.AttendanceNotFound):
            attendance_record_save(
                actor=actor_named(name), encounter_id=attendance.pk, record=RecordInput()
            )
    adult = child_aged(18, nhs_number="9990000174", given="Lee")
    visit = encounter_register(actor=ae_nurse, nhs_number=adult.nhs_number).encounter
    with pytest.raises(errors.RecordNotNeeded):
        attendance_record_save(actor=ae_nurse, encounter_id=visit.pk, record=RecordInput())
    done = attendance_discharge(actor=ae_nurse, encounter_id=visit.pk)
    assert done.record is None


def test_the_record_is_read_by_those_who_may_see_the_child_and_audited(
    ae_nurse: Any, attendance: Encounter, teen: Any, stranger: Any
) -> None:
    attendance_record_save(
        actor=ae_nurse, encounter_id=attendance.pk, record=complete_record(older=True)
    )
    read = attendance_record_get(actor=ae_nurse, encounter_id=attendance.pk)
    assert read is not None and read.writable and read.age_years == 16
    assert read.questions.risk[0].code == "exploitation"
    assert attendance_record_get(actor=stranger, encounter_id=attendance.pk) is None
    assert AuditEvent.objects.filter(
        object_type="AttendanceRecord", action="view", child_id=teen.pk
    ).exists()
