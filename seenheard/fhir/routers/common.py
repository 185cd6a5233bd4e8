"""Helpers the resource routers share."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse

from seenheard.fhir.schemas import OperationOutcome

#: OpenAPI responses every authenticated route can give (for the schema: ninja documents them).
AUTH_ERRORS: dict[int, type[OperationOutcome]] = {401: OperationOutcome}

# Logical ids here are database keys: positive integers that fit a 64-bit column. Anything
# else cannot name a record, and is answered exactly like an id that does not exist.
_DB_ID = re.compile(r"[1-9][0-9]{0,17}")


def database_id(logical_id: str) -> int | None:
    if not _DB_ID.fullmatch(logical_id):
        return None
    return int(logical_id)


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
