"""POST /Encounter/{id}/$left-before-seen (R-WNB-4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path

from seenheard.encounters.errors import (
    AttendanceNotFound,
    EncounterRefused,
)
from seenheard.encounters.services import (
    encounter_left_before_seen,
)
from seenheard.fhir.auth import api_actor
from seenheard.fhir.mappers.encounter import (
    encounter_from_attendance,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    database_id,
)
from seenheard.fhir.routers.encounter.refusals import refused, registering
from seenheard.fhir.routers.encounter.support import (
    router,
)
from seenheard.fhir.schemas import Encounter, OperationOutcome


@router.post(
    "/{id}/$left-before-seen",
    response={
        200: Encounter,
        404: OperationOutcome,
        409: OperationOutcome,
        422: OperationOutcome,
        403: OperationOutcome,
        **AUTH_ERRORS,
    },
    by_alias=True,
    operation_id="encounterLeftBeforeSeen",
    summary="Record that the child left before being seen",
    description=(
        "R-WNB-4: closes an attendance registered at your own unscheduled-care setting as left "
        "before being seen (status finished; hospitalization.dischargeDisposition SNOMED CT "
        "1066301000000103, the Emergency Care Data Set's 'Left care setting before initial "
        "assessment') and gives the child's GP practice and community health service a task "
        "each. 404 when the attendance was not registered at your setting or does not exist "
        "(the two look the same)."
    ),
)
def encounter_left_before_seen_operation(
    request: HttpRequest,
    id: str = Path(..., description="The Encounter's logical id (from Location).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    registering(actor)
    encounter_id = database_id(id)
    try:
        if encounter_id is None:
            raise AttendanceNotFound
        done = encounter_left_before_seen(actor=actor, encounter_id=encounter_id)
    except EncounterRefused as exc:
        raise refused(exc) from None
    return fhir_response(
        encounter_from_attendance(done.encounter, nhs_number=done.child.nhs_number or "")
    )
