"""Task: tasks between professionals through FHIR (R-REF-7).

- ``POST /Task``: give a task about a child the caller may see, to a team or a person, with a
  due date (``tasks.services.task_create``: the same checks, audit and messages as the page).
- ``GET /Task/{id}``: one task the caller owns, manages, or gave.
- ``GET /Task?patient:identifier=...|owner:identifier=...``: the caller's tasks about a child
  and/or of one owner (a team's organisation by ODS or ONS code, or a person by username).
- ``PUT /Task/{id}``: close it (status ``completed`` with the outcome in ``output``), or pass
  it on (status ``requested`` with another ``owner``). Completed without an outcome is refused;
  so is completing a kind that closes only with its app's decision (ADR 030: 422).

Every refusal of the service has one answer in ``REFUSALS`` (ADR 025); nothing changes when a
request is refused. A child the caller may not see is answered as one that does not exist.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from seenheard.access.actor import Actor
from seenheard.accounts.models import User
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import resource_body
from seenheard.fhir.errors import FhirError, invalid, not_found
from seenheard.fhir.mappers.task import People, task_resource
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
from seenheard.fhir.routers.task_body import (
    OwnerRef,
    OwnerSearch,
    TaskInput,
    owner_from,
    owner_search,
    task_create_input,
    task_update_input,
)
from seenheard.fhir.schemas import (
    CodeableConcept,
    OperationOutcome,
    Period,
    Reference,
    searchset_schema,
)
from seenheard.fhir.search import (
    searchset,
    single_param,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM, ODS_ORGANISATION_CODE_SYSTEM
from seenheard.tasks import errors
from seenheard.tasks.kinds import TaskKind, task_kind_label
from seenheard.tasks.models import Task
from seenheard.tasks.selectors import task_child, task_get, task_search
from seenheard.tasks.services import task_close, task_create, task_reassign

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"
OWNER_EXAMPLE = f"{ODS_ORGANISATION_CODE_SYSTEM}|RDEMO-HV"
NO_TASK = "No task was found with this id."

support = ResourceSupport(
    type="Task",
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
                f"The child, by NHS number, as {NHS_NUMBER_SYSTEM}|<10 digits>: your tasks "
                "about them (owned, managed or given by you). Give this, owner:identifier, "
                "or both."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
        SearchParam(
            name="owner:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                "Whose tasks: a team's organisation by ODS code "
                f"({ODS_ORGANISATION_CODE_SYSTEM}|<code>) or ONS code for a council, or a "
                "person by username (https://seenheard.example/fhir/Id/username|<username>)."
            ),
            definition="http://hl7.org/fhir/SearchParameter/Task-owner",
        ),
    ),
    documentation=(
        "Tasks between professionals about a child (R-REF-7): an owner (a team or a person), "
        "a due date (restriction.period.end), and an outcome when closed (output). An "
        "overdue task escalates to the owner's manager (businessStatus says so)."
    ),
)

router = ResourceRouter(support)


class TaskSchema(BaseModel):
    """A task about a child (for the OpenAPI document; the mapper builds the JSON)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    resourceType: Literal["Task"]
    id: str
    status: Literal["requested", "completed"]
    intent: Literal["order"]
    code: CodeableConcept
    description: str
    for_: Reference = Field(alias="for")
    authoredOn: str
    owner: Reference
    performerType: list[CodeableConcept] | None = None
    requester: Reference | None = None
    restriction: dict[str, Period] | None = None
    executionPeriod: Period | None = None


#: Every refusal of the tasks service and the API's answer (ADR 025). A test fails when a type
#: in tasks.errors has no row here. TaskTextTooLong names its own element (``_TEXT``).
REFUSALS: dict[type[errors.TaskRefused], Answer] = {
    errors.TaskChildNotFound: Answer(422, "not-found", ("Task.for",)),
    errors.TaskKindUnknown: Answer(400, "code-invalid", ("Task.code",)),
    errors.TaskOwnerMissing: Answer(400, "required", ("Task.owner",)),
    errors.TaskOwnerNotFound: Answer(422, "not-found", ("Task.owner",)),
    errors.TaskTitleMissing: Answer(400, "required", ("Task.description",)),
    errors.TaskTextTooLong: Answer(400, "too-long"),
    errors.TaskDueMissing: Answer(400, "required", ("Task.restriction.period.end",)),
    errors.TaskDueInPast: Answer(422, "business-rule", ("Task.restriction.period.end",)),
    errors.TaskOutcomeMissing: Answer(400, "required", ("Task.output",)),
    errors.TaskAlreadyClosed: Answer(409, "conflict", ("Task.status",)),
    errors.TaskOwnerUnchanged: Answer(422, "business-rule", ("Task.owner",)),
    # ADR 030: the task closes only with its app's decision (a rule, not a conflict of state).
    errors.TaskClosedOnItsPage: Answer(422, "business-rule", ("Task.status",)),
    errors.TaskKindRaisedElsewhere: Answer(422, "business-rule", ("Task.code",)),
}
_TEXT = {
    "title": "Task.description",
    "detail": "Task.note[0].text",
    "outcome": "Task.output[0].valueString",
    "note": "Task.note[0].text",
}


