"""The OpenAPI request bodies of Flag create and end (hand-written: the bodies are read by hand,
see fhir.body)."""

from __future__ import annotations

from typing import Any

from seenheard.fhir.systems import (
    FHIR_JSON,
    NHS_NUMBER_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    SNOMED_SYSTEM,
    SUBJECT_BIRTH_DATE_EXTENSION,
)

_REFERENCE_BY_IDENTIFIER: dict[str, Any] = {
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
_PERIOD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
    },
}
_EXTENSIONS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["url"],
        "properties": {"url": {"type": "string"}, "valueDate": {"type": "string"}},
    },
}
_CODE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "coding": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"system": {"type": "string"}, "code": {"type": "string"}},
            },
        }
    },
}

FLAG_CREATE_EXAMPLE = {
    "resourceType": "Flag",
    "extension": [{"url": SUBJECT_BIRTH_DATE_EXTENSION, "valueDate": "2014-03-02"}],
    "status": "active",
    "code": {"coding": [{"system": SNOMED_SYSTEM, "code": "342191000000101"}]},
    "subject": {"reference": f"Patient?identifier={NHS_NUMBER_SYSTEM}|9990000018"},
    "period": {"start": "2025-06-01"},
    "author": {"identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": "E09000019"}},
}

FLAG_END_EXAMPLE = {"resourceType": "Flag", "status": "inactive", "period": {"end": "2026-01-31"}}


def _request_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                FHIR_JSON: {"schema": schema},
                "application/json": {"schema": schema},
            },
        }
    }


FLAG_CREATE_BODY = _request_body(
    {
        "type": "object",
        "required": ["resourceType", "status", "code", "subject", "period", "author"],
        "properties": {
            "resourceType": {"type": "string", "enum": ["Flag"]},
            "extension": _EXTENSIONS,
            "status": {"type": "string", "enum": ["active", "inactive"]},
            "code": _CODE,
            "subject": _REFERENCE_BY_IDENTIFIER,
            "period": _PERIOD,
            "author": _REFERENCE_BY_IDENTIFIER,
        },
        "example": FLAG_CREATE_EXAMPLE,
    },
    "One Flag from the council's case system.",
)

FLAG_END_BODY = _request_body(
    {
        "type": "object",
        "required": ["resourceType", "status", "period"],
        "properties": {
            "resourceType": {"type": "string", "enum": ["Flag"]},
            "id": {"type": "string"},
            "status": {"type": "string", "enum": ["inactive"]},
            "code": _CODE,
            "subject": _REFERENCE_BY_IDENTIFIER,
            "period": _PERIOD,
        },
        "example": FLAG_END_EXAMPLE,
    },
    "The Flag with status inactive and period.end. Any code, subject or period.start sent "
    "must be the flag's own: only ending a flag is supported.",
)
