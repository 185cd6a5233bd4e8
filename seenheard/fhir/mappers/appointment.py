"""Appointments -> FHIR Appointment (R4). Pure; golden-JSON tested.

The child is the participant Patient (by id and NHS number); the service that booked it is a
HealthcareService participant named by its ODS code (Appointment.participant.actor may not be an
Organization in R4). Outcomes map to statuses: booked, fulfilled (attended), noshow (was not
brought, R-WNB-1), cancelled (by the family or the service, with the reason).
"""

from __future__ import annotations

from typing import Any

from seenheard.appointments.models import Appointment, Outcome
from seenheard.appointments.rules import CANCELLATION_REASON_SYSTEM
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM, ODS_ORGANISATION_CODE_SYSTEM

#: This service's code system for the children's services an appointment is with.
APPOINTMENT_SERVICE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/appointment-service"

STATUS_OF: dict[str, str] = {
    Outcome.BOOKED: "booked",
    Outcome.ATTENDED: "fulfilled",
    Outcome.WAS_NOT_BROUGHT: "noshow",
    Outcome.FAMILY_CANCELLED: "cancelled",
    Outcome.SERVICE_CANCELLED: "cancelled",
}

_CANCELLED_BY = {
    Outcome.FAMILY_CANCELLED: ("pat", "Patient"),
    Outcome.SERVICE_CANCELLED: ("prov", "Provider"),
}


def appointment_to_fhir(appointment: Appointment) -> FhirJson:
    """``appointment.child`` and ``appointment.organisation`` must be loaded."""
    org = appointment.organisation
    data: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": str(appointment.pk),
        "status": STATUS_OF[appointment.outcome],
        "serviceType": [
            {
                "coding": [
                    {
                        "system": APPOINTMENT_SERVICE_SYSTEM,
                        "code": appointment.service,
                        "display": appointment.get_service_display(),
                    }
                ],
                "text": appointment.get_service_display(),
            }
        ],
        "start": fhir_instant(appointment.starts_at),
        "created": fhir_instant(appointment.booked_at),
        "participant": [
            {
                "actor": {
                    "reference": f"Patient/{appointment.child_id}",
                    "type": "Patient",
                    "identifier": {
                        "system": NHS_NUMBER_SYSTEM,
                        "value": appointment.child.nhs_number,
                    },
                },
                "status": "accepted",
            },
            {
                "actor": {
                    "type": "HealthcareService",
                    "identifier": {"system": ODS_ORGANISATION_CODE_SYSTEM, "value": org.code},
                    "display": org.name,
                },
                "status": "accepted",
            },
        ],
    }
    if appointment.outcome in _CANCELLED_BY:
        code, display = _CANCELLED_BY[Outcome(appointment.outcome)]
        data["cancelationReason"] = {
            "coding": [{"system": CANCELLATION_REASON_SYSTEM, "code": code, "display": display}],
            "text": appointment.cancel_reason,
        }
    if appointment.outcome == Outcome.WAS_NOT_BROUGHT:
        data["comment"] = "Was not brought"
    return data
