"""Encounter: registering an attendance, and a child's attendances across settings (issue 3
item 3; R-FLAG-3, R-FLAG-5 to R-FLAG-8).

``POST /Encounter`` calls ``encounter_register``, exactly as the registration page does: the
attendance, the council's alert for a child with an open flag (unscheduled care only), the
frequent-attendance review, the sexual-health task, and the audit of the look-up all happen in
its one transaction. The answer is what the page shows at once, as a collection Bundle: the new
Encounter, the child's Flags, the other attendances in the last 12 months and the recent
look-ups of the flag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation
from seenheard.children.selectors import child_get, child_get_by_nhs_number
from seenheard.core.memo import TtlCache
from seenheard.encounters.errors import (
    AttendanceAlreadyDischarged,
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    AttendanceNotUnscheduled,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RecordIncomplete,
    RecordNotNeeded,
    RecordProblems,
    RecordTooLong,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.models import Encounter as EncounterModel
from seenheard.encounters.record.services import attendance_discharge
from seenheard.encounters.rules import START_ALLOWANCE
from seenheard.encounters.selectors import (
    encounter_get,
    encounters_for_child,
    encounters_for_mother,
)
from seenheard.encounters.services import (
    Registration,
    encounter_left_before_seen,
    encounter_register,
    registering_setting_problem,
)
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    JSON,
    datetime_element,
    echo,
    object_element,
    patient_nhs_number,
    resource_body,
    string_element,
)
from seenheard.fhir.errors import FhirError, invalid, not_found, operation_outcome
from seenheard.fhir.mappers.auditevent import audit_event_from_flag_view, flag_view_urn
from seenheard.fhir.mappers.encounter import (
    REGISTRATION_STATUSES,
    collection_bundle,
    encounter_from_attendance,
)
from seenheard.fhir.mappers.flag import FlagSubject, flag_from_risk, flag_from_shown, risk_flag_id
from seenheard.fhir.mappers.questionnaireresponse import element
from seenheard.fhir.registry import (
    Interaction,
    Operation,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.responses import FhirJson, fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    RESULT_PARAMETERS,
    base_url,
    database_id,
    patient_searched,
)
from seenheard.fhir.schemas import Encounter, OperationOutcome, RegistrationBundle, searchset_schema
from seenheard.fhir.search import (
    searchset,
    token_parse,
)
from seenheard.fhir.systems import FHIR_JSON, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_CODE_SYSTEM

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"

support = ResourceSupport(
    type="Encounter",
    interactions=(Interaction.READ, Interaction.CREATE, Interaction.SEARCH_TYPE),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                "The child, by NHS number, as "
                f"{NHS_NUMBER_SYSTEM}|<10 digits>; or a pregnant woman by hers. Give this or "
                "patient, exactly once. Returns the attendances at every setting in the last "
                "12 months, newest first (R-FLAG-6), for staff who may see the child (or, for "
                "a woman, who may trace her)."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
        SearchParam(
            name="patient",
            type=SearchParamType.REFERENCE,
            documentation=(
                "The child, by Patient reference (Patient/<id>, <id>, or the full URL), for "
                "staff who may see the child (the same rules as reading the Patient). Give "
                "this or patient:identifier, exactly once."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
    ),
    documentation=(
        "Attendances at care settings. POST registers one at your own setting and answers "
        "with the Encounter (201, Location), or as 'Prefer: return=minimal' or "
        "'return=OperationOutcome' asks. Conditional create: 'If-None-Exist: "
        "identifier=<system>|<value>' matches the attendances you registered with that "
        "identifier (the same as sending it in Encounter.identifier); a match is answered "
        "with 200 and the attendance, and nothing new is registered. $register registers the "
        "same way and answers with what the registration page shows."
    ),
    operations=(
        Operation(
            name="discharge",
            documentation=(
                "POST Encounter/{id}/$discharge, with no body: discharge the child whose "
                "attendance at your own unscheduled-care setting this is (R-REF-4). For a child "
                "under 18 the A&E record (QuestionnaireResponse, written before) must be "
                "complete or say why it cannot be: otherwise 422 with one OperationOutcome "
                "issue per missing item, and nothing changes. Answers the Encounter finished."
            ),
        ),
        Operation(
            name="left-before-seen",
            documentation=(
                "POST Encounter/{id}/$left-before-seen, with no body: the child whose "
                "attendance at your own unscheduled-care setting this is left before being "
                "seen (R-WNB-4). The Encounter is answered finished, with "
                "hospitalization.dischargeDisposition coded as the Emergency Care Data Set's "
                "discharge status, SNOMED CT 1066301000000103 'Left care setting before initial "
                "assessment'; the child's GP practice and health visitor (under 5) or school "
                "nurse are each given a task. 404 for an attendance not registered at your "
                "setting, 422 for one at scheduled care, 409 when already recorded."
            ),
        ),
        Operation(
            name="register",
            documentation=(
                "POST Encounter/$register with the same Encounter as create: registers it and "
                "answers with a collection Bundle: the Encounter, the child's Flags, the other "
                "attendances in the last 12 months, and the recent look-ups of the flag "
                "(AuditEvents)."
            ),
        ),
    ),
    conditional_create=True,
)

router = ResourceRouter(support)

NO_CHILD = "No child was found with those details. Check the NHS number."
NOT_FOUND = "No attendance was found with this id."

ENCOUNTER_CREATE_EXAMPLE = {
    "resourceType": "Encounter",
    "status": "arrived",
    "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000018"}},
    "serviceProvider": {
        "identifier": {"system": ODS_ORGANISATION_CODE_SYSTEM, "value": "RDEMO-ED"}
    },
    "period": {"start": "2026-03-01T14:05:00Z"},
}

_REFERENCE = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "reference": {"type": "string"},
        "identifier": {
            "type": "object",
            "properties": {"system": {"type": "string"}, "value": {"type": "string"}},
        },
    },
}
_ENCOUNTER_CREATE_SCHEMA = {
    "type": "object",
    "required": ["resourceType", "status", "subject", "serviceProvider"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Encounter"]},
        "status": {"type": "string", "enum": list(REGISTRATION_STATUSES)},
        "subject": _REFERENCE,
        "serviceProvider": _REFERENCE,
        "period": {
            "type": "object",
            "properties": {"start": {"type": "string", "format": "date-time"}},
        },
        "identifier": {
            "type": "array",
            "minItems": 1,
            "description": (
                "Your own system's id for this attendance. Sending the same identifier again "
                "(a retry) returns the attendance already registered, with 200, and registers "
                "and notifies nothing new."
            ),
            "items": {
                "type": "object",
                "required": ["system", "value"],
                "properties": {
                    "system": {"type": "string", "minLength": 1},
                    "value": {"type": "string", "minLength": 1},
                },
            },
        },
    },
    "example": ENCOUNTER_CREATE_EXAMPLE,
}
ENCOUNTER_CREATE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The attendance: who, at which setting (yours), and when it started.",
        "content": {
            FHIR_JSON: {"schema": _ENCOUNTER_CREATE_SCHEMA},
            "application/json": {"schema": _ENCOUNTER_CREATE_SCHEMA},
        },
    }
}


@dataclass(frozen=True)
class _Answer:
    """The API's answer to one kind of refusal: the HTTP status, the OperationOutcome's issue
    code and the element at fault; ``diagnostics`` replaces the service's message when the API
    says it its own way (naming the element a client sends)."""

    status: int
    code: str
    expression: tuple[str, ...] = ()
    diagnostics: str | None = None


#: Every refusal of registration, and the API's answer to it: the one place the API decides
#: what a refusal looks like (ADR 025). The rules themselves are the service's alone; a test
#: fails when a refusal in encounters.errors has no row here.
REFUSALS: dict[type[EncounterRefused], _Answer] = {
    SettingCannotRegister: _Answer(403, "forbidden"),
    PersonNotNamed: _Answer(400, "required", ("Encounter.subject",)),
    PersonNotFound: _Answer(422, "not-found", ("Encounter.subject",), NO_CHILD),
    StartInFuture: _Answer(400, "value", ("Encounter.period.start",)),
    RequestKeyReused: _Answer(
        409,
        "conflict",
        ("Encounter.identifier",),
        "This Encounter.identifier already registered another child's attendance. "
        "Use a new identifier for a new attendance.",
    ),
    # The API always registers a repeat (a retry is the same identifier, ADR 022); the row is
    # here so that every refusal has one answer.
    RepeatRegistration: _Answer(409, "duplicate", ("Encounter.subject",)),
    # $left-before-seen (R-WNB-4): an attendance not registered at the caller's setting is
    # not found, as one that does not exist.
    AttendanceNotFound: _Answer(404, "not-found", ("Encounter.id",)),
    AttendanceNotUnscheduled: _Answer(422, "business-rule", ("Encounter.class",)),
    AttendanceAlreadyLeft: _Answer(409, "conflict", ("Encounter.status",)),
    # The child's A&E record and discharge (R-REF-4): each problem is its own issue, naming
    # its QuestionnaireResponse item (refused_response).
    AttendanceAlreadyDischarged: _Answer(409, "conflict", ("Encounter.status",)),
    RecordNotNeeded: _Answer(422, "business-rule", ("Encounter.subject",)),
    RecordProblems: _Answer(422, "required"),
    RecordIncomplete: _Answer(422, "required"),
    RecordTooLong: _Answer(422, "too-long"),
}


def refused(exc: EncounterRefused) -> FhirError:
    """The OperationOutcome for a refusal of registration, from ``REFUSALS``."""
    answer = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
    return FhirError(
        answer.status,
        code=answer.code,
        diagnostics=answer.diagnostics or exc.message,
        expression=answer.expression,
    )


class _Issues(FhirError):
    """A refusal with several problems: one OperationOutcome issue each."""

    def __init__(self, status: int, issues: list[dict[str, object]]) -> None:
        super().__init__(
            status, code=str(issues[0]["code"]), diagnostics=str(issues[0]["diagnostics"])
        )
        self.issues = issues

    def response(self) -> HttpResponse:
        outcome = {"resourceType": "OperationOutcome", "issue": self.issues}
        return fhir_response(outcome, status=self.status)


def refused_response(exc: EncounterRefused) -> FhirError:
    """As ``refused``; a record's problems (R-REF-4) each their own issue, naming its item."""
    if not isinstance(exc, RecordProblems) or not exc.problems:
        return refused(exc)
    answer = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
    issues: list[dict[str, object]] = []
    for problem in exc.problems:
        wrong = "characters or fewer" in problem.message or "from the list" in problem.message
        issues.append(
            {
                "severity": "error",
                "code": "value" if wrong and answer.code == "required" else answer.code,
                "diagnostics": problem.message,
                "expression": [element(problem.field)],
            }
        )
    return _Issues(answer.status, issues)


