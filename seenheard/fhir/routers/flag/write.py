"""POST /Flag (a council records one flag) and PUT /Flag/{id} (it ends one)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path

from seenheard.core import clock
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    echo,
    extension_value,
    object_element,
    patient_nhs_number,
    resource_body,
    string_element,
)
from seenheard.fhir.errors import invalid, not_found
from seenheard.fhir.mappers.flag import (
    FlagSubject,
    flag_from_shown,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    base_url,
    database_id,
)
from seenheard.fhir.routers.flag.bodies import FLAG_CREATE_BODY, FLAG_END_BODY
from seenheard.fhir.routers.flag.elements import (
    council_code,
    expected_delivery,
    period_of,
    plan_type,
    same_flag,
    status_matches,
    status_of,
)
from seenheard.fhir.routers.flag.refusals import may_manage_flags, refused
from seenheard.fhir.routers.flag.support import (
    BIRTH_DATE,
    NOT_YOURS,
    router,
)
from seenheard.fhir.schemas import Flag, OperationOutcome
from seenheard.fhir.systems import (
    NHS_NUMBER_SYSTEM,
    SUBJECT_BIRTH_DATE_EXTENSION,
)
from seenheard.flags.errors import (
    FlagUploadRefused,
)
from seenheard.flags.models import ProtectionFlag
from seenheard.flags.selectors import (
    shown_flag,
)
from seenheard.flags.services import flag_end, flag_record_submit
from seenheard.flags.upload.parse import parse_date


def flag_json_response(
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
    may_manage_flags(actor, doing="record flags")
    resource = resource_body(request, resource_type="Flag")
    status = status_of(resource)
    plan = plan_type(resource)
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
    period = period_of(resource, required=True)
    start = string_element(period, "start", expression="Flag.period.start", required=True)
    end = string_element(period, "end", expression="Flag.period.end", required=status == "inactive")
    delivery = expected_delivery(resource, plan=plan)
    council = council_code(resource)
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
        status_matches(sent=status, flag=flag)
    created = flag.created_at >= started
    return flag_json_response(request, flag, status=201 if created else 200, location=created)


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
    may_manage_flags(actor, doing="end flags")
    resource = resource_body(request, resource_type="Flag")
    sent_id = resource.get("id")
    if sent_id is not None and sent_id != id:
        raise invalid(
            f"Flag.id {echo(sent_id)} is not the id in the address ({echo(id)}).",
            expression=["Flag.id"],
        )
    status = status_of(resource)
    if status != "inactive":
        raise invalid(
            "Only ending a flag is supported here: send status inactive with period.end. A "
            "plan that starts again is sent as a new Flag with POST.",
            expression=["Flag.status"],
            code="not-supported",
        )
    period = period_of(resource, required=True)
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
        same_flag(resource, flag, period=period)
        status_matches(sent=status, flag=flag)
    return flag_json_response(request, flag, status=200)
