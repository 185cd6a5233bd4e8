"""Flag: the protection-flag index through FHIR (issue 3 items 1 to 3; R-FLAG-1 to R-FLAG-4).

- ``POST /Flag``: a council's system records one flag (R-FLAG-2), with the same checks as a
  line of an upload file (``flag_record_submit``). Only the council's flag administrators may.
- ``PUT /Flag/{id}``: the council ends one of its flags (``flag_end``). A flag that does not
  exist and one held by another council get the same 404.
- ``GET /Flag?patient:identifier=...``: the child's flags as the registration banner shows them
  (open, "previously on a plan", and the shared risk flags), audited as a flag look-up
  (R-FLAG-3, R-FLAG-4). A look-up is a silent read: only registering an attendance tells the
  council (R-FLAG-5).

Status codes: 400 when the Flag is malformed (a malformed NHS number, an unknown plan code, a
date that is not a date, an end before the start: ``expression`` names the element); 422 when it
is well formed but breaks a rule of the index (no known person with that NHS number, a date of
birth that does not match, a start in the future); 403 when the caller may not record flags for
the council named as author.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import adults_traceable_by
from seenheard.children.models import Child
from seenheard.children.selectors import child_get, child_get_by_nhs_number
from seenheard.core import clock
from seenheard.encounters.selectors import mother_attended_at
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    JSON,
    echo,
    extension_value,
    list_element,
    object_element,
    patient_nhs_number,
    resource_body,
    string_element,
)
from seenheard.fhir.errors import FhirError, invalid, not_found
from seenheard.fhir.mappers.flag import (
    PLAN_BY_SNOMED,
    STATUS,
    FlagSubject,
    flag_from_risk,
    flag_from_shown,
    risk_flag_id,
)
from seenheard.fhir.registry import (
    Interaction,
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
from seenheard.fhir.schemas import Flag, OperationOutcome, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import (
    EXPECTED_DELIVERY_DATE_EXTENSION,
    FHIR_JSON,
    NHS_NUMBER_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    SNOMED_SYSTEM,
    SUBJECT_BIRTH_DATE_EXTENSION,
)
from seenheard.flags.errors import (
    CouncilUnknown,
    FlagNotHeld,
    FlagRecordRejected,
    FlagUploadRefused,
    GapNotOpen,
    GapReasonMissing,
    NotCouncilFlagAdministrator,
)
from seenheard.flags.models import PLAN_SNOMED, PlanType, ProtectionFlag
from seenheard.flags.rules import flag_state
from seenheard.flags.selectors import (
    FlagBanner,
    flag_holder,
    flag_lookup,
    mother_flag_lookup,
    shown_flag,
)
from seenheard.flags.services import flag_end, flag_record_submit
from seenheard.flags.upload.parse import RejectCode, parse_date

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"
BIRTH_DATE = f"Flag.extension('{SUBJECT_BIRTH_DATE_EXTENSION}')"
EXPECTED_DELIVERY = f"Flag.extension('{EXPECTED_DELIVERY_DATE_EXTENSION}')"
PLAN_CODES = ", ".join(f"{code} ({plan.label})" for plan, (code, _) in PLAN_SNOMED.items())

support = ResourceSupport(
    type="Flag",
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
                "The child, by NHS number, as "
                f"{NHS_NUMBER_SYSTEM}|<10 digits>; or a pregnant woman by hers, for an "
                "unborn child's plan. Give this or patient, exactly once. Returns the child's "
                "open flags, those ended within the last 12 months (status inactive: "
                "'previously on a plan'), and the shared risk flags. Every search is recorded "
                "as a look-up of the child's flag (R-FLAG-4)."
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
        SearchParam(
            name="status",
            type=SearchParamType.TOKEN,
            documentation="active or inactive (any of, comma-separated).",
            definition="http://hl7.org/fhir/SearchParameter/Flag-status",
        ),
    ),
    documentation=(
        "Protection flags (SNOMED CT 342191000000101 child protection plan, 764841000000100 "
        "looked after child, 818901000000100 unborn child on a child protection plan) and "
        "shared risk flags. Councils' flag administrators create flags (POST) and end them "
        "(PUT). A created Flag names its subject by NHS number (the mother's, for an unborn "
        "child's plan) and must carry the subject's date of birth in the extension "
        f"{SUBJECT_BIRTH_DATE_EXTENSION} (valueDate): a flag is only applied when the NHS "
        "number and date of birth both match a known person. The expected date of delivery "
        f"of an unborn child goes in {EXPECTED_DELIVERY_DATE_EXTENSION}. The author is the "
        f"council, by ONS code ({ONS_AREA_CODE_SYSTEM}); the council's office-hours and "
        "out-of-hours telephone numbers are in the contained Organization's contact."
    ),
)

router = ResourceRouter(support)

NOT_YOURS = "No flag with this id is held by your council."
NO_FLAG = "No flag was found with this id."

# -- OpenAPI request bodies (hand-written: the bodies are read by hand, see fhir.body) -------

_REFERENCE_BY_IDENTIFIER: dict[str, Any] = {
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
_PERIOD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
    },
}
_EXTENSIONS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["url"],
        "properties": {"url": {"type": "string"}, "valueDate": {"type": "string"}},
    },
}
_CODE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "coding": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"system": {"type": "string"}, "code": {"type": "string"}},
            },
        }
    },
}

FLAG_CREATE_EXAMPLE = {
    "resourceType": "Flag",
    "extension": [{"url": SUBJECT_BIRTH_DATE_EXTENSION, "valueDate": "2014-03-02"}],
    "status": "active",
    "code": {"coding": [{"system": SNOMED_SYSTEM, "code": "342191000000101"}]},
    "subject": {"reference": f"Patient?identifier={NHS_NUMBER_SYSTEM}|9990000018"},
    "period": {"start": "2025-06-01"},
    "author": {"identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": "E09000019"}},
}

FLAG_END_EXAMPLE = {"resourceType": "Flag", "status": "inactive", "period": {"end": "2026-01-31"}}


def _request_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                FHIR_JSON: {"schema": schema},
                "application/json": {"schema": schema},
            },
        }
    }


FLAG_CREATE_BODY = _request_body(
    {
        "type": "object",
        "required": ["resourceType", "status", "code", "subject", "period", "author"],
        "properties": {
            "resourceType": {"type": "string", "enum": ["Flag"]},
            "extension": _EXTENSIONS,
            "status": {"type": "string", "enum": ["active", "inactive"]},
            "code": _CODE,
            "subject": _REFERENCE_BY_IDENTIFIER,
            "period": _PERIOD,
            "author": _REFERENCE_BY_IDENTIFIER,
        },
        "example": FLAG_CREATE_EXAMPLE,
    },
    "One Flag from the council's case system.",
)

FLAG_END_BODY = _request_body(
    {
        "type": "object",
        "required": ["resourceType", "status", "period"],
        "properties": {
            "resourceType": {"type": "string", "enum": ["Flag"]},
            "id": {"type": "string"},
            "status": {"type": "string", "enum": ["inactive"]},
            "code": _CODE,
            "subject": _REFERENCE_BY_IDENTIFIER,
            "period": _PERIOD,
        },
        "example": FLAG_END_EXAMPLE,
    },
    "The Flag with status inactive and period.end. Any code, subject or period.start sent "
    "must be the flag's own: only ending a flag is supported.",
)

# -- reading a Flag from a council -----------------------------------------------------------


def _plan_type(flag: JSON) -> PlanType:
    code = object_element(flag, "code", expression="Flag.code", required=True)
    assert code is not None
    snomed = [
        c
        for c in list_element(code, "coding", expression="Flag.code.coding")
        if isinstance(c, dict) and c.get("system") == SNOMED_SYSTEM
    ]
    if not snomed:
        raise invalid(
            f"Flag.code needs a coding with system {SNOMED_SYSTEM} and one of the codes "
            f"{PLAN_CODES}.",
            expression=["Flag.code"],
            code="required",
        )
    plans = {PLAN_BY_SNOMED.get(str(c.get("code", ""))) for c in snomed}
    if None in plans:
        unknown = next(
            c.get("code") for c in snomed if PLAN_BY_SNOMED.get(str(c.get("code"))) is None
        )
        raise invalid(
            f"The plan code {echo(unknown)} is not one this index holds. Use one of the SNOMED "
            f"CT codes {PLAN_CODES}.",
            expression=["Flag.code"],
            code="code-invalid",
        )
    if len(plans) > 1:
        raise invalid(
            "Flag.code has codings for more than one kind of plan; send one Flag per plan.",
            expression=["Flag.code"],
        )
    (plan,) = plans
    assert plan is not None
    return plan


def _council_code(flag: JSON) -> str:
    author = object_element(flag, "author", expression="Flag.author", required=True)
    assert author is not None
    identifier = author.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != ONS_AREA_CODE_SYSTEM:
        raise invalid(
            "Flag.author must name the council by its ONS code: "
            f'{{"identifier": {{"system": "{ONS_AREA_CODE_SYSTEM}", "value": "E09000019"}}}}.',
            expression=["Flag.author"],
        )
    code = string_element(
        identifier, "value", expression="Flag.author.identifier.value", required=True
    )
    assert code is not None
    return code


def _period(flag: JSON, *, required: bool) -> JSON:
    period = object_element(flag, "period", expression="Flag.period", required=required)
    return period or {}


def _status(flag: JSON) -> str:
    status = string_element(flag, "status", expression="Flag.status", required=True)
    if status not in ("active", "inactive"):
        raise invalid(
            f"Flag.status must be active (an open plan) or inactive (an ended one), not "
            f"{echo(status)}. A record entered in error is removed by the council's upload "
            "file (delete Y).",
            expression=["Flag.status"],
            code="not-supported" if status == "entered-in-error" else "value",
        )
    return status


def _status_matches(*, sent: str, flag: ProtectionFlag) -> None:
    """R-FLAG-1: the status is the plan's state on its dates; a Flag that says otherwise
    contradicts itself, and is refused rather than half-believed."""
    today = clock.today()
    state = flag_state(start=flag.start_date, end=flag.end_date, today=today)
    actual = STATUS[state]
    if sent == actual:
        return
    if actual == "active":
        says = (
            "the plan has no end date"
            if flag.end_date is None
            else f"the plan ends on {flag.end_date}, after today"
        )
        raise invalid(
            f"Flag.status is inactive but {says}: send status active, or give period.end "
            "on or before today.",
            expression=["Flag.status"],
            code="invariant",
        )
    raise invalid(
        f"Flag.status is active but the plan ended on {flag.end_date}: send status inactive.",
        expression=["Flag.status"],
        code="invariant",
    )


# Rejections from the index -> (status, IssueType, expression). Well-formed Flags that break a
# rule of the index are 422, as the FHIR RESTful API says for business rules.
_REJECTIONS: dict[RejectCode, tuple[int, str, tuple[str, ...]]] = {
    RejectCode.INVALID_NHS_NUMBER: (400, "value", ("Flag.subject",)),
    RejectCode.INVALID_PLAN_TYPE: (400, "code-invalid", ("Flag.code",)),
    RejectCode.END_BEFORE_START: (400, "invariant", ("Flag.period.end",)),
    RejectCode.START_IN_FUTURE: (422, "business-rule", ("Flag.period.start",)),
    RejectCode.NO_MATCH: (422, "not-found", ("Flag.subject",)),
    RejectCode.DOB_MISMATCH: (422, "business-rule", ("Flag.subject", BIRTH_DATE)),
}

# invalid-date says which date by the column of the upload file it would be in.
_DATE_COLUMNS = {2: BIRTH_DATE, 4: "Flag.period.start", 5: "Flag.period.end"}


def _rejected(exc: FlagRecordRejected) -> FhirError:
    rejection = exc.rejection
    if rejection.code == RejectCode.INVALID_DATE:
        expression: tuple[str, ...] = (_DATE_COLUMNS.get(rejection.column, "Flag.period"),)
        return FhirError(400, code="value", diagnostics=rejection.message, expression=expression)
    status, code, expression = _REJECTIONS.get(rejection.code, (422, "business-rule", ()))
    return FhirError(status, code=code, diagnostics=rejection.message, expression=expression)


def _forbidden(exc: FlagUploadRefused) -> FhirError:
    return FhirError(403, code="forbidden", diagnostics=exc.message, expression=("Flag.author",))


def _not_yours(exc: FlagUploadRefused) -> FhirError:
    return not_found(NOT_YOURS, expression=["Flag.id"])


def _record_rejected(exc: FlagUploadRefused) -> FhirError:
    assert isinstance(exc, FlagRecordRejected)
    return _rejected(exc)


def _business_rule(exc: FlagUploadRefused) -> FhirError:
    return FhirError(422, code="business-rule", diagnostics=exc.message)


#: Every refusal of the flag index and the API's answer to it, in one place (ADR 025): the
#: rules are the services' alone; a test fails when a refusal in flags.errors has no row here.
REFUSALS: dict[type[FlagUploadRefused], Callable[[FlagUploadRefused], FhirError]] = {
    CouncilUnknown: _forbidden,
    NotCouncilFlagAdministrator: _forbidden,
    FlagNotHeld: _not_yours,
    FlagRecordRejected: _record_rejected,
    # The API does not close gaps (the uploads page does); the rows say how it would answer.
    GapNotOpen: _business_rule,
    GapReasonMissing: _business_rule,
}


def refused(exc: FlagUploadRefused) -> FhirError:
    """The OperationOutcome for a refusal of the flag index, from ``REFUSALS``."""
    kind = next(k for k in type(exc).__mro__ if k in REFUSALS)
    return REFUSALS[kind](exc)


def _may_manage_flags(actor: Actor, *, doing: str) -> None:
    """Refuse at once, before reading the body, anyone whose role never records flags."""
    if not policy_for(actor.role).manages_flags:
        raise FhirError(
            403,
            code="forbidden",
            diagnostics=f"Only a council's flag administrators can {doing}.",
        )


# -- responses ---------------------------------------------------------------------------------


def _flag_json_response(
    request: HttpRequest, flag: ProtectionFlag, *, status: int, location: bool = False
) -> HttpResponse:
    subject = FlagSubject(
        nhs_number=flag.nhs_number, patient_id=flag.child_id, birth_date=flag.date_of_birth
    )
    headers = {"Location": f"{base_url(request)}Flag/{flag.pk}"} if location else None
    return fhir_response(
        flag_from_shown(shown_flag(flag, area=api_actor(request).organisation), subject=subject),
        status=status,
        headers=headers,
    )


# -- routes ------------------------------------------------------------------------------------


@router.post(
    "",
    response={
        200: Flag,
        201: Flag,
        400: OperationOutcome,
        403: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra=FLAG_CREATE_BODY,
    operation_id="flagCreate",
    summary="Record one flag from a council's system",
    description=(
        "For the council's flag administrators (R-FLAG-2): the same checks as a line of an "
        "upload file. subject names the person by NHS number (the mother's, for an unborn "
        "child's plan, SNOMED CT 818901000000100), either as "
        f'{{"reference": "Patient?identifier={NHS_NUMBER_SYSTEM}|<NHS number>"}} or as '
        f'{{"identifier": {{"system": "{NHS_NUMBER_SYSTEM}", "value": "<NHS number>"}}}}; '
        f"the extension {SUBJECT_BIRTH_DATE_EXTENSION} (valueDate) gives their date of birth, "
        "which must match. period.start is required; status inactive needs period.end. "
        "201 Created with the Flag and a Location header (the address to PUT to end it); "
        "200 with the Flag when the same plan (NHS number, plan, start date) was already "
        "held, updated if anything differed. "
        "400 for a malformed Flag and 422 for a well-formed one that breaks a rule of the "
        "index (no known person, date of birth mismatch, start in the future), each naming "
        "the element in expression; 403 when you may not record flags for that council. "
        "Nothing is changed by a refused request."
    ),
)
def flag_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    _may_manage_flags(actor, doing="record flags")
    resource = resource_body(request, resource_type="Flag")
    status = _status(resource)
    plan = _plan_type(resource)
    subject = object_element(resource, "subject", expression="Flag.subject", required=True)
    assert subject is not None
    nhs_number = patient_nhs_number(subject, expression="Flag.subject")
    birth_date = extension_value(
        resource,
        url=SUBJECT_BIRTH_DATE_EXTENSION,
        value_key="valueDate",
        expression=BIRTH_DATE,
        resource_type="Flag",
    )
    if birth_date is None:
        raise invalid(
            f"Give the subject's date of birth in the extension {SUBJECT_BIRTH_DATE_EXTENSION} "
            "(valueDate, YYYY-MM-DD): a flag is only applied when the NHS number and date of "
            "birth both match a known person.",
            expression=[BIRTH_DATE],
            code="required",
        )
    period = _period(resource, required=True)
    start = string_element(period, "start", expression="Flag.period.start", required=True)
    end = string_element(period, "end", expression="Flag.period.end", required=status == "inactive")
    delivery = _expected_delivery(resource, plan=plan)
    council = _council_code(resource)
    started = clock.now()
    with transaction.atomic():
        try:
            flag = flag_record_submit(
                actor=actor,
                la_code=council,
                nhs_number=nhs_number,
                date_of_birth=birth_date,
                plan_type=str(plan),
                start_date=start or "",
                end_date=end or "",
                expected_delivery_date=delivery,
            )
        except FlagUploadRefused as exc:
            raise refused(exc) from None
        # Raised inside the transaction, so a contradictory Flag leaves nothing behind.
        _status_matches(sent=status, flag=flag)
    created = flag.created_at >= started
    return _flag_json_response(request, flag, status=201 if created else 200, location=created)


def _expected_delivery(resource: JSON, *, plan: PlanType) -> dt.date | None:
    text = extension_value(
        resource,
        url=EXPECTED_DELIVERY_DATE_EXTENSION,
        value_key="valueDate",
        expression=EXPECTED_DELIVERY,
        resource_type="Flag",
    )
    if text is None:
        return None
    if plan != PlanType.UCPP:
        raise invalid(
            "An expected date of delivery belongs only to an unborn child's plan "
            "(SNOMED CT 818901000000100).",
            expression=[EXPECTED_DELIVERY],
        )
    parsed = parse_date(text)
    if parsed is None:
        raise invalid(
            f"The expected date of delivery {echo(text)} is not a date in the form YYYY-MM-DD.",
            expression=[EXPECTED_DELIVERY],
            code="value",
        )
    return parsed


def _same_flag(resource: JSON, flag: ProtectionFlag, *, period: JSON) -> None:
    """An update may only end the flag: whatever else it says must be what is held."""
    if "code" in resource and _plan_type(resource) != flag.plan_type:
        raise invalid(
            "Flag.code differs from the flag held: only ending a flag is supported. Send a "
            "new Flag with POST for a different plan.",
            expression=["Flag.code"],
        )
    if "subject" in resource:
        subject = object_element(resource, "subject", expression="Flag.subject", required=True)
        assert subject is not None
        if patient_nhs_number(subject, expression="Flag.subject") != flag.nhs_number:
            raise invalid(
                "Flag.subject differs from the flag held: a flag cannot move to another person.",
                expression=["Flag.subject"],
            )
    start = period.get("start")
    if start is not None and start != flag.start_date.isoformat():
        raise invalid(
            f"Flag.period.start differs from the flag held ({flag.start_date}): only ending "
            "a flag is supported.",
            expression=["Flag.period.start"],
        )


@router.put(
    "/{id}",
    response={
        200: Flag,
        400: OperationOutcome,
        403: OperationOutcome,
        404: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra=FLAG_END_BODY,
    operation_id="flagEnd",
    summary="End one of your council's flags",
    description=(
        "Send the Flag with status inactive and period.end (on or before today; a planned "
        "end in the future keeps the flag active and is sent with POST). 404 when there is no "
        "such flag or another council holds it (the same answer). 403 for anyone who is not "
        "a flag administrator. Nothing is changed by a refused request."
    ),
)
def flag_update(
    request: HttpRequest,
    id: str = Path(..., description="The Flag's logical id (from Location).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    _may_manage_flags(actor, doing="end flags")
    resource = resource_body(request, resource_type="Flag")
    sent_id = resource.get("id")
    if sent_id is not None and sent_id != id:
        raise invalid(
            f"Flag.id {echo(sent_id)} is not the id in the address ({echo(id)}).",
            expression=["Flag.id"],
        )
    status = _status(resource)
    if status != "inactive":
        raise invalid(
            "Only ending a flag is supported here: send status inactive with period.end. A "
            "plan that starts again is sent as a new Flag with POST.",
            expression=["Flag.status"],
            code="not-supported",
        )
    period = _period(resource, required=True)
    end_text = string_element(period, "end", expression="Flag.period.end", required=True)
    end = parse_date(end_text or "")
    if end is None:
        raise invalid(
            f"Flag.period.end {echo(end_text)} is not a date in the form YYYY-MM-DD.",
            expression=["Flag.period.end"],
            code="value",
        )
    flag_id = database_id(id)
    if flag_id is None:
        raise not_found(NOT_YOURS, expression=["Flag.id"])
    with transaction.atomic():
        try:
            flag = flag_end(actor=actor, flag_id=flag_id, end_date=end)
        except FlagUploadRefused as exc:
            raise refused(exc) from None
        # Checked against the flag held, inside the transaction: a refusal undoes the end.
        _same_flag(resource, flag, period=period)
        _status_matches(sent=status, flag=flag)
    return _flag_json_response(request, flag, status=200)


FLAG_STATUSES = ("active", "inactive")


def _statuses(request: HttpRequest) -> frozenset[str] | None:
    """The ``status`` values asked for (any of, comma-separated); None for all."""
    values = request.GET.getlist("status")
    if not values:
        return None
    wanted = frozenset(v.strip() for value in values for v in value.split(","))
    unknown = sorted(wanted - set(FLAG_STATUSES))
    if unknown:
        raise invalid(
            f"status must be active or inactive, not {echo(unknown[0])}.",
            expression=["Flag.status"],
            code="value",
        )
    return wanted


def _child_banner(actor: Actor, child: Child) -> tuple[FlagSubject, FlagBanner] | None:
    """The child's flags as the banner shows them: the look-up is audited (R-FLAG-4)."""
    banner = flag_lookup(actor=actor, child_id=child.pk, purpose="fhir")
    if banner is None:
        return None
    subject = FlagSubject(
        nhs_number=child.nhs_number, patient_id=child.pk, birth_date=child.date_of_birth
    )
    return subject, banner


