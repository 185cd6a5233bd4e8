"""The demo cast's appointments (issue 10), recorded through the same services as the pages:

- Jayden Hart (7, on the health visiting and school nursing caseload) was not brought to a
  school nursing appointment five weeks ago (triaged: rebooked), and again an hour before the
  demo was made: his second, so the clinic has a triage to do and he is on next week's
  safeguarding meeting's agenda. He has an appointment booked for next week too.
- Amelia Hart (12, looked after) was not brought to her health assessment at the looked-after
  children's team: the trust's safeguarding lead, her school nurse and Islington are told at
  once (R-WNB-3).

Recorded only when none of the cast's children has an appointment yet.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from seenheard.access.actor import actor_for
from seenheard.accounts.models import User
from seenheard.core import clock

JAYDEN = "9990000026"
AMELIA = "9990000018"


def demo_appointments_ensure() -> bool:
    from seenheard.appointments.models import Appointment, Triage, WnbAction
    from seenheard.appointments.services import (
        appointment_book,
        appointment_outcome_record,
        triage_record,
    )

    # scope-exempt: demo set-up, before anyone acts
    if Appointment.objects.filter(child__nhs_number__in=[JAYDEN, AMELIA]).exists():
        return False
    hv = actor_for(User.objects.get(username="hv.nurse"))
    lac = actor_for(User.objects.get(username="lac.nurse"))
    now = clock.now()
    with transaction.atomic():
        earlier = appointment_book(
            actor=hv,
            nhs_number=JAYDEN,
            service="school-nursing",
            starts_at=now - dt.timedelta(days=35),
        )
        appointment_outcome_record(actor=hv, appointment_id=earlier.pk, outcome="was-not-brought")
        triage_record(
            actor=hv,
            triage_id=Triage.objects.get(appointment=earlier).pk,
            risk="low",
            reason="His mother said she forgot; no other concern.",
            action=WnbAction.REBOOK,
            action_detail="Rebooked and phoned his mother with a reminder.",
        )
        latest = appointment_book(
            actor=hv,
            nhs_number=JAYDEN,
            service="school-nursing",
            starts_at=now - dt.timedelta(hours=1),
        )
        appointment_outcome_record(actor=hv, appointment_id=latest.pk, outcome="was-not-brought")
        appointment_book(
            actor=hv,
            nhs_number=JAYDEN,
            service="school-nursing",
            starts_at=now + dt.timedelta(days=7),
        )
        assessment = appointment_book(
            actor=lac,
            nhs_number=AMELIA,
            service="lac-health-assessment",
            starts_at=now - dt.timedelta(hours=2),
        )
        appointment_outcome_record(
            actor=lac, appointment_id=assessment.pk, outcome="was-not-brought"
        )
    return True
