"""The registry of supported resources -> a CapabilityStatement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from seenheard.fhir.registry import ResourceSupport
from seenheard.fhir.systems import FHIR_JSON, FHIR_VERSION

SECURITY = (
    "Every request except GET /metadata needs 'Authorization: Bearer <token>'. A token belongs "
    "to one member of staff (created with 'seenheard token create --username <user>'), so the "
    "API applies that person's role and relationships exactly as the pages do, and every record "
    "shown is written to the audit trail. A child you may not see is answered exactly as one "
    "that does not exist (404, or an empty search)."
)


def _resource(support: ResourceSupport) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": support.type,
        "interaction": [{"code": str(i)} for i in support.interactions],
        "versioning": "no-version",
        "readHistory": False,
        "updateCreate": False,
    }
    if support.documentation:
        entry["documentation"] = support.documentation
    if support.profiles:
        entry["supportedProfile"] = list(support.profiles)
    if support.search_params:
        entry["searchParam"] = [
            {
                "name": p.name,
                "type": str(p.type),
                "documentation": p.documentation,
                **({"definition": p.definition} if p.definition else {}),
            }
            for p in support.search_params
        ]
    return entry


def capability_statement(
    *, resources: list[ResourceSupport], base_url: str, date: dt.date, software_version: str
) -> CapabilityStatement:
    return CapabilityStatement.model_validate(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": date.isoformat(),
            "publisher": "Seen and Heard",
            "kind": "instance",
            "software": {"name": "Seen and Heard", "version": software_version},
            "implementation": {
                "description": "Seen and Heard child-safeguarding record: FHIR R4 API",
                "url": base_url,
            },
            "fhirVersion": FHIR_VERSION,
            "format": [FHIR_JSON, "json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {"description": SECURITY},
                    "resource": [_resource(s) for s in resources],
                }
            ],
        }
    )