def _banner_by_nhs_number(actor: Actor, nhs_number: str) -> tuple[FlagSubject, FlagBanner] | None:
    child = child_get_by_nhs_number(actor=actor, nhs_number=nhs_number, purpose="fhir-flags")
    if child is not None:
        return _child_banner(actor, child)
    # Not a child's number: perhaps a pregnant woman's, under which a council holds an
    # unborn child's plan (UCPP, R-FLAG-1).
    found = mother_flag_lookup(actor=actor, nhs_number=nhs_number, purpose="fhir")
    if found is None:
        return None
    mother, banner = found
    return FlagSubject(nhs_number=nhs_number, birth_date=mother.date_of_birth), banner


def _banner_flags(
    request: HttpRequest, subject: FlagSubject, banner: FlagBanner
) -> list[tuple[str, FhirJson]]:
    base = base_url(request)
    flags: list[tuple[str, FhirJson]] = [
        (f"{base}Flag/{shown.flag_id}", flag_from_shown(shown, subject=subject))
        for shown in [*banner.open, *banner.previous]
    ]
    flags += [
        (f"{base}Flag/{risk_flag_id(risk)}", flag_from_risk(risk, subject=subject))
        for risk in banner.risks
    ]
    return flags


@router.get(
    "",
    response={200: searchset_schema(Flag), 400: OperationOutcome, **AUTH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="flagSearch",
    summary="A child's flags, as the registration banner shows them",
    description=(
        "A searchset Bundle of the child's flags: open plans (status active), plans ended in "
        "the last 12 months (status inactive: 'previously on a plan'), and shared risk flags, "
        "each with the council and both its telephone numbers (R-FLAG-3). Name the child "
        "once, by NHS number (patient:identifier) or by Patient reference (patient). Empty "
        "when there is no such child or you may not find them (the two look the same). Every "
        "search that finds the child is recorded as a look-up of the flag (R-FLAG-4); it does "
        "not notify the council (only registering an attendance does, R-FLAG-5)."
    ),
)
def flag_search(
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
    status: str | None = Query(
        None, description="active or inactive (or both, comma-separated).", example="active"
    ),
) -> HttpResponse:
    actor = api_actor(request)
    wanted: frozenset[str] | None = None

    def statuses() -> None:
        nonlocal wanted
        wanted = _statuses(request)

    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE, before=statuses)
    matches: list[tuple[str, FhirJson]] = []
    found: tuple[FlagSubject, FlagBanner] | None = None
    with transaction.atomic():
        if searched.nhs_number is not None:
            found = _banner_by_nhs_number(actor, searched.nhs_number)
        else:
            child_id = searched.child_id
            # The same rules as reading the Patient: a bare id reaches only a child the
            # caller may see (R-FLAG-10), audited as that read is.
            child = (
                None
                if child_id is None
                else child_get(actor=actor, child_id=child_id, purpose="fhir-flags")
            )
            found = None if child is None else _child_banner(actor, child)
    if found is not None:
        matches = _banner_flags(request, *found)
    if wanted is not None:
        matches = [(url, flag) for url, flag in matches if flag["status"] in wanted]
    return fhir_response(searchset(request, matches))


