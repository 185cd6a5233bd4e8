"""GET /Encounter/{id} and GET /Encounter: a child's attendances across settings (R-FLAG-6)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.children.selectors import child_get, child_get_by_nhs_number
from seenheard.encounters.models import Encounter as EncounterModel
from seenheard.encounters.selectors import (
    encounter_get,
    encounters_for_child,
    encounters_for_mother,
)
from seenheard.fhir.auth import api_actor
from seenheard.fhir.errors import not_found
from seenheard.fhir.mappers.encounter import (
    encounter_from_attendance,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    RESULT_PARAMETERS,
    SEARCH_ERRORS,
    base_url,
    database_id,
    patient_searched,
)
from seenheard.fhir.routers.encounter.support import (
    IDENTIFIER_EXAMPLE,
    NOT_FOUND,
    router,
    support,
)
from seenheard.fhir.schemas import Encounter, OperationOutcome, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM


@router.get(
    "/{id}",
    response={200: Encounter, 404: OperationOutcome, **AUTH_ERRORS},
    by_alias=True,
    operation_id="encounterRead",
    summary="Read one attendance by id",
    description=(
        "The attendance, for staff who may see the child (the same rules as the search); 404 "
        "when there is no such attendance or you may not see it (the two look the same). "
        "Every read is recorded in the audit trail."
    ),
)
def encounter_read(
    request: HttpRequest,
    id: str = Path(..., description="The Encounter's logical id (from Location).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    encounter_id = database_id(id)
    found = None if encounter_id is None else encounter_get(actor=actor, encounter_id=encounter_id)
    if found is None:
        raise not_found(NOT_FOUND, expression=["Encounter.id"])
    return fhir_response(encounter_from_attendance(found.encounter, nhs_number=found.nhs_number))


@router.get(
    "",
    response={200: searchset_schema(Encounter), **SEARCH_ERRORS},
    by_alias=True,
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="encounterSearch",
    summary="A child's attendances at every setting in the last 12 months",
    description=(
        "A searchset Bundle, newest first (R-FLAG-6). Empty when there is no such child or "
        "you may not see them (the two look the same). Audited."
    ),
)
def encounter_search(
    request: HttpRequest,
    patient_identifier: str | None = Query(
        None,
        alias="patient:identifier",
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
    patient: str | None = Query(
        None, description="The child's Patient reference, Patient/<id>.", example="Patient/1"
    ),
) -> HttpResponse:
    actor = api_actor(request)
    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE)
    rows: list[EncounterModel] | None = None
    nhs_number = ""
    if searched.nhs_number is None:
        child_id = searched.child_id
        # The same rules as reading the Patient: a bare id reaches only a child the caller may
        # see (R-FLAG-10), audited as that read is.
        with transaction.atomic():
            child = (
                None
                if child_id is None
                else child_get(actor=actor, child_id=child_id, purpose="fhir-encounters")
            )
            if child is not None:
                nhs_number = child.nhs_number or ""
                rows = encounters_for_child(actor=actor, child_id=child.pk)
    else:
        nhs_number = searched.nhs_number
        child = child_get_by_nhs_number(
            actor=actor, nhs_number=nhs_number, purpose="fhir-encounters"
        )
        rows = None if child is None else encounters_for_child(actor=actor, child_id=child.pk)
        if child is None:
            # Perhaps a pregnant woman's number (an unborn child's plan is held against it).
            found = encounters_for_mother(actor=actor, nhs_number=nhs_number)
            rows = None if found is None else found[1]
    matches = []
    if rows:
        base = base_url(request)
        matches = [
            (f"{base}Encounter/{e.pk}", encounter_from_attendance(e, nhs_number=nhs_number))
            for e in rows
        ]
    return fhir_response(searchset(request, matches))
