"""Attendances -> FHIR Encounter, and a registration -> a collection Bundle (R4B models,
R4-compatible elements only). Golden-JSON tested.

This service records when a child arrived at a setting and the status the registering system
sent (``arrived`` or ``in-progress``), which is read back as sent (ADR 023); it does not record
when the attendance ended. Attendances registered before the status was kept read back as
``unknown``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seenheard.accounts.models import Role, SettingType
from seenheard.encounters.models import (
    ECDS_LEFT_BEFORE_SEEN,
    ECDS_LEFT_BEFORE_SEEN_DISPLAY,
    Encounter,
)
from seenheard.fhir.responses import FhirJson, fhir_instant, resource_json
from seenheard.fhir.systems import (
    ATTENDANCE_FLAG_REASON_EXTENSION,
    NHS_NUMBER_SYSTEM,
    ODS_ORGANISATION_CODE_SYSTEM,
    SNOMED_SYSTEM,
)

#: HL7 v3 ActCode: the class of an encounter.
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
EMERGENCY = {"system": ACT_CODE_SYSTEM, "code": "EMER", "display": "emergency"}
AMBULATORY = {"system": ACT_CODE_SYSTEM, "code": "AMB", "display": "ambulatory"}

#: Statuses a registering system may send: the child has arrived, or is being seen.
REGISTRATION_STATUSES = ("arrived", "in-progress")

#: Status of an attendance registered before the status was kept.
STATUS_UNKNOWN = "unknown"


#: Labels of setting types and roles, looked up once (every attendance in a Bundle needs two).
_LABELS: dict[type[SettingType] | type[Role], dict[str, str]] = {
    choices: {str(value): str(label) for value, label in choices.choices}
    for choices in (SettingType, Role)
}


def _label(choices: type[SettingType] | type[Role], value: str) -> str:
    return _LABELS[choices].get(value, value)


def _left_before_seen() -> dict[str, Any]:
    """R-WNB-4: the Emergency Care Data Set's discharge status for a child who left before
    being seen, as ``Encounter.hospitalization`` (a new dict each time)."""
    return {
        "dischargeDisposition": {
            "coding": [
                {
                    "system": SNOMED_SYSTEM,
                    "code": ECDS_LEFT_BEFORE_SEEN,
                    "display": ECDS_LEFT_BEFORE_SEEN_DISPLAY,
                }
            ],
            "text": "Left before being seen",
        }
    }


def encounter_from_attendance(encounter: Encounter, *, nhs_number: str) -> FhirJson:
    """One attendance at a setting (R-FLAG-3, R-FLAG-6). ``encounter.setting`` must be loaded."""
    setting = encounter.setting
    data: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": str(encounter.pk),
        "status": encounter.status or STATUS_UNKNOWN,
        # Unscheduled care is where children arrive without an appointment (R-FLAG-5).
        "class": EMERGENCY if encounter.unscheduled else AMBULATORY,
        "subject": {
            "type": "Patient",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number},
        },
        "participant": [
            {
                "type": [{"text": "Registered the attendance"}],
                "individual": {
                    "display": (
                        f"{encounter.registered_by_name} "
                        f"({_label(Role, encounter.registered_by_role)})"
                    )
                },
            }
        ],
        "period": {"start": fhir_instant(encounter.started_at)},
        "serviceProvider": {
            "type": "Organization",
            "identifier": {"system": ODS_ORGANISATION_CODE_SYSTEM, "value": setting.code},
            "display": setting.name,
        },
    }
    if encounter.child_id is not None:
        # A pregnant woman (an unborn child's plan) has no Patient resource here.
        data["subject"] = {"reference": f"Patient/{encounter.child_id}", **data["subject"]}
    if encounter.setting_type:
        data["serviceType"] = {"text": _label(SettingType, encounter.setting_type)}
    if encounter.left_before_seen_at is not None:
        # R-WNB-4, coded as the Emergency Care Data Set's discharge status.
        data["period"]["end"] = fhir_instant(encounter.left_before_seen_at)
        data["hospitalization"] = _left_before_seen()
    if encounter.discharged_at is not None:
        # R-REF-4: discharged, with the child's A&E record complete or saying why it is not.
        data["period"]["end"] = fhir_instant(encounter.discharged_at)
        data["hospitalization"] = {"dischargeDisposition": {"text": "Discharged"}}
    if encounter.flag_reasons:
        # R-FLAG-8: why the attendance itself was flagged, e.g. a sexual-health attendance.
        data["extension"] = [
            {"url": ATTENDANCE_FLAG_REASON_EXTENSION, "valueString": reason}
            for reason in encounter.flag_reasons
        ]
    return data


def collection_bundle(*, entries: Sequence[tuple[str, FhirJson]]) -> FhirJson:
    """A collection Bundle of (fullUrl, resource) pairs, in the order given, as FHIR JSON.

    Each resource is FHIR JSON from its own mapper (see responses.FhirJson)."""
    data: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if entries:
        data["entry"] = [
            {"fullUrl": url, "resource": resource_json(resource)} for url, resource in entries
        ]
    return data
