"""The registry of supported resources -> a CapabilityStatement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from seenheard.fhir.registry import Interaction, ResourceSupport
from seenheard.fhir.systems import FHIR_JSON, FHIR_VERSION

SECURITY = (
    "Every request except GET /metadata needs 'Authorization: Bearer <token>'. A token belongs "
    "to one member of staff (created with 'seenheard token create --username <user>'), so the "
    "API applies that person's role and relationships exactly as the pages do, and every record "
    "shown is written to the audit trail. A child you may not see is answered exactly as one "
    "that does not exist (404, or an empty search)."
)


#: Parameters that shape any search's result (seenheard.fhir.search.RESULT_PARAMS), as the
#: statement's server-wide search parameters: what each does here, served or ignored.
RESULT_SEARCH_PARAMS: tuple[dict[str, str], ...] = (
    {
        "name": "_count",
        "type": "number",
        "definition": "http://hl7.org/fhir/SearchParameter/Resource-count",
        "documentation": (
            "Supported: matches per page (at most 100), with next, previous and first links "
            "in the searchset Bundle; _count=0 gives only the total."
        ),
    },
    {
        "name": "_summary",
        "type": "token",
        "documentation": (
            "Supported: count (only the total) and false; data is the same as false (no "
            "resource here carries a narrative); true and text are refused with 400."
        ),
    },
    {
        "name": "_elements",
        "type": "string",
        "documentation": "Accepted and ignored, as R4 allows: whole resources are returned.",
    },
    {
        "name": "_format",
        "type": "token",
        "documentation": (
            "JSON only (json, application/json, application/fhir+json). XML, asked for here "
            "or in Accept, is refused with 406."
        ),
    },
)


def _resource(support: ResourceSupport, *, base_url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": support.type,
        "interaction": [{"code": str(i)} for i in support.interactions],
        "versioning": "no-version",
        "readHistory": False,
        "updateCreate": False,
    }
    if Interaction.CREATE in support.interactions:
        entry["conditionalCreate"] = support.conditional_create
    if support.operations:
        entry["operation"] = [
            {
                "name": o.name,
                "definition": f"{base_url}OperationDefinition/{support.type}-{o.name}",
                "documentation": o.documentation,
            }
            for o in support.operations
        ]
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
                    "resource": [_resource(s, base_url=base_url) for s in resources],
                    "searchParam": list(RESULT_SEARCH_PARAMS),
                }
            ],
        }
    )
