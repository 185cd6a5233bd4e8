"""POST /Encounter and POST /Encounter/$register: registering an attendance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from seenheard.encounters.errors import (
    EncounterRefused,
)
from seenheard.encounters.services import (
    Registration,
    encounter_register,
)
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    object_element,
    patient_nhs_number,
    resource_body,
)
from seenheard.fhir.errors import operation_outcome
from seenheard.fhir.mappers.encounter import (
    collection_bundle,
    encounter_from_attendance,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    base_url,
)
from seenheard.fhir.routers.encounter.bodies import (
    CREATE_DESCRIPTION,
    CREATE_ERRORS,
    ENCOUNTER_CREATE_BODY,
)
from seenheard.fhir.routers.encounter.bundle import registration_bundle
from seenheard.fhir.routers.encounter.elements import (
    conditional_key,
    own_setting,
    patient_id_of,
    prefer_return,
    started_at_of,
    status_of,
)
from seenheard.fhir.routers.encounter.refusals import refused, registering
from seenheard.fhir.routers.encounter.support import (
    router,
)
from seenheard.fhir.schemas import Encounter, RegistrationBundle


def _register(request: HttpRequest) -> tuple[Registration, str]:
    """Check the posted Encounter and register it (encounter_register, one transaction).
    Returns the registration and the base URL; raises FhirError, having changed nothing."""
    actor = api_actor(request)
    registering(actor)
    resource = resource_body(request, resource_type="Encounter")
    status = status_of(resource)
    subject = object_element(resource, "subject", expression="Encounter.subject", required=True)
    assert subject is not None
    child_id = patient_id_of(subject)
    nhs_number = (
        None
        if child_id is not None
        else patient_nhs_number(subject, expression="Encounter.subject")
    )
    own_setting(resource, setting=actor.organisation)
    started_at = started_at_of(resource)
    request_key = conditional_key(request, resource)
    # encounter_register is its own transaction: wrapping it in another would only add a
    # savepoint and its release to the hot path.
    try:
        reg = encounter_register(
            actor=actor,
            child_id=child_id,
            nhs_number=nhs_number,
            started_at=started_at,
            request_key=request_key,
            status=status,
        )
    except EncounterRefused as exc:
        # The service decided; the table says how the API answers (ADR 025).
        raise refused(exc) from None
    return reg, base_url(request)


@router.post(
    "",
    response={201: Encounter, 200: Encounter, **CREATE_ERRORS},
    openapi_extra=ENCOUNTER_CREATE_BODY,
    by_alias=True,  # the schema's Encounter.class is a Python keyword, so it is an alias
    operation_id="encounterCreate",
    summary="Register an attendance",
    description=(
        CREATE_DESCRIPTION
        + " 201 Created, with Location naming the Encounter, answering with the Encounter; "
        "'Prefer: return=minimal' answers with no body, 'Prefer: return=OperationOutcome' "
        "with an OperationOutcome saying what was done. POST Encounter/$register registers "
        "the same way and answers with everything the registration page shows."
    ),
)
def encounter_create(request: HttpRequest) -> HttpResponse:
    reg, base = _register(request)
    status = 200 if reg.repeated else 201
    location = {"Location": f"{base}Encounter/{reg.encounter.pk}"}
    prefer = prefer_return(request)
    if prefer == "minimal":
        response = HttpResponse(status=status, headers=location)
        return response
    if prefer == "OperationOutcome":
        done = (
            "This attendance was already registered: nothing new was registered."
            if reg.repeated
            else "The attendance was registered."
        )
        outcome = operation_outcome(code="informational", diagnostics=done, severity="information")
        return fhir_response(outcome, status=status, headers=location)
    return fhir_response(
        encounter_from_attendance(reg.encounter, nhs_number=reg.nhs_number),
        status=status,
        headers=location,
    )


@router.post(
    "/$register",
    response={201: RegistrationBundle, 200: RegistrationBundle, **CREATE_ERRORS},
    openapi_extra=ENCOUNTER_CREATE_BODY,
    by_alias=True,
    operation_id="encounterRegister",
    summary="Register an attendance, and see the flags at once",
    description=(
        CREATE_DESCRIPTION
        + " 201 Created, with Location naming the Encounter, and a collection Bundle: the "
        "Encounter first, then the child's Flags (R-FLAG-3), the child's other attendances at "
        "any setting in the last 12 months (R-FLAG-6), and the recent look-ups of the flag as "
        "AuditEvents (R-FLAG-4)."
    ),
)
def encounter_register_operation(request: HttpRequest) -> HttpResponse:
    reg, base = _register(request)
    bundle = collection_bundle(entries=registration_bundle(base, reg))
    return fhir_response(
        bundle,
        status=200 if reg.repeated else 201,
        headers={"Location": f"{base}Encounter/{reg.encounter.pk}"},
    )
