"""Helpers the resource routers share."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from seenheard.core.ids import id_or_none
from seenheard.fhir.schemas import OperationOutcome

#: OpenAPI responses every authenticated route can give (for the schema: ninja documents them).
AUTH_ERRORS: dict[int, type[OperationOutcome]] = {401: OperationOutcome}


def database_id(logical_id: str) -> int | None:
    """Logical ids here are database keys (core.ids.parse_id: ASCII digits, 1 to 2**63 - 1).
    Anything else cannot name a record, and is answered exactly like an id that names none."""
    return id_or_none(logical_id)


def base_url(request: HttpRequest) -> str:
    """The service base, e.g. https://host/fhir/R4/ (fullUrls are built from it)."""
    return request.build_absolute_uri(reverse("fhir:api-root"))


#: The result parameters every search accepts (seenheard.fhir.search.RESULT_PARAMS), for the
#: OpenAPI schema: ``openapi_extra={"parameters": RESULT_PARAMETERS}`` on each search route.
RESULT_PARAMETERS: list[dict[str, object]] = [
    {
        "name": "_count",
        "in": "query",
        "required": False,
        "description": "Matches per page (at most 100); the Bundle links to the next page. "
        "0 returns only the total.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 999999999},
    },
    {
        "name": "_offset",
        "in": "query",
        "required": False,
        "description": "Where the page starts (the next and previous links carry it).",
        "schema": {"type": "integer", "minimum": 0, "maximum": 999999999},
    },
    {
        "name": "_summary",
        "in": "query",
        "required": False,
        "description": "count: only the number of matches (total). false or data: whole "
        "resources (the default).",
        "schema": {"type": "string", "enum": ["count", "false", "data"]},
    },
]
