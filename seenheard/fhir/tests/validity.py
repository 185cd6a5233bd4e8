"""The check behind serving mapper output without validating it on each request (see
seenheard.fhir.responses.FhirJson): the FHIR JSON a mapper builds must pass the ``fhir.resources``
R4B model for its type and come out of it unchanged, so validating it would add nothing."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class


def _first_difference(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}: only in {'the data' if key in b else 'the validated copy'}"
            found = _first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def assert_valid_fhir(data: dict[str, Any]) -> None:
    model = get_fhir_model_class(data["resourceType"])
    round_trip = model.model_validate(data).model_dump(mode="json", exclude_none=True)
    difference = _first_difference(round_trip, data)
    assert difference is None, f"{data['resourceType']} changes when validated: {difference}"
