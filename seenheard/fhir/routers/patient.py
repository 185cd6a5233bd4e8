"""Patient: a child's demographic record, read by id or traced by NHS number (issue 2 item 10).

Both go through the children selectors, so the same access rules (R-FLAG-10) and audit apply as
on the pages: unscheduled-care staff may trace any child by NHS number (R-FLAG-3); everyone else
finds only the children their organisation has a legitimate relationship with. A child the
actor may not see is answered exactly as one that does not exist.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.children.selectors import child_get, child_get_by_nhs_number
from seenheard.fhir.auth import api_actor
from seenheard.fhir.errors import not_found
from seenheard.fhir.mappers.patient import patient_from_child
from seenheard.fhir.registry import (
    Interaction,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    RESULT_PARAMETERS,
    SEARCH_ERRORS,
    base_url,
    database_id,
)
from seenheard.fhir.schemas import OperationOutcome, Patient, searchset_schema
from seenheard.fhir.search import (
    nhs_number_from_identifier,
    reject_unknown_params,
    searchset,
    single_param,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM, RESPONSIBLE_LA_EXTENSION

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"

support = ResourceSupport(
    type="Patient",
    interactions=(Interaction.READ, Interaction.SEARCH_TYPE),
    search_params=(
        SearchParam(
            name="identifier",
            type=SearchParamType.TOKEN,
            documentation=(
                f"Required, exactly once: the NHS number, as {NHS_NUMBER_SYSTEM}|<10 digits>. "
                "Unscheduled-care staff may trace any child; others find only the children "
                "their organisation has a relationship with."
            ),
            definition="http://hl7.org/fhir/SearchParameter/Patient-identifier",
        ),
    ),
    documentation=(
        "Children's demographic records. The responsible local authority is in the extension "
        f"{RESPONSIBLE_LA_EXTENSION}."
    ),
)

router = ResourceRouter(support)

NOT_FOUND = "No patient record was found with this id."


@router.get(
    "",
    response={200: searchset_schema(Patient), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="patientSearch",
    summary="Find a child by NHS number",
    description=(
        "A searchset Bundle with the child, or empty when there is no such child or you may "
        "not see them (the two look the same). Every child returned is recorded in the audit "
        "trail."
    ),
)
def patient_search(
    request: HttpRequest,
    identifier: str = Query(
        ...,
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
) -> HttpResponse:
    actor = api_actor(request)
    reject_unknown_params(request, support)
    # Read the raw list: ninja keeps only the last of repeated values, and two identifiers
    # would mean "both", which no child can match.
    raw = single_param(request, "identifier", resource="Patient", example=IDENTIFIER_EXAMPLE)
    nhs_number = nhs_number_from_identifier(raw, expression="Patient.identifier")
    child = child_get_by_nhs_number(actor=actor, nhs_number=nhs_number, purpose="fhir-search")
    base = base_url(request)
    matches = [] if child is None else [(f"{base}Patient/{child.pk}", patient_from_child(child))]
    return fhir_response(searchset(request, matches))


@router.get(
    "/{id}",
    response={200: Patient, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="patientRead",
    summary="Read a child's record by id",
    description=(
        "404 when there is no such child or you may not see them (the two look the same). "
        "Unscheduled-care staff may read a child they found by NHS number for a few minutes "
        "after the search (the search result's fullUrl). Every read is recorded in the audit "
        "trail."
    ),
)
def patient_read(
    request: HttpRequest,
    id: str = Path(..., description="The Patient's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    child_id = database_id(id)
    child = None if child_id is None else child_get(actor=actor, child_id=child_id, purpose="fhir")
    if child is None:
        raise not_found(NOT_FOUND, expression=["Patient.id"])
    return fhir_response(patient_from_child(child))
