"""How appointments read on a page: plain words, local times (R-WNB-1: "was not brought")."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seenheard.appointments.models import Appointment, Outcome

#: NHS.UK tag colours for each outcome.
TAG_CLASSES = {
    Outcome.BOOKED: "nhsuk-tag--grey",
    Outcome.ATTENDED: "nhsuk-tag--green",
    Outcome.WAS_NOT_BROUGHT: "nhsuk-tag--red",
    Outcome.FAMILY_CANCELLED: "nhsuk-tag--yellow",
    Outcome.SERVICE_CANCELLED: "nhsuk-tag--white",
}


def history_rows(appointments: list[Appointment]) -> list[dict[str, Any]]:
    return [
        {
            "when": timezone.localtime(a.starts_at),
            "service": a.get_service_display(),
            "where": a.organisation.name,
            "outcome": a.get_outcome_display(),
            "tag": TAG_CLASSES[Outcome(a.outcome)],
        }
        for a in appointments
    ]
