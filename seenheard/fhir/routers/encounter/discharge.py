"""POST /Encounter/{id}/$discharge (R-REF-4): the child is discharged only with their A&E
record complete, or saying why it cannot be; otherwise one issue per missing item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path

from seenheard.encounters.errors import AttendanceNotFound, EncounterRefused
from seenheard.encounters.record.services import attendance_discharge
from seenheard.fhir.auth import api_actor
from seenheard.fhir.mappers.encounter import encounter_from_attendance
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import AUTH_ERRORS, database_id
from seenheard.fhir.routers.encounter.refusals import refused_response, registering
from seenheard.fhir.routers.encounter.support import router
from seenheard.fhir.schemas import Encounter, OperationOutcome


@router.post(
    "/{id}/$discharge",
    response={
        200: Encounter,
        403: OperationOutcome,
        404: OperationOutcome,
        409: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    by_alias=True,
    operation_id="encounterDischarge",
    summary="Discharge the child, with their A&E record complete",
    description=(
        "R-REF-4: discharges the child from an attendance at your own unscheduled-care "
        "setting and answers the Encounter finished (period.end, "
        "hospitalization.dischargeDisposition). For a child under 18 the A&E record "
        "(QuestionnaireResponse, written before) must be complete or say why it cannot be: "
        "otherwise 422 with one OperationOutcome issue per missing item, each naming it "
        "(QuestionnaireResponse.item.where(linkId='...')), and nothing changes. 403 when your "
        "role does not register attendances; 404 for an attendance not registered at your "
        "setting (the same as none); 409 when the child was already discharged or left before "
        "being seen."
    ),
)
def encounter_discharge_operation(
    request: HttpRequest,
    id: str = Path(..., description="The Encounter's logical id (from Location).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    registering(actor)
    encounter_id = database_id(id)
    try:
        if encounter_id is None:
            raise AttendanceNotFound
        done = attendance_discharge(actor=actor, encounter_id=encounter_id)
    except EncounterRefused as exc:
        raise refused_response(exc) from None
    return fhir_response(
        encounter_from_attendance(done.encounter, nhs_number=done.child.nhs_number or "")
    )