def _registering(actor: Actor) -> None:
    """Refused before the body is read when the actor does not register attendances."""
    problem = registering_setting_problem(actor)
    if problem:
        raise refused(SettingCannotRegister(problem))


registering = _registering


def _own_setting(resource: JSON, *, setting: Organisation) -> None:
    """The service provider must be the caller's own setting: attendances are registered by
    staff where the child is, never on another setting's behalf."""
    provider = object_element(
        resource, "serviceProvider", expression="Encounter.serviceProvider", required=True
    )
    assert provider is not None
    identifier = provider.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != ODS_ORGANISATION_CODE_SYSTEM:
        raise invalid(
            "Encounter.serviceProvider must name your setting by its ODS code: "
            f'{{"identifier": {{"system": "{ODS_ORGANISATION_CODE_SYSTEM}", '
            f'"value": "{setting.code}"}}}}.',
            expression=["Encounter.serviceProvider"],
        )
    code = string_element(
        identifier, "value", expression="Encounter.serviceProvider", required=True
    )
    if (code or "").upper() != setting.code.upper():
        raise FhirError(
            403,
            code="forbidden",
            diagnostics=(
                f"You can only register attendances at your own setting, {setting.name} "
                f"({setting.code}), not at {echo(code)}."
            ),
            expression=["Encounter.serviceProvider"],
        )


