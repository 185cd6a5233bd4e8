"""QuestionnaireResponse: a child's A&E or minor-injury record (R-REF-4).

``POST /QuestionnaireResponse`` with ``encounter`` naming an attendance at the caller's own
unscheduled-care setting writes its record, exactly as the record's page does: ``in-progress``
keeps what is sent so far (``attendance_record_save``); ``completed`` discharges the child
(``attendance_discharge``), and is refused with 422 and one OperationOutcome issue per missing
part, each naming its item, until the record is complete or says why it cannot be. Reads are
for staff who may see the child, audited. ``POST Encounter/{id}/$discharge`` discharges with
the record already saved. The mapping is ``fhir.mappers.questionnaireresponse``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path
from pydantic import BaseModel, ConfigDict

from seenheard.access.actor import Actor
from seenheard.encounters.errors import AttendanceNotFound, EncounterRefused
from seenheard.encounters.record.selectors import (
    RecordRead,
    attendance_record_get,
    attendance_record_read,
    questions_asked,
)
from seenheard.encounters.record.services import (
    Writable,
    attendance_discharge,
    attendance_record_check,
    attendance_record_save,
    record_input_of,
)
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import JSON, echo, list_element, object_element, resource_body
from seenheard.fhir.errors import invalid, not_found
from seenheard.fhir.mappers.questionnaireresponse import (
    RECORD_QUESTIONNAIRE,
    ItemProblem,
    element,
    questionnaire_response_from_record,
    record_input_from_items,
)
from seenheard.fhir.registry import Interaction, ResourceRouter, ResourceSupport
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import AUTH_ERRORS, base_url, database_id
from seenheard.fhir.routers.encounter.refusals import refused_response, registering
from seenheard.fhir.schemas import OperationOutcome, Reference

support = ResourceSupport(
    type="QuestionnaireResponse",
    interactions=(Interaction.READ, Interaction.CREATE),
    search_params=(),
    documentation=(
        "The A&E or minor-injury record of a child under 18 (questionnaire "
        f"{RECORD_QUESTIONNAIRE}): who came with them and whether they hold parental "
        "responsibility, the child's own account and whether it was taken apart, the risk "
        "questions for 16 and 17 year olds, the safeguarding prompts and the discharge; or why "
        "it could not be completed. POST with status in-progress keeps it; completed "
        "discharges the child, refused (422, an issue per missing item) until it is complete."
    ),
)

router = ResourceRouter(support)

NOT_FOUND = "No record was found with this id."
STATUSES = ("in-progress", "completed")


class QuestionnaireResponseSchema(BaseModel):
    """A child's A&E record (for the OpenAPI document; the mapper builds the JSON)."""

    model_config = ConfigDict(extra="allow")
    resourceType: Literal["QuestionnaireResponse"]
    id: str
    questionnaire: str
    status: Literal["in-progress", "completed", "stopped"]
    subject: Reference
    encounter: Reference
    authored: str
    author: Reference
    item: list[dict[str, Any]] | None = None


_ITEM = {
    "type": "object",
    "required": ["linkId"],
    "properties": {
        "linkId": {"type": "string"},
        "answer": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "valueString": {"type": "string"},
                    "valueCoding": {"type": "object", "properties": {"code": {"type": "string"}}},
                },
            },
        },
    },
}
_SCHEMA = {
    "type": "object",
    "required": ["resourceType", "status", "encounter"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["QuestionnaireResponse"]},
        "status": {"type": "string", "enum": list(STATUSES)},
        "encounter": {
            "type": "object",
            "required": ["reference"],
            "properties": {"reference": {"type": "string"}},
        },
        "item": {"type": "array", "items": _ITEM},
    },
    "example": {
        "resourceType": "QuestionnaireResponse",
        "status": "in-progress",
        "encounter": {"reference": "Encounter/1"},
        "item": [
            {"linkId": "came_with", "answer": [{"valueCoding": {"code": "adult"}}]},
            {"linkId": "adult_name", "answer": [{"valueString": "Dana Morgan"}]},
        ],
    },
}
CREATE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The record of one attendance, as far as it is written.",
        "content": {
            "application/fhir+json": {"schema": _SCHEMA},
            "application/json": {"schema": _SCHEMA},
        },
    }
}


def _encounter_id(resource: JSON) -> int:
    encounter = object_element(
        resource, "encounter", expression="QuestionnaireResponse.encounter", required=True
    )
    assert encounter is not None
    reference = encounter.get("reference")
    if not isinstance(reference, str) or not reference.startswith("Encounter/"):
        raise invalid(
            "QuestionnaireResponse.encounter must name the attendance as "
            f'{{"reference": "Encounter/<id>"}}, not {echo(reference)}.',
            expression=["QuestionnaireResponse.encounter"],
        )
    found = database_id(reference.removeprefix("Encounter/"))
    if found is None:
        raise refused_response(AttendanceNotFound())
    return found


