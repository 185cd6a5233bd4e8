"""The demo cast's A&E records (R-REF-4): Noah Brennan's attendance at the emergency department
with a complete record (his own account taken alone, the questions for 16 and 17 year olds),
Jayden Hart's earlier one that could not be completed (his father took him home before he was
seen to), and Jayden's attendance today with the record begun, so "Discharge Jayden" shows
what is still missing. Written by the A&E nurse through the services (checked, audited), once."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from seenheard.accounts.models import User
from seenheard.encounters.record.rules import RecordInput, asks_older_risks
from seenheard.voice.rules import VoiceInput

NOAH = "9990000034"
JAYDEN = "9990000026"

FIRST_PART = RecordInput(
    came_with="adult",
    adult_name="Grace Brennan",
    adult_relationship="mother",
    parental_responsibility="yes",
)


def _complete(age: int, risk_codes: list[str], prompt_codes: list[str]) -> RecordInput:
    record = replace(
        FIRST_PART,
        account_apart="yes",
        voice=VoiceInput(
            words="I hurt my wrist playing football at school. I'm fine at home.",
            methods=("seen-alone",),
        ),
        prompt_answers={code: "no" for code in prompt_codes},
        left_with="same-adult",
        follow_up="Fracture clinic in 7 days; GP if the pain gets worse.",
        letters=("gp", "community"),
    )
    if asks_older_risks(age):
        record = replace(
            record,
            lives_with="His mother, Grace, and his younger brother",
            risk_answers={code: "no" for code in risk_codes},
        )
    return record


def demo_ae_records_ensure() -> bool:
    """The cast's A&E records; nothing when the cast already has any."""
    from seenheard.access.actor import actor_for
    from seenheard.children.models import Child
    from seenheard.core import clock
    from seenheard.encounters.models import AttendanceRecord
    from seenheard.encounters.record.selectors import record_questions
    from seenheard.encounters.record.services import attendance_discharge, attendance_record_save
    from seenheard.encounters.services import encounter_register

    cast = {
        c.nhs_number: c for c in Child.objects.filter(nhs_number__in=[NOAH, JAYDEN])
    }  # scope-exempt: demo set-up
    if len(cast) < 2 or AttendanceRecord.objects.filter(child__in=cast.values()).exists():
        return False
    nurse = actor_for(User.objects.get(username="ae.nurse"))
    now = clock.now()

    noah = encounter_register(
        actor=nurse, nhs_number=NOAH, started_at=now - dt.timedelta(hours=5)
    ).encounter
    age = clock.age_on(cast[NOAH].date_of_birth, clock.today())
    asked = record_questions(setting=nurse.organisation, age_years=age)
    attendance_discharge(
        actor=nurse,
        encounter_id=noah.pk,
        record=_complete(age, [q.code for q in asked.risk], [q.code for q in asked.prompts]),
    )

    earlier = encounter_register(
        actor=nurse, nhs_number=JAYDEN, started_at=now - dt.timedelta(days=40)
    ).encounter
    attendance_discharge(
        actor=nurse,
        encounter_id=earlier.pk,
        record=RecordInput(
            not_completed_reason="adult-refused",
            not_completed_detail=(
                "His father took him home before triage was finished and would not say why. "
                "The safeguarding team and the GP practice were told."
            ),
        ),
    )

    today = encounter_register(
        actor=nurse, nhs_number=JAYDEN, started_at=now - dt.timedelta(hours=1)
    ).encounter
    attendance_record_save(
        actor=nurse,
        encounter_id=today.pk,
        record=replace(FIRST_PART, adult_name="Liam Hart", adult_relationship="father"),
    )
    return True