def _request_key(resource: JSON) -> str:
    """The client's own id for the attendance, as the key that makes a retry safe."""
    if "identifier" not in resource:
        return ""
    # FHIR JSON has no nulls and no empty arrays: an identifier that is null or [] is refused
    # like any other malformed one, as the OpenAPI schema says (array, at least one item).
    identifiers = resource["identifier"]
    first = identifiers[0] if isinstance(identifiers, list) and identifiers else None
    if not (
        isinstance(first, dict)
        and isinstance(first.get("system"), str)
        and isinstance(first.get("value"), str)
        and first["system"]
        and first["value"]
    ):
        raise invalid(
            'Encounter.identifier must be a list of {"system": ..., "value": ...}, the first '
            "being your system's id for this attendance.",
            expression=["Encounter.identifier"],
        )
    return _key_of(first["system"], first["value"])


def _key_of(system: str, value: str) -> str:
    return hashlib.sha256(f"{system}|{value}".encode()).hexdigest()


def _patient_id(subject: JSON) -> int | None:
    """The id in a literal reference ``Patient/{id}``; None for any other form. An id that
    cannot name a record is answered as a child who cannot be found."""
    reference = subject.get("reference")
    if not isinstance(reference, str) or not reference.startswith("Patient/"):
        return None
    child_id = database_id(reference.removeprefix("Patient/"))
    if child_id is None:
        raise refused(PersonNotFound())
    return child_id


