"""Reading a FHIR resource sent in a request body, with plain-English errors that name the
element at fault (issue 3 "Bad input": a 400 OperationOutcome naming the element).

The resources are read by hand rather than validated with the fhir.resources models: those
models' errors name pydantic internals, and this API accepts only a few elements of each
resource. Anything the domain services check (NHS numbers against people, dates against each
other) is left to them; this module only checks shape and FHIR formats.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest

from seenheard.fhir.errors import FhirError, invalid
from seenheard.fhir.search import nhs_number_from_identifier
from seenheard.fhir.systems import FHIR_JSON, NHS_NUMBER_SYSTEM

#: Largest body accepted: one resource is a few kilobytes.
MAX_BODY_BYTES = 64 * 1024

ACCEPTED_MEDIA_TYPES = (FHIR_JSON, "application/json")

# Longest user input echoed back in a diagnostic.
_ECHO_LIMIT = 60

JSON = dict[str, Any]


def echo(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return repr(text if len(text) <= _ECHO_LIMIT else text[:_ECHO_LIMIT] + "...")


def resource_body(request: HttpRequest, *, resource_type: str) -> JSON:
    """The JSON object in the body, which must be a ``resource_type`` resource."""
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    if media_type not in ACCEPTED_MEDIA_TYPES:
        raise FhirError(
            415,
            code="not-supported",
            diagnostics=(
                f"Send the {resource_type} as FHIR JSON, with the header "
                f"'Content-Type: {FHIR_JSON}'."
            ),
        )
    if len(request.body) > MAX_BODY_BYTES:
        raise FhirError(
            413,
            code="too-costly",
            diagnostics=f"The request is larger than {MAX_BODY_BYTES // 1024} KB; send one "
            f"{resource_type} at a time.",
        )
    try:
        data = json.loads(request.body.decode("utf-8"))
    except RecursionError:
        raise FhirError(
            413,
            code="too-costly",
            diagnostics=(
                f"The request body is nested too deeply to read. Send one {resource_type} as "
                "FHIR JSON."
            ),
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise invalid(
            f"The request body is not valid JSON. Send one {resource_type} as FHIR JSON.",
            code="structure",
        ) from None
    if not isinstance(data, dict):
        raise invalid(
            f"The request body must be a JSON object: one {resource_type}.", code="structure"
        )
    sent = data.get("resourceType")
    if sent != resource_type:
        raise invalid(
            f"Send a {resource_type} here (resourceType {resource_type!r}), not {echo(sent)}.",
            expression=["resourceType"] if sent is None else [f"{resource_type}.resourceType"],
            code="required" if sent is None else "invalid",
        )
    return data


def object_element(parent: JSON, name: str, *, expression: str, required: bool) -> JSON | None:
    value = parent.get(name)
    if value is None:
        if required:
            raise invalid(f"{expression} is required.", expression=[expression], code="required")
        return None
    if not isinstance(value, dict):
        raise invalid(f"{expression} must be a JSON object.", expression=[expression])
    return value


def string_element(parent: JSON, name: str, *, expression: str, required: bool) -> str | None:
    value = parent.get(name)
    if value is None:
        if required:
            raise invalid(f"{expression} is required.", expression=[expression], code="required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{expression} must be text, not {echo(value)}.", expression=[expression])
    return value.strip()


def list_element(parent: JSON, name: str, *, expression: str) -> list[Any]:
    value = parent.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid(f"{expression} must be a JSON array.", expression=[expression])
    return value


def extension_value(
    resource: JSON, *, url: str, value_key: str, expression: str, resource_type: str
) -> str | None:
    """The ``value_key`` (e.g. valueDate) of the one extension with ``url``, or None."""
    found = [
        ext
        for ext in list_element(resource, "extension", expression=f"{resource_type}.extension")
        if isinstance(ext, dict) and ext.get("url") == url
    ]
    if not found:
        return None
    if len(found) > 1:
        raise invalid(
            f"Send the extension {url} once, not {len(found)} times.", expression=[expression]
        )
    return string_element(found[0], value_key, expression=expression, required=True)


def datetime_element(value: object, *, expression: str) -> dt.datetime:
    """A FHIR dateTime with a time and a time zone (an instant in effect)."""
    if not isinstance(value, str):
        raise invalid(f"{expression} must be a date and time, as text.", expression=[expression])
    text = value.strip()
    problem = (
        f"{expression} must be a date and time with a time zone, for example "
        f"2026-03-01T14:05:00Z or 2026-03-01T14:05:00+01:00, not {echo(value)}."
    )
    if "T" not in text:
        raise invalid(problem, expression=[expression], code="value")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise invalid(problem, expression=[expression], code="value") from None
    if parsed.tzinfo is None:
        raise invalid(problem, expression=[expression], code="value")
    return parsed


def patient_nhs_number(reference: JSON, *, expression: str) -> str:
    """The NHS number in a reference to a patient, given either as a logical reference
    ``{"identifier": {"system": NHS, "value": N}}`` or as a conditional one
    ``{"reference": "Patient?identifier=NHS|N"}``."""
    kind = reference.get("type")
    if kind is not None and kind != "Patient":
        raise invalid(
            f"{expression} must refer to a Patient, not {echo(kind)}.", expression=[expression]
        )
    identifier = reference.get("identifier")
    ref = reference.get("reference")
    if isinstance(identifier, dict):
        system, value = identifier.get("system"), identifier.get("value")
        if not isinstance(system, str) or not isinstance(value, str):
            raise invalid(
                f"{expression}.identifier needs a system ({NHS_NUMBER_SYSTEM}) and a value "
                "(the NHS number), both as text.",
                expression=[expression],
            )
        return nhs_number_from_identifier(f"{system}|{value}", expression=expression)
    if isinstance(ref, str) and ref.startswith("Patient?identifier="):
        return nhs_number_from_identifier(
            ref.removeprefix("Patient?identifier="), expression=expression
        )
    raise invalid(
        f"Name the patient by NHS number: {expression} as "
        f'{{"identifier": {{"system": "{NHS_NUMBER_SYSTEM}", "value": "<NHS number>"}}}} or '
        f'{{"reference": "Patient?identifier={NHS_NUMBER_SYSTEM}|<NHS number>"}}.',
        expression=[expression],
        code="required" if identifier is None and ref is None else "invalid",
    )
