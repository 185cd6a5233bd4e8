"""The OpenAPI request body and description of registering an attendance (create and $register)."""

from __future__ import annotations

from seenheard.encounters.rules import START_ALLOWANCE
from seenheard.fhir.mappers.encounter import (
    REGISTRATION_STATUSES,
)
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
)
from seenheard.fhir.schemas import OperationOutcome
from seenheard.fhir.systems import FHIR_JSON, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_CODE_SYSTEM

ENCOUNTER_CREATE_EXAMPLE = {
    "resourceType": "Encounter",
    "status": "arrived",
    "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000018"}},
    "serviceProvider": {
        "identifier": {"system": ODS_ORGANISATION_CODE_SYSTEM, "value": "RDEMO-ED"}
    },
    "period": {"start": "2026-03-01T14:05:00Z"},
}

_REFERENCE = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "reference": {"type": "string"},
        "identifier": {
            "type": "object",
            "properties": {"system": {"type": "string"}, "value": {"type": "string"}},
        },
    },
}
_ENCOUNTER_CREATE_SCHEMA = {
    "type": "object",
    "required": ["resourceType", "status", "subject", "serviceProvider"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Encounter"]},
        "status": {"type": "string", "enum": list(REGISTRATION_STATUSES)},
        "subject": _REFERENCE,
        "serviceProvider": _REFERENCE,
        "period": {
            "type": "object",
            "properties": {"start": {"type": "string", "format": "date-time"}},
        },
        "identifier": {
            "type": "array",
            "minItems": 1,
            "description": (
                "Your own system's id for this attendance. Sending the same identifier again "
                "(a retry) returns the attendance already registered, with 200, and registers "
                "and notifies nothing new."
            ),
            "items": {
                "type": "object",
                "required": ["system", "value"],
                "properties": {
                    "system": {"type": "string", "minLength": 1},
                    "value": {"type": "string", "minLength": 1},
                },
            },
        },
    },
    "example": ENCOUNTER_CREATE_EXAMPLE,
}
ENCOUNTER_CREATE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The attendance: who, at which setting (yours), and when it started.",
        "content": {
            FHIR_JSON: {"schema": _ENCOUNTER_CREATE_SCHEMA},
            "application/json": {"schema": _ENCOUNTER_CREATE_SCHEMA},
        },
    }
}


CREATE_DESCRIPTION = (
    "For staff at a care setting whose role registers attendances. subject names the "
    "child by NHS number, as "
    f'{{"identifier": {{"system": "{NHS_NUMBER_SYSTEM}", "value": "<NHS number>"}}}} or '
    f'{{"reference": "Patient?identifier={NHS_NUMBER_SYSTEM}|<NHS number>"}}, or by '
    'its Patient id, {"reference": "Patient/<id>"} (only a child you may already see, or '
    "found by NHS number in the last few minutes: an id alone reaches nobody); "
    "serviceProvider is your own setting by ODS code; period.start (a date and time with "
    "a time zone) defaults to now and cannot be more than "
    f"{START_ALLOWANCE.total_seconds() / 60:.0f} minutes ahead (400 at "
    "Encounter.period.start, checked before the child is looked for). status is arrived or "
    "in-progress, and is kept as sent. A child with an open flag attending unscheduled care "
    "is notified to the council (R-FLAG-5). Sending the same identifier again (a retry, or "
    "a conditional create with 'If-None-Exist: identifier=<system>|<value>') answers 200 "
    "with the attendance already registered and registers nothing new. 403 when your role or "
    "organisation does not register attendances or the serviceProvider is not your setting; "
    "409 when the identifier already registered another person's attendance; 422 when no "
    "child (or pregnant woman, whose unborn child's plan is held against her NHS number) "
    "you may find has that NHS number. Nothing is changed by a refused request."
)

CREATE_ERRORS: dict[int, type[OperationOutcome]] = {
    400: OperationOutcome,
    403: OperationOutcome,
    409: OperationOutcome,
    413: OperationOutcome,
    415: OperationOutcome,
    422: OperationOutcome,
    **AUTH_ERRORS,
}