def _started_at(resource: JSON) -> dt.datetime | None:
    period = object_element(resource, "period", expression="Encounter.period", required=False)
    if period is None or period.get("start") is None:
        return None
    return datetime_element(period["start"], expression="Encounter.period.start")


def _status(resource: JSON) -> str:
    status = string_element(resource, "status", expression="Encounter.status", required=True)
    if status not in REGISTRATION_STATUSES:
        raise invalid(
            "Encounter.status must be arrived or in-progress when an attendance is "
            f"registered, not {echo(status)}.",
            expression=["Encounter.status"],
            code="value",
        )
    assert status is not None
    return status


def _registration_bundle(base: str, reg: Registration) -> list[tuple[str, FhirJson]]:
    child = reg.child
    child_id = child.pk if child is not None else None
    mother_id = reg.mother.pk if reg.mother is not None else None
    nhs = reg.nhs_number
    person = child or reg.mother
    entries: list[tuple[str, FhirJson]] = [
        (
            f"{base}Encounter/{reg.encounter.pk}",
            encounter_from_attendance(reg.encounter, nhs_number=nhs),
        )
    ]
    subject = FlagSubject(
        nhs_number=nhs,
        patient_id=child_id,
        birth_date=person.date_of_birth if person is not None else None,
    )
    for shown in [*reg.banner.open, *reg.banner.previous]:
        entries.append((f"{base}Flag/{shown.flag_id}", flag_from_shown(shown, subject=subject)))
    for risk in reg.banner.risks:
        entries.append((f"{base}Flag/{risk_flag_id(risk)}", flag_from_risk(risk, subject=subject)))
    for attendance in reg.attendances:
        if attendance.pk != reg.encounter.pk:
            entries.append(
                (
                    f"{base}Encounter/{attendance.pk}",
                    encounter_from_attendance(attendance, nhs_number=nhs),
                )
            )
    kinds = _org_kinds({v.org_code for v in reg.recent_views})
    for view in reg.recent_views:
        entries.append(
            (
                flag_view_urn(view, child_id=child_id, mother_id=mother_id),
                audit_event_from_flag_view(
                    view, child_id=child_id, nhs_number=nhs, org_kind=kinds.get(view.org_code, "")
                ),
            )
        )
    return entries


_kinds: TtlCache[str] = TtlCache("org_kinds")


def _org_kinds(codes: set[str]) -> dict[str, str]:
    """Each looker's organisation kind, which decides its code system (ODS or ONS). An
    organisation's kind never changes, so it is remembered (core.memo)."""
    kinds = {code: _kinds.get(code) for code in codes}
    missing = [code for code, kind in kinds.items() if kind is None]
    if missing:
        for code, kind in Organisation.objects.filter(code__in=missing).values_list("code", "kind"):
            _kinds.set(code, kind)
            kinds[code] = kind
    return {code: kind for code, kind in kinds.items() if kind is not None}


_CREATE_DESCRIPTION = (
    "For staff at a care setting whose role registers attendances. subject names the "
    "child by NHS number, as "
    f'{{"identifier": {{"system": "{NHS_NUMBER_SYSTEM}", "value": "<NHS number>"}}}} or '
    f'{{"reference": "Patient?identifier={NHS_NUMBER_SYSTEM}|<NHS number>"}}, or by '
    'its Patient id, {"reference": "Patient/<id>"} (only a child you may already see, or '
    "found by NHS number in the last few minutes: an id alone reaches nobody); "
    "serviceProvider is your own setting by ODS code; period.start (a date and time with "
    "a time zone) defaults to now and cannot be more than "
    f"{START_ALLOWANCE.total_seconds() / 60:.0f} minutes ahead (400 at "
    "Encounter.period.start, checked before the child is looked for). status is arrived or "
    "in-progress, and is kept as sent. A child with an open flag attending unscheduled care "
    "is notified to the council (R-FLAG-5). Sending the same identifier again (a retry, or "
    "a conditional create with 'If-None-Exist: identifier=<system>|<value>') answers 200 "
    "with the attendance already registered and registers nothing new. 403 when your role or "
    "organisation does not register attendances or the serviceProvider is not your setting; "
    "409 when the identifier already registered another person's attendance; 422 when no "
    "child (or pregnant woman, whose unborn child's plan is held against her NHS number) "
    "you may find has that NHS number. Nothing is changed by a refused request."
)