def refused(exc: errors.TaskRefused) -> FhirError:
    """The OperationOutcome for a refusal, from ``REFUSALS``."""
    if isinstance(exc, errors.TaskTextTooLong):
        return refused_outcome(REFUSALS, exc, expression=(_TEXT.get(exc.field, "Task"),))
    if isinstance(exc, errors.TaskClosedOnItsPage) and exc.href:
        return refused_outcome(REFUSALS, exc, diagnostics=f"{exc.message} ({exc.href})")
    return refused_outcome(REFUSALS, exc)


def _people(task: Task) -> People:
    ids = [i for i in (task.owner_user_id,) if i is not None]
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    by_name = {
        u.username: u
        for u in User.objects.filter(username__in=[task.created_by])
        if task.created_by not in ("", "system")
    }

    def label(user: User | None) -> tuple[str, str] | None:
        return None if user is None else (user.username, user.get_full_name() or user.username)

    return People(
        owner=label(users.get(task.owner_user_id)) if task.owner_user_id else None,
        requester=label(by_name.get(task.created_by)),
    )


def _json(task: Task) -> dict[str, object]:
    return task_resource(task, kind_label=task_kind_label(task.kind), people=_people(task))


def _response(request: HttpRequest, task: Task, *, status: int = 200) -> HttpResponse:
    headers = {"Location": f"{base_url(request)}Task/{task.pk}"} if status == 201 else None
    return fhir_response(_json(task), status=status, headers=headers)


def _child_id(actor: Actor, given: TaskInput) -> int:
    if given.child_id is not None:
        child = task_child(actor=actor, child_id=given.child_id)
    else:
        child = task_child(actor=actor, child_id=None, nhs_number=given.nhs_number)
    if child is None:
        raise refused(errors.TaskChildNotFound())
    return child.pk