_RISK_ID = re.compile(r"risk-([1-9][0-9]{0,17})")


def _flag_owner(logical_id: str) -> tuple[int | None, int | None]:
    """Whom the Flag with this id is held against: (child id, mother id); (None, None) when
    no flag has this id."""
    risk = _RISK_ID.fullmatch(logical_id)
    if risk:
        return flag_holder(risk_flag_id=int(risk.group(1)))
    flag_id = database_id(logical_id)
    if flag_id is None:
        return None, None
    return flag_holder(flag_id=flag_id)


@router.get(
    "/{id}",
    response={200: Flag, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="flagRead",
    summary="Read one flag by id",
    description=(
        "One flag as the registration banner shows it (the fullUrl of a search's entry), for "
        "staff who may see the child; an unborn child's plan, for staff at a setting the "
        "pregnant woman has attended. 404 when there is no such flag, it is no longer shown "
        "(ended more than 12 months ago), or you may not see it (the same answer). Recorded "
        "as a look-up of the flag (R-FLAG-4)."
    ),
)
def flag_read(
    request: HttpRequest,
    id: str = Path(..., description="The Flag's logical id (from a search).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    child_id, mother_id = _flag_owner(id)
    found: tuple[FlagSubject, FlagBanner] | None = None
    with transaction.atomic():
        if child_id is not None:
            child = child_get(actor=actor, child_id=child_id, purpose="fhir-flag")
            found = None if child is None else _child_banner(actor, child)
        elif mother_id is not None and (
            # A bare id must not reach a woman the caller could not have found: only where
            # she has attended.
            mother_attended_at(mother_id=mother_id, setting=actor.organisation)
        ):
            mothers = adults_traceable_by(actor).filter(pk=mother_id)
            number = mothers.values_list("nhs_number", flat=True).first()
            found = None if number is None else _banner_by_nhs_number(actor, number)
    wanted = f"{base_url(request)}Flag/{id}"
    shown = [] if found is None else _banner_flags(request, *found)
    flag = next((f for url, f in shown if url == wanted), None)
    if flag is None:
        raise not_found(NO_FLAG, expression=["Flag.id"])
    return fhir_response(flag)
