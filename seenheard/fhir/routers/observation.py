"""Observation: a value of an area's own outcome measure for a looked-after child (issue 11
item 6; R-OUT-5).

``POST /Observation`` records one (the same service as the page: a measure in use of a council
whose children the token's team looks after, a child in that council's care the caller may see,
a value on the measure's scale, a date from birth to today). ``GET /Observation/{id}`` reads
one; ``GET /Observation?patient:identifier=...[&code=system|code]`` a child's, oldest first.
The measure is ``code`` in the council's own code system. ``REFUSALS`` says how each refusal is
answered (ADR 025). The child's views are recorded on the page (the API records none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query
from pydantic import BaseModel, ConfigDict

from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import JSON, echo, object_element, patient_nhs_number, resource_body
from seenheard.fhir.errors import FhirError, invalid, not_found
from seenheard.fhir.mappers.observation import OUTCOME_MEASURE_SYSTEM, observation
from seenheard.fhir.registry import (
    Interaction,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.responses import fhir_instant, fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    RESULT_PARAMETERS,
    Answer,
    base_url,
    database_id,
    patient_searched,
    refused_outcome,
)
from seenheard.fhir.schemas import OperationOutcome, searchset_schema
from seenheard.fhir.search import searchset, token_parse
from seenheard.fhir.systems import FHIR_JSON, NHS_NUMBER_SYSTEM
from seenheard.lac_health.outcomes import errors
from seenheard.lac_health.outcomes.models import OutcomeRecord
from seenheard.lac_health.outcomes.selectors import (
    child_by_nhs_number,
    measure_by_code,
    outcome_get,
    outcomes_for_child,
)
from seenheard.lac_health.outcomes.services import ValueInput, outcome_record

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"
CODE_EXAMPLE = f"{OUTCOME_MEASURE_SYSTEM}E09000019|sleeping-well"

support = ResourceSupport(
    type="Observation",
    interactions=(Interaction.READ, Interaction.CREATE, Interaction.SEARCH_TYPE),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                f"The child, by NHS number, as {NHS_NUMBER_SYSTEM}|<10 digits>: their outcome "
                "values, oldest first, for staff who may see them."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
        SearchParam(
            name="code",
            type=SearchParamType.TOKEN,
            documentation=(
                f"The outcome measure, as {OUTCOME_MEASURE_SYSTEM}<council's ONS code>|<code> "
                "(or the code alone)."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-code",
        ),
    ),
    documentation=(
        "Values of an area's own outcome measures for looked-after children (R-OUT-5). code "
        f"is the measure, in the council's code system ({OUTCOME_MEASURE_SYSTEM}<ONS code>); "
        "valueQuantity.value a number on the measure's scale; effectiveDateTime the day it was "
        "measured (YYYY-MM-DD); subject the child by NHS number."
    ),
)
router = ResourceRouter(support)


class Observation(BaseModel):
    """One outcome value (for the OpenAPI document)."""

    model_config = ConfigDict(extra="allow")
    resourceType: str
    id: str
    status: str


#: Every refusal of outcomes over time and the API's answer (ADR 025); a test fails when a
#: type in lac_health.outcomes.errors has no row.
REFUSALS: dict[type[errors.OutcomeRefused], Answer] = {
    errors.OutcomeRefused: Answer(400, "invalid"),
    errors.CouncilNotYours: Answer(403, "forbidden", ("Observation.code",)),
    errors.ChildNotFound: Answer(422, "not-found", ("Observation.subject",)),
    errors.MeasureNotFound: Answer(422, "code-invalid", ("Observation.code",)),
    errors.MeasureRetired: Answer(422, "business-rule", ("Observation.code",)),
    errors.MeasureRejected: Answer(400, "invalid"),
    errors.ValueRejected: Answer(422, "business-rule"),
}
#: Where each field of a refused value is in the resource.
ELEMENTS = {
    "value": "Observation.valueQuantity.value",
    "measured_on": "Observation.effectiveDateTime",
}


def refused(exc: errors.OutcomeRefused) -> FhirError:
    expression = None
    if isinstance(exc, errors.ValueRejected):
        expression = tuple(ELEMENTS.get(field, "Observation") for field in exc.problems)
    return refused_outcome(REFUSALS, exc, expression=expression)


def _measure_code(resource: JSON) -> tuple[str, str]:
    """The council's ONS code and the measure's code, from Observation.code."""
    concept = object_element(resource, "code", expression="Observation.code", required=True)
    assert concept is not None
    codings = concept.get("coding")
    for coding in codings if isinstance(codings, list) else []:
        system = coding.get("system") if isinstance(coding, dict) else None
        code = coding.get("code") if isinstance(coding, dict) else None
        if isinstance(system, str) and system.startswith(OUTCOME_MEASURE_SYSTEM):
            if not isinstance(code, str) or not code.strip():
                break
            return system.removeprefix(OUTCOME_MEASURE_SYSTEM), code.strip()
    raise invalid(
        f"Observation.code needs a coding from {OUTCOME_MEASURE_SYSTEM}<council's ONS code> "
        "with the measure's code.",
        expression=["Observation.code"],
        code="required",
    )


def _value(resource: JSON) -> Decimal:
    quantity = resource.get("valueQuantity")
    raw = quantity.get("value") if isinstance(quantity, dict) else resource.get("valueInteger")
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise invalid(
            f"Give the value as a number in valueQuantity.value, not {echo(raw)}.",
            expression=["Observation.valueQuantity.value"],
            code="required" if raw is None else "value",
        )
    try:
        value = Decimal(str(raw))
    except InvalidOperation:  # pragma: no cover (every JSON number is a Decimal)
        raise invalid(
            "The value is not a number.", expression=["Observation.valueQuantity"]
        ) from None
    if not value.is_finite():
        raise invalid("The value is not a number.", expression=["Observation.valueQuantity"])
    return value


def _measured_on(resource: JSON) -> dt.date:
    """The day it was measured: a FHIR date (or the day of a dateTime)."""
    raw = resource.get("effectiveDateTime")
    day = raw.strip().split("T", 1)[0] if isinstance(raw, str) else ""
    try:
        if len(day) != 10:
            raise ValueError(day)
        return dt.date.fromisoformat(day)
    except ValueError:
        raise invalid(
            "Observation.effectiveDateTime must be the day it was measured, as YYYY-MM-DD, "
            f"not {echo(raw)}.",
            expression=["Observation.effectiveDateTime"],
            code="required" if raw is None else "value",
        ) from None


def observation_json(record: OutcomeRecord) -> dict[str, object]:
    version = record.version
    labels = {Decimal(p["value"]): p["label"] for p in version.points}
    return observation(
        record_id=record.pk,
        patient_id=record.child_id,
        nhs_number=record.child.nhs_number,
        la_code=record.measure.la.code,
        code=record.measure.code,
        display=version.name,
        measured_on=record.measured_on.isoformat(),
        value=float(record.value),
        unit=labels.get(record.value, version.unit),
        recorded_at=fhir_instant(record.recorded_at),
        performer=record.recorded_by_name,
    )


EXAMPLE: dict[str, object] = {
    "resourceType": "Observation",
    "status": "final",
    "code": {"coding": [{"system": f"{OUTCOME_MEASURE_SYSTEM}E09000019", "code": "sleeping-well"}]},
    "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000018"}},
    "effectiveDateTime": "2026-01-20",
    "valueQuantity": {"value": 5, "unit": "nights"},
}


@router.post(
    "",
    response={
        201: Observation,
        400: OperationOutcome,
        403: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One value of an outcome measure for a child.",
            "content": {
                FHIR_JSON: {"schema": {"type": "object", "example": EXAMPLE}},
                "application/json": {"schema": {"type": "object", "example": EXAMPLE}},
            },
        }
    },
    operation_id="observationCreate",
    summary="Record a value of an area's outcome measure for a looked-after child",
    description=(
        "201 with the Observation and a Location header. 400 for a malformed resource (no "
        "code, value or date); 403 for a council whose children your team does not look "
        "after; 422 for a measure there is no such code for, one no longer in use, a child "
        "you may not see or not in the council's care (not found and not allowed look the "
        "same), a value off the measure's scale, or a date before birth or in the future. "
        "Nothing is changed by a refused request."
    ),
)
def observation_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    resource = resource_body(request, resource_type="Observation")
    la_code, code = _measure_code(resource)
    subject = object_element(resource, "subject", expression="Observation.subject", required=True)
    assert subject is not None
    nhs_number = patient_nhs_number(subject, expression="Observation.subject")
    value, measured_on = _value(resource), _measured_on(resource)
    try:
        measure = measure_by_code(actor=actor, code=code, la_code=la_code)
        if measure is None:
            raise errors.MeasureNotFound
        child = child_by_nhs_number(actor=actor, nhs_number=nhs_number)
        if child is None:
            raise errors.ChildNotFound
        record = outcome_record(
            actor=actor,
            child_id=child.pk,
            data=ValueInput(measure_id=measure.pk, value=value, measured_on=measured_on),
            voice=None,
        )
    except errors.OutcomeRefused as exc:
        raise refused(exc) from None
    record.child = child
    return fhir_response(
        observation_json(record),
        status=201,
        headers={"Location": f"{base_url(request)}Observation/{record.pk}"},
    )


@router.get(
    "/{id}",
    response={200: Observation, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="observationRead",
    summary="Read one outcome value by id",
    description="404 when there is no such value or you may not see the child. Audited.",
)
def observation_read(
    request: HttpRequest,
    id: str = Path(..., description="The Observation's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    record_id = database_id(id)
    found = None if record_id is None else outcome_get(actor=actor, record_id=record_id)
    if found is None:
        raise not_found("No outcome value was found with this id.", expression=["Observation.id"])
    return fhir_response(observation_json(found))


@router.get(
    "",
    response={200: searchset_schema(Observation), 400: OperationOutcome, **AUTH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="observationSearch",
    summary="A looked-after child's outcome values, oldest first",
    description=(
        "Empty when there is no such child, you may not see them, or no measure has the code. "
        "Audited."
    ),
)
def observation_search(
    request: HttpRequest,
    patient_identifier: str | None = Query(
        None,
        alias="patient:identifier",
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
    code: str | None = Query(
        None, description="<system>|<code> of the outcome measure", example=CODE_EXAMPLE
    ),
) -> HttpResponse:
    actor = api_actor(request)
    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE, by_reference=False)
    assert searched.nhs_number is not None  # by identifier only
    child = child_by_nhs_number(actor=actor, nhs_number=searched.nhs_number)
    records: list[OutcomeRecord] = []
    if child is not None:
        measure = None
        if code is not None:
            token = token_parse(code)
            la_code = (
                token.system.removeprefix(OUTCOME_MEASURE_SYSTEM)
                if token.system is not None and token.system.startswith(OUTCOME_MEASURE_SYSTEM)
                else None
            )
            measure = (
                None
                if token.system is not None and la_code is None
                else measure_by_code(actor=actor, code=token.code, la_code=la_code)
            )
        if code is None or measure is not None:
            records = outcomes_for_child(actor=actor, child_id=child.pk, measure=measure)
    base = base_url(request)
    return fhir_response(
        searchset(request, [(f"{base}Observation/{r.pk}", observation_json(r)) for r in records])
    )