@router.post(
    "",
    response={
        201: TaskSchema,
        400: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    operation_id="taskCreate",
    summary="Give a task about a child to a team or a person",
    description=(
        "status requested, intent order; for: the child (Patient reference or NHS number); "
        "description: what needs to be done (up to 200 characters); note[0].text: details "
        "(up to 4,000); restriction.period.end: the due date, today or later; owner: a team "
        f"(Organization by ODS code, {ODS_ORGANISATION_CODE_SYSTEM}, or ONS code for a "
        "council, with performerType naming the role) or a person (by username). 422 for a "
        "child you may not see (the same as one that does not exist), a due date in the "
        "past, an owner who cannot be found, or a code of a kind only its own service raises "
        "(a triage of a child not brought, for example). Nothing changes when a Task is "
        "refused."
    ),
)
def task_create_route(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    given = task_create_input(resource_body(request, resource_type="Task"))
    with transaction.atomic():
        try:
            child_id = _child_id(actor, given)
            owner = owner_from(given.owner)
            task = task_create(
                actor=actor,
                child_id=child_id,
                kind=given.kind or TaskKind.PROFESSIONAL,
                owner_org_id=owner.org_id,
                owner_role=owner.role,
                owner_user_id=owner.user_id,
                title=given.title,
                detail=given.detail,
                due_on=given.due_on,
            )
        except errors.TaskRefused as exc:
            raise refused(exc) from None
    return _response(request, task, status=201)


@router.get(
    "/{id}",
    response={200: TaskSchema, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="taskRead",
    summary="Read one task",
    description="404 when there is no such task or it is not yours to see (the same answer).",
)
def task_read(
    request: HttpRequest,
    id: str = Path(..., description="The Task's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    task_id = database_id(id)
    task = None if task_id is None else task_get(actor=actor, task_id=task_id)
    if task is None:
        raise not_found(NO_TASK, expression=["Task.id"])
    return _response(request, task)


@router.put(
    "/{id}",
    response={
        200: TaskSchema,
        400: OperationOutcome,
        404: OperationOutcome,
        409: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    operation_id="taskUpdate",
    summary="Close a task with its outcome, or pass it on",
    description=(
        "status completed with output[0].valueString (the outcome) closes the task; without "
        "an outcome it is refused (400 at Task.output). status requested with another owner "
        "passes it on (kept in its history). 404 when the task is not yours to change; 409 "
        "when it is already closed; 422 (business-rule at Task.status) for a kind that closes "
        "only with its service's own decision, recorded on its page (a triage of a child not "
        "brought, an SDQ's specialist review, an overdue referral decision): the diagnostics "
        "name the page and its address."
    ),
)
def task_update(
    request: HttpRequest,
    id: str = Path(..., description="The Task's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    change = task_update_input(resource_body(request, resource_type="Task"), id=id)
    task_id = database_id(id)
    if task_id is None:
        raise not_found(NO_TASK, expression=["Task.id"])
    with transaction.atomic():
        try:
            task = _apply(actor, task_id, change.status, change.outcome, change.owner)
        except errors.TaskRefused as exc:
            raise refused(exc) from None
    if task is None:
        raise not_found(NO_TASK, expression=["Task.id"])
    found = task_get(actor=actor, task_id=task.pk)
    return _response(request, found or task)


def _apply(
    actor: Actor, task_id: int, status: str, outcome: str, owner: OwnerRef | None
) -> Task | None:
    if status == "completed":
        return task_close(actor=actor, task_id=task_id, outcome=outcome)
    if owner is None:
        raise invalid(
            "To change a task, send status completed with the outcome, or status requested "
            "with its new owner.",
            expression=["Task.owner"],
            code="required",
        )
    new = owner_from(owner)
    return task_reassign(
        actor=actor,
        task_id=task_id,
        owner_org_id=new.org_id,
        owner_role=new.role,
        owner_user_id=new.user_id,
    )


@router.get(
    "",
    response={200: searchset_schema(TaskSchema), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="taskSearch",
    summary="Your tasks about a child, or of one owner",
    description=(
        "A searchset Bundle of the tasks you own, manage or gave, newest first, about the "
        "child (patient:identifier) and/or of the owner (owner:identifier). Empty when there "
        "is no such child or owner, or none is yours (the same answer)."
    ),
)
def task_search_route(
    request: HttpRequest,
    patient_identifier: str | None = Query(
        None, alias="patient:identifier", example=IDENTIFIER_EXAMPLE
    ),
    owner_identifier: str | None = Query(None, alias="owner:identifier", example=OWNER_EXAMPLE),
) -> HttpResponse:
    actor = api_actor(request)
    owner: OwnerSearch | None = None

    def owner_first() -> None:
        nonlocal owner
        if "patient:identifier" not in request.GET and "owner:identifier" not in request.GET:
            raise invalid(
                f"Say whose tasks to find: patient:identifier={IDENTIFIER_EXAMPLE} or "
                f"owner:identifier={OWNER_EXAMPLE}.",
                expression=["Task.patient"],
                code="required",
            )
        if "owner:identifier" in request.GET:
            raw = single_param(request, "owner:identifier", resource="Task", example=OWNER_EXAMPLE)
            owner = owner_search(raw)

    searched = patient_searched(
        request,
        support,
        example=IDENTIFIER_EXAMPLE,
        by_reference=False,
        required=False,
        before=owner_first,
    )
    child_id: int | None = None
    tasks: list[Task] = []
    with transaction.atomic():
        if searched.nhs_number is not None:
            child = task_child(actor=actor, child_id=None, nhs_number=searched.nhs_number)
            child_id = child.pk if child is not None else 0
        if child_id != 0 and (owner is None or owner.found):
            tasks = task_search(
                actor=actor,
                child_id=child_id,
                owner_org_id=owner.org_id if owner else None,
                owner_user_id=owner.user_id if owner else None,
            )
    base = base_url(request)
    return fhir_response(searchset(request, [(f"{base}Task/{t.pk}", _json(t)) for t in tasks]))