def _status(resource: JSON) -> str:
    status = resource.get("status")
    if status not in STATUSES:
        raise invalid(
            "QuestionnaireResponse.status must be in-progress (keep the record so far) or "
            f"completed (discharge the child), not {echo(status)}.",
            expression=["QuestionnaireResponse.status"],
            code="value",
        )
    assert isinstance(status, str)
    return status


def _writable(actor: Actor, encounter_id: int) -> Writable:
    try:
        return attendance_record_check(actor=actor, encounter_id=encounter_id)
    except EncounterRefused as exc:
        raise refused_response(exc) from None


def _write(
    actor: Actor, encounter_id: int, writable: Writable, status: str, items: list[Any]
) -> None:
    try:
        record = record_input_from_items(items, writable.questions)
    except ItemProblem as exc:
        raise invalid(exc.message, expression=[element(exc.field)]) from None
    try:
        if status == "completed":
            attendance_discharge(actor=actor, encounter_id=encounter_id, record=record)
        else:
            attendance_record_save(actor=actor, encounter_id=encounter_id, record=record)
    except EncounterRefused as exc:
        raise refused_response(exc) from None


def _answer(request: HttpRequest, read: RecordRead, *, status: int = 200) -> HttpResponse:
    record = read.record
    assert record is not None
    questions = read.questions if read.writable else questions_asked(record)
    body = questionnaire_response_from_record(
        record,
        record_input_of(record),
        questions,
        nhs_number=read.child.nhs_number or "",
    )
    headers = {"Location": f"{base_url(request)}QuestionnaireResponse/{record.pk}"}
    return fhir_response(body, status=status, headers=headers if status == 201 else None)


@router.post(
    "",
    response={
        201: QuestionnaireResponseSchema,
        200: QuestionnaireResponseSchema,
        400: OperationOutcome,
        403: OperationOutcome,
        404: OperationOutcome,
        409: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra=CREATE_BODY,
    operation_id="questionnaireResponseCreate",
    summary="Write a child's A&E record, or discharge the child with it",
    description=(
        "R-REF-4. encounter: an attendance of a child under 18 registered at your own "
        "unscheduled-care setting. item: one per answer, linkId the field (read a record back "
        "to see them all); choices as valueCoding.code, text as valueString. status "
        "in-progress keeps the record as sent (the whole record each time; 201 the first "
        "time, with Location, then 200); completed discharges the child and answers the "
        "record completed (or stopped, when not_completed_reason says why it could not be "
        "completed). 400 for a malformed resource or an item the record does not have; 403 "
        "when your role does not register attendances; 404 for an attendance not registered "
        "at your setting (the same as none); 409 when the child has been discharged or left "
        "before being seen; 413 for a body over 64 KB; 415 when the body is not FHIR JSON; "
        "422 with one issue per missing or wrong item (text over 4,000 characters, an answer "
        "not on its list, or, with completed, every part still missing), or for an "
        "attendance that needs no record (an adult's, or scheduled care). Nothing changes "
        "when a request is refused."
    ),
)
def questionnaire_response_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    registering(actor)
    resource = resource_body(request, resource_type="QuestionnaireResponse")
    status = _status(resource)
    encounter_id = _encounter_id(resource)
    items = list_element(resource, "item", expression="QuestionnaireResponse.item")
    writable = _writable(actor, encounter_id)
    _write(actor, encounter_id, writable, status, items)
    after = attendance_record_get(actor=actor, encounter_id=encounter_id)
    assert after is not None
    return _answer(request, after, status=200 if writable.saved else 201)


@router.get(
    "/{id}",
    response={200: QuestionnaireResponseSchema, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="questionnaireResponseRead",
    summary="Read a child's A&E record",
    description=(
        "The record, for staff who may see the child and the staff of the setting that "
        "registered the attendance; 404 when there is no such record or you may not see it "
        "(the two look the same). Every read is recorded in the audit trail."
    ),
)
def questionnaire_response_read(
    request: HttpRequest,
    id: str = Path(..., description="The record's id (from Location).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    record_id = database_id(id)
    read = None if record_id is None else attendance_record_read(actor=actor, record_id=record_id)
    if read is None:
        raise not_found(NOT_FOUND, expression=["QuestionnaireResponse.id"])
    return _answer(request, read)