_CREATE_ERRORS: dict[int, type[OperationOutcome]] = {
    400: OperationOutcome,
    403: OperationOutcome,
    409: OperationOutcome,
    413: OperationOutcome,
    415: OperationOutcome,
    422: OperationOutcome,
    **AUTH_ERRORS,
}

#: ``Prefer: return=...`` (RFC 7240, FHIR R4 http.html#ops): what a create answers with.
PREFER_RETURN = ("minimal", "representation", "OperationOutcome")


def _prefer_return(request: HttpRequest) -> str:
    """What the client asked create to answer with; ``representation`` unless it said."""
    for part in request.headers.get("Prefer", "").split(";"):
        for preference in part.split(","):
            name, _, value = preference.strip().partition("=")
            if name.strip().lower() == "return" and value.strip().strip('"') in PREFER_RETURN:
                return value.strip().strip('"')
    return "representation"


def _conditional_key(request: HttpRequest, resource: JSON) -> str:
    """The request key, from ``If-None-Exist: identifier=<system>|<value>`` (conditional
    create, ADR 023) or else from the Encounter's own identifier. The header may name only an
    identifier, and must agree with the one in the body."""
    header = request.headers.get("If-None-Exist")
    body_key = _request_key(resource)
    if header is None:
        return body_key
    pairs = parse_qsl(header.strip().removeprefix("?"), keep_blank_values=True)
    token = token_parse(pairs[0][1]) if len(pairs) == 1 and pairs[0][0] == "identifier" else None
    if token is None or not token.system or not token.code:
        raise invalid(
            "Conditional create here supports only 'If-None-Exist: identifier=<system>|<value>', "
            "naming your system's id for this attendance.",
            expression=["If-None-Exist"],
            code="not-supported",
        )
    key = _key_of(token.system, token.code)
    if body_key and body_key != key:
        raise invalid(
            "Encounter.identifier is not the identifier in If-None-Exist: send the same one in "
            "both, or leave one out.",
            expression=["Encounter.identifier"],
        )
    return key


def _register(request: HttpRequest) -> tuple[Registration, str]:
    """Check the posted Encounter and register it (encounter_register, one transaction).
    Returns the registration and the base URL; raises FhirError, having changed nothing."""
    actor = api_actor(request)
    _registering(actor)
    resource = resource_body(request, resource_type="Encounter")
    status = _status(resource)
    subject = object_element(resource, "subject", expression="Encounter.subject", required=True)
    assert subject is not None
    child_id = _patient_id(subject)
    nhs_number = (
        None
        if child_id is not None
        else patient_nhs_number(subject, expression="Encounter.subject")
    )
    _own_setting(resource, setting=actor.organisation)
    started_at = _started_at(resource)
    request_key = _conditional_key(request, resource)
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
    response={201: Encounter, 200: Encounter, **_CREATE_ERRORS},
    openapi_extra=ENCOUNTER_CREATE_BODY,
    by_alias=True,  # the schema's Encounter.class is a Python keyword, so it is an alias
    operation_id="encounterCreate",
    summary="Register an attendance",
    description=(
        _CREATE_DESCRIPTION
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
    prefer = _prefer_return(request)
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
    response={201: RegistrationBundle, 200: RegistrationBundle, **_CREATE_ERRORS},
    openapi_extra=ENCOUNTER_CREATE_BODY,
    by_alias=True,
    operation_id="encounterRegister",
    summary="Register an attendance, and see the flags at once",
    description=(
        _CREATE_DESCRIPTION
        + " 201 Created, with Location naming the Encounter, and a collection Bundle: the "
        "Encounter first, then the child's Flags (R-FLAG-3), the child's other attendances at "
        "any setting in the last 12 months (R-FLAG-6), and the recent look-ups of the flag as "
        "AuditEvents (R-FLAG-4)."
    ),
)
def encounter_register_operation(request: HttpRequest) -> HttpResponse:
    reg, base = _register(request)
    bundle = collection_bundle(entries=_registration_bundle(base, reg))
    return fhir_response(
        bundle,
        status=200 if reg.repeated else 201,
        headers={"Location": f"{base}Encounter/{reg.encounter.pk}"},
    )


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
    response={200: searchset_schema(Encounter), 400: OperationOutcome, **AUTH_ERRORS},
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
    _registering(actor)
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
    _registering(actor)
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
