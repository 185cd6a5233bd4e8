"""Helpers the resource routers share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast

from django.http import HttpRequest
from django.urls import reverse

from seenheard.core.ids import id_or_none
from seenheard.fhir.errors import FhirError
from seenheard.fhir.registry import ResourceSupport
from seenheard.fhir.schemas import OperationOutcome
from seenheard.fhir.search import (
    nhs_number_from_identifier,
    one_patient_param,
    patient_reference_id,
    reject_unknown_params,
    single_param,
)

#: OpenAPI responses every authenticated route can give (for the schema: ninja documents them).
AUTH_ERRORS: dict[int, type[OperationOutcome]] = {401: OperationOutcome}

#: OpenAPI responses every search can give besides its Bundle: a malformed search (400) and an
#: address longer than the request limits allow (414, ``fhir.middleware``), and the auth errors.
SEARCH_ERRORS: dict[int, type[OperationOutcome]] = {
    400: OperationOutcome,
    414: OperationOutcome,
    **AUTH_ERRORS,
}


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


@dataclass(frozen=True)
class PatientSearched:
    """Whose resources a search asks for: an NHS number (``patient:identifier``), or the id in
    a ``patient`` reference (None when it can name no record here: answered as not found)."""

    nhs_number: str | None = None
    child_id: int | None = None

    @property
    def by_identifier(self) -> bool:
        return self.nhs_number is not None


def patient_searched(
    request: HttpRequest,
    support: ResourceSupport,
    *,
    example: str,
    by_reference: bool = True,
    required: bool = True,
    before: Callable[[], object] = lambda: None,
) -> PatientSearched:
    """What every search by patient starts with: unknown parameters refused, exactly one of
    ``patient:identifier`` and ``patient`` (only the first when ``by_reference`` is False),
    given once, and parsed. ``before`` runs after the unknown parameters are refused and
    before the patient is read (a resource's own parameters checked in the order clients
    have always been answered). With ``required`` False (a search that may name someone else
    instead, checked by ``before``), no patient at all is answered with an empty
    ``PatientSearched``."""
    resource = support.type
    reject_unknown_params(request, support)
    before()
    which = "patient:identifier"
    if (
        not required
        and which not in request.GET
        and not (by_reference and "patient" in request.GET)
    ):
        return PatientSearched()
    if by_reference:
        which = one_patient_param(request, resource=resource, example=example)
    raw = single_param(request, which, resource=resource, example=example)
    if which == "patient":
        return PatientSearched(
            child_id=patient_reference_id(
                raw, base=base_url(request), expression=f"{resource}.patient"
            )
        )
    return PatientSearched(
        nhs_number=nhs_number_from_identifier(raw, expression=f"{resource}.patient:identifier")
    )


# -- refusals (ADR 025) -------------------------------------------------------------------------


class _Refusal(Protocol):
    """What every app's refusal carries: its message in plain words."""

    @property
    def message(self) -> str: ...


R = TypeVar("R", bound=_Refusal)
T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """The API's answer to one kind of refusal: the HTTP status, the OperationOutcome's issue
    code and the element at fault; ``diagnostics`` replaces the service's message when the API
    says it its own way (naming the element a client sends)."""

    status: int
    code: str
    expression: tuple[str, ...] = ()
    diagnostics: str | None = None


def refusal_row(table: Mapping[type[R], T], exc: R) -> T:
    """The row of a router's ``REFUSALS`` table for ``exc``: its own type's, else its nearest
    base's (each app's table has a row for every type in its errors module; a test says so)."""
    kind = next(k for k in type(exc).__mro__ if k in table)
    return table[cast("type[R]", kind)]


def refused_outcome(
    table: Mapping[type[R], Answer],
    exc: R,
    *,
    expression: tuple[str, ...] | None = None,
    diagnostics: str | None = None,
) -> FhirError:
    """The OperationOutcome for a refusal, from a table of ``Answer``s; ``expression`` names the
    element when the refusal itself says which (a text too long, say), ``diagnostics`` words
    it when the refusal carries more than its message (the page to go to, say)."""
    answer = refusal_row(table, exc)
    return FhirError(
        answer.status,
        code=answer.code,
        diagnostics=diagnostics or answer.diagnostics or exc.message,
        expression=answer.expression if expression is None else expression,
    )
