"""A look-up of a child's flags -> FHIR AuditEvent (R4B model, R4-compatible elements only).
Golden-JSON tested.

R-FLAG-4: every look-up is shown with who looked, their role, their organisation (the setting)
and when. The person and the organisation are two agents: R4's AuditEvent has no element for
the requestor's organisation.
"""

from __future__ import annotations

import uuid
from typing import Any

from seenheard.accounts.models import OrgKind
from seenheard.accounts.presenters import role_label
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import (
    AUDIT_SUBTYPE_SYSTEM,
    NHS_NUMBER_SYSTEM,
    ODS_ORGANISATION_CODE_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    ROLE_CODE_SYSTEM,
    STAFF_USERNAME_SYSTEM,
)
from seenheard.flags.selectors import FlagView

#: DICOM "Patient Record" access: the event type FHIR uses for reads of a patient's record.
EVENT_TYPE = {
    "system": "http://dicom.nema.org/resources/ontology/DCM",
    "code": "110110",
    "display": "Patient Record",
}
SUBTYPE = {"system": AUDIT_SUBTYPE_SYSTEM, "code": "flag-lookup", "display": "Flag looked up"}

ENTITY_TYPE_PERSON = {
    "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type",
    "code": "1",
    "display": "Person",
}
ENTITY_ROLE_PATIENT = {
    "system": "http://terminology.hl7.org/CodeSystem/object-role",
    "code": "1",
    "display": "Patient",
}

# Namespace for the events' stable urn:uuid names (they are not served as resources by id).
_NAMESPACE = uuid.UUID("5b0b6a3e-3c55-4c1e-9a55-7f1f2d0c6a01")


def organisation_code_system(kind: str) -> str:
    """Councils are known by ONS area code, NHS bodies by ODS code."""
    return ONS_AREA_CODE_SYSTEM if kind == OrgKind.LOCAL_AUTHORITY else ODS_ORGANISATION_CODE_SYSTEM


def flag_view_urn(view: FlagView, *, child_id: int | None, mother_id: int | None = None) -> str:
    """A stable name for the event within a Bundle: the same view is always the same urn."""
    subject = child_id if child_id is not None else f"mother-{mother_id}"
    name = f"{subject}|{view.username}|{view.at.isoformat()}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def _agents(view: FlagView, *, org_kind: str) -> list[dict[str, Any]]:
    """Who looked (by role, username and name) and their organisation (by the code system its
    kind uses)."""
    return [
        {
            "role": [
                {
                    "coding": [{"system": ROLE_CODE_SYSTEM, "code": view.role}],
                    "text": role_label(view.role),
                }
            ],
            "who": {
                "type": "Practitioner",
                "identifier": {"system": STAFF_USERNAME_SYSTEM, "value": view.username},
                "display": view.name,
            },
            "requestor": True,
        },
        {
            "role": [{"text": "Organisation of the person who looked"}],
            "who": {
                "type": "Organization",
                "identifier": {
                    "system": organisation_code_system(org_kind),
                    "value": view.org_code,
                },
                "display": view.org_name,
            },
            "requestor": False,
        },
    ]


def audit_event_from_flag_view(
    view: FlagView, *, child_id: int | None, nhs_number: str, org_kind: str
) -> FhirJson:
    """``org_kind`` is the kind of the looker's organisation (it decides the code system).
    ``child_id`` is None for a look-up of the unborn-child plan held against a mother, who has
    no Patient resource here: she is named by NHS number only."""
    what: dict[str, Any] = {
        "type": "Patient",
        "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number},
    }
    if child_id is not None:
        what = {"reference": f"Patient/{child_id}", **what}
    data: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "type": EVENT_TYPE,
        "subtype": [SUBTYPE],
        "action": "R",
        "recorded": fhir_instant(view.at),
        "outcome": "0",
        "agent": _agents(view, org_kind=org_kind),
        "source": {
            "site": f"Seen and Heard ({view.channel})",
            "observer": {"display": "Seen and Heard"},
        },
        "entity": [
            {
                "what": what,
                "type": ENTITY_TYPE_PERSON,
                "role": ENTITY_ROLE_PATIENT,
            }
        ],
    }
    return data
