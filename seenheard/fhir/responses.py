"""Rendering FHIR resources as HTTP responses (application/fhir+json)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from seenheard.fhir.systems import FHIR_JSON

CONTENT_TYPE = f"{FHIR_JSON}; charset=utf-8"


#: A FHIR resource as its JSON: what the mappers build. They are not validated through the
#: ``fhir.resources`` models on each request (that cost more than the registration itself,
#: docs/performance.md); the mappers' tests validate every shape they build against those
#: models and check that validation leaves it unchanged (fhir/tests/test_mappers_valid.py).
FhirJson = dict[str, Any]


def fhir_instant(value: dt.datetime) -> str:
    """A date and time as FHIR JSON writes it: UTC as ``Z``, any other offset as ``+hh:mm``
    (what the R4B models would produce, so validation leaves it unchanged)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def resource_json(resource: BaseModel | FhirJson) -> FhirJson:
    """The resource as FHIR JSON: absent elements are left out, never sent as null."""
    if isinstance(resource, dict):
        return resource
    return resource.model_dump(mode="json", exclude_none=True)


def fhir_response(
    resource: BaseModel | dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A FHIR resource (a model, or FHIR JSON already built from validated models)."""
    body = resource if isinstance(resource, dict) else resource_json(resource)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class FhirJSONRenderer(JSONRenderer):
    """Ninja's renderer for the few responses it builds itself (its own error paths).

    Handlers return ``fhir_response(...)`` directly, so ninja's response-model validation (which
    would dump FHIR models in Python mode) never touches them; the response models declared on
    each route are there for the OpenAPI schema.
    """

    media_type = FHIR_JSON

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        if isinstance(data, BaseModel):
            data = resource_json(data)
        return super().render(request, data, response_status=response_status)
