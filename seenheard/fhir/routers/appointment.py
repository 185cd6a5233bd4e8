"""Appointment: booking systems book children's appointments and record what happened
(issue 10; R-WNB-1 to R-WNB-6).

``POST /Appointment`` books one for the child named as the Patient participant (by NHS
number) with the token user's own organisation or setting. ``PUT /Appointment/{id}`` records
the outcome once: ``noshow`` (was not brought, which asks why and may tell others), ``fulfilled``
or ``cancelled`` with a reason. The service decides every rule; ``REFUSALS`` says how the API
answers each refusal (ADR 025).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query
from pydantic import BaseModel, ConfigDict

from seenheard.appointments import errors
from seenheard.appointments.models import Appointment as AppointmentRecord
from seenheard.appointments.models import Outcome
from seenheard.appointments.rules import cancellation_outcome, default_service
from seenheard.appointments.selectors import appointment_get, appointments_for_child
from seenheard.appointments.services import appointment_book, appointment_outcome_record
from seenheard.children.selectors import child_get_by_nhs_number
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    JSON,
    datetime_element,
    echo,
    list_element,
    patient_nhs_number,
    resource_body,
    string_element,
)
from seenheard.fhir.errors import FhirError, invalid, not_found
from seenheard.fhir.mappers.appointment import APPOINTMENT_SERVICE_SYSTEM, appointment_to_fhir
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
    Answer,
    base_url,
    database_id,
    patient_searched,
    refused_outcome,
)
from seenheard.fhir.schemas import OperationOutcome, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000026"

support = ResourceSupport(
    type="Appointment",
    interactions=(
        Interaction.READ,
        Interaction.CREATE,
        Interaction.UPDATE,
        Interaction.SEARCH_TYPE,
    ),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                f"The child, by NHS number, as {NHS_NUMBER_SYSTEM}|<10 digits>: their "
                "appointments with every service, newest first, for staff who may see them."
            ),
            definition="http://hl7.org/fhir/SearchParameter/Appointment-patient",
        ),
    ),
    documentation=(
        "Children's appointments with any service. POST books one with your own organisation "
        "or setting; PUT records its outcome once: noshow (was not brought), fulfilled, or "
        "cancelled with a cancelationReason (pat... by the family, anything else by the "
        "service). A second outcome is 409 and changes nothing."
    ),
)

router = ResourceRouter(support)


class Appointment(BaseModel):
    """One appointment of a child (for the OpenAPI document)."""

    model_config = ConfigDict(extra="allow")
    resourceType: str
    id: str
    status: str
    start: str


#: Every refusal of the appointments service and the API's answer (ADR 025); a test fails
#: when a type in appointments.errors has no row.
REFUSALS: dict[type[errors.AppointmentRefused], Answer] = {
    errors.AppointmentRefused: Answer(400, "invalid"),
    errors.CannotBook: Answer(403, "forbidden"),
    errors.NhsNumberInvalid: Answer(400, "value", ("Appointment.participant",)),
    errors.ChildNotFound: Answer(422, "not-found", ("Appointment.participant",)),
    errors.ServiceUnknown: Answer(400, "value", ("Appointment.serviceType",)),
    errors.StartInPast: Answer(400, "value", ("Appointment.start",)),
    errors.AppointmentNotFound: Answer(404, "not-found", ("Appointment.id",)),
    errors.OutcomeInFuture: Answer(422, "business-rule", ("Appointment.status",)),
    errors.OutcomeAlreadyRecorded: Answer(409, "conflict", ("Appointment.status",)),
    errors.OutcomeUnknown: Answer(400, "value", ("Appointment.status",)),
    errors.ReasonNeeded: Answer(400, "required", ("Appointment.cancelationReason",)),
    errors.TriageClosed: Answer(409, "conflict"),
    errors.TriageIncomplete: Answer(400, "required"),
    errors.WeekInvalid: Answer(400, "value"),
    errors.OrganisationUnknown: Answer(400, "value"),
    errors.DecisionIncomplete: Answer(400, "required"),
    errors.DecisionRecorded: Answer(409, "conflict"),
}


def refused(exc: errors.AppointmentRefused) -> FhirError:
    return refused_outcome(REFUSALS, exc)


def _patient(resource: JSON) -> str:
    for i, participant in enumerate(
        list_element(resource, "participant", expression="Appointment.participant")
    ):
        actor = participant.get("actor") if isinstance(participant, dict) else None
        if isinstance(actor, dict) and actor.get("type", "Patient") == "Patient":
            return patient_nhs_number(actor, expression=f"Appointment.participant[{i}].actor")
    raise invalid(
        "Name the child as a participant: "
        f'{{"actor": {{"type": "Patient", "identifier": {{"system": "{NHS_NUMBER_SYSTEM}", '
        '"value": "<NHS number>"}}}}.',
        expression=["Appointment.participant"],
        code="required",
    )


def _service(resource: JSON, *, setting_type: str) -> str:
    types = resource.get("serviceType")
    if types is None:
        fallback = default_service(setting_type=setting_type)
        if fallback is None:
            raise refused(errors.ServiceUnknown())
        return str(fallback)
    first = types[0] if isinstance(types, list) and types else None
    codings = first.get("coding") if isinstance(first, dict) else None
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and coding.get("system") == APPOINTMENT_SERVICE_SYSTEM:
            return str(coding.get("code", ""))
    raise invalid(
        f"Appointment.serviceType must have a coding from {APPOINTMENT_SERVICE_SYSTEM}.",
        expression=["Appointment.serviceType"],
    )


@router.post(
    "",
    response={
        201: Appointment,
        400: OperationOutcome,
        403: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    operation_id="appointmentCreate",
    summary="Book a child's appointment",
    description=(
        "Books an appointment with your own organisation or setting. participant names the "
        "child by NHS number; serviceType a code from "
        f"{APPOINTMENT_SERVICE_SYSTEM} (defaults to your setting's service); start is when. "
        "422 when no child you may see has that NHS number (not found and not allowed look "
        "the same); 400 for an invalid NHS number."
    ),
)
def appointment_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    resource = resource_body(request, resource_type="Appointment")
    nhs_number = _patient(resource)
    service = _service(resource, setting_type=actor.organisation.setting_type)
    start = string_element(resource, "start", expression="Appointment.start", required=True)
    starts_at = datetime_element(start, expression="Appointment.start")
    try:
        booked = appointment_book(
            actor=actor, nhs_number=nhs_number, service=service, starts_at=starts_at
        )
    except errors.AppointmentRefused as exc:
        raise refused(exc) from None
    found = appointment_get(actor=actor, appointment_id=booked.pk)
    assert found is not None
    return _answer(request, found, status=201)


def _answer(
    request: HttpRequest, appointment: AppointmentRecord, *, status: int = 200
) -> HttpResponse:
    location = f"{base_url(request)}Appointment/{appointment.pk}"
    return fhir_response(
        appointment_to_fhir(appointment),
        status=status,
        headers={"Location": location},
    )


def _outcome(resource: JSON) -> tuple[str, str]:
    status = string_element(resource, "status", expression="Appointment.status", required=True)
    if status == "noshow":
        return Outcome.WAS_NOT_BROUGHT, ""
    if status == "fulfilled":
        return Outcome.ATTENDED, ""
    if status != "cancelled":
        raise refused(
            errors.OutcomeUnknown(
                f"Appointment.status must be noshow, fulfilled or cancelled, not {echo(status)}."
            )
        )
    reason = resource.get("cancelationReason")
    codings = reason.get("coding") if isinstance(reason, dict) else None
    coding = codings[0] if isinstance(codings, list) and codings else {}
    code = coding.get("code", "") if isinstance(coding, dict) else ""
    text = (reason.get("text") if isinstance(reason, dict) else "") or ""
    if not code or not isinstance(text, str) or not text.strip():
        raise refused(
            errors.ReasonNeeded(
                "A cancellation needs Appointment.cancelationReason with a coding (pat... by the "
                "family, prov... by the service) and its text."
            )
        )
    return cancellation_outcome(str(code)), text


@router.put(
    "/{id}",
    response={
        200: Appointment,
        400: OperationOutcome,
        404: OperationOutcome,
        409: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    operation_id="appointmentUpdate",
    summary="Record what happened: noshow, fulfilled or cancelled",
    description=(
        "Records the outcome once. noshow records that the child was not brought: a triage task "
        "for the clinicians and, for a child on a plan or looked after, copies to the "
        "safeguarding team, the community practitioner and the council. 409 when an outcome "
        "is already recorded (it is not overwritten); 422 for noshow or fulfilled before the "
        "appointment starts; 404 when there is no such appointment of yours."
    ),
)
def appointment_update(
    request: HttpRequest,
    id: str = Path(..., description="The Appointment's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    appointment_id = database_id(id)
    if appointment_id is None:
        raise refused(errors.AppointmentNotFound())
    resource = resource_body(request, resource_type="Appointment")
    outcome, reason = _outcome(resource)
    try:
        appointment_outcome_record(
            actor=actor, appointment_id=appointment_id, outcome=outcome, reason=reason
        )
    except errors.AppointmentRefused as exc:
        raise refused(exc) from None
    found = appointment_get(actor=actor, appointment_id=appointment_id)
    assert found is not None
    return _answer(request, found)


@router.get(
    "/{id}",
    response={200: Appointment, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="appointmentRead",
    summary="Read one appointment by id",
    description="404 when there is no such appointment or you may not see the child. Audited.",
)
def appointment_read(
    request: HttpRequest,
    id: str = Path(..., description="The Appointment's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    appointment_id = database_id(id)
    found = (
        None
        if appointment_id is None
        else appointment_get(actor=actor, appointment_id=appointment_id)
    )
    if found is None:
        raise not_found("No appointment was found with this id.", expression=["Appointment.id"])
    return _answer(request, found)


@router.get(
    "",
    response={200: searchset_schema(Appointment), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="appointmentSearch",
    summary="A child's appointments with every service",
    description="Empty when there is no such child or you may not see them. Audited.",
)
def appointment_search(
    request: HttpRequest,
    patient_identifier: str | None = Query(
        None,
        alias="patient:identifier",
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
) -> HttpResponse:
    actor = api_actor(request)
    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE, by_reference=False)
    nhs_number = searched.nhs_number
    assert nhs_number is not None  # by identifier only
    child = child_get_by_nhs_number(actor=actor, nhs_number=nhs_number, purpose="fhir-appointments")
    rows = None if child is None else appointments_for_child(actor=actor, child_id=child.pk)
    base = base_url(request)
    matches = []
    for row in rows or []:
        assert child is not None  # rows are found only for a child
        row.child = child
        matches.append((f"{base}Appointment/{row.pk}", appointment_to_fhir(row)))
    return fhir_response(searchset(request, matches))
