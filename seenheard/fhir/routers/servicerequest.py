"""ServiceRequest: referrals (R-REF-1) and the receiving team's decision (R-REF-3).

``POST /ServiceRequest`` sends a referral exactly as the referral page does
(``referrals.services.referral_send``): nothing is stored unless every part is there, and an
incomplete one is answered 422 with one OperationOutcome issue per missing part, each naming
its element (``fhir.mappers.servicerequest.ELEMENTS``). Reads and the search by NHS number show
the decision once made; a referral is readable by its author and by the team it was sent to.
``POST ServiceRequest/{id}/$decide`` records the receiving team's decision exactly as the
referral's decide page does (``referrals.services.referral_decide``), with the same refusals.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.children.selectors import child_get_by_nhs_number
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import JSON, echo, object_element, patient_nhs_number, resource_body
from seenheard.fhir.errors import invalid, not_found
from seenheard.fhir.mappers.servicerequest import (
    CHILD_VOICE_EXTENSION,
    ELEMENTS,
    SIMPLE_PARTS,
    SUB_PARTS,
    THRESHOLD_EXTENSION,
    service_request_from_referral,
)
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
    SEARCH_ERRORS,
    base_url,
    database_id,
    patient_searched,
    refusal_row,
)
from seenheard.fhir.routers.servicerequest_decide import (
    DECISION_ELEMENTS,
    EXAMPLE,
    OUTCOME_CODES,
    decision_input_from,
)
from seenheard.fhir.schemas import OperationOutcome, ServiceRequest, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM
from seenheard.referrals import errors
from seenheard.referrals.rules import ReferralInput, ReferralProblem
from seenheard.referrals.selectors import (
    receiving_org_by_code,
    referral_get,
    referrals_by_nhs_number,
)
from seenheard.referrals.services import referral_decide, referral_send
from seenheard.voice.rules import VoiceInput

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000034"
NOT_FOUND = "No referral was found with this id."
NO_CHILD = "No child you may refer was found with this NHS number."

support = ResourceSupport(
    type="ServiceRequest",
    interactions=(Interaction.READ, Interaction.SEARCH_TYPE, Interaction.CREATE),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                f"Required, exactly once: the child's NHS number, as {NHS_NUMBER_SYSTEM}|<10 "
                "digits>. Returns the sent referrals about the child that you made or that were "
                "sent to your team, newest first, each with its decision once made."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
    ),
    documentation=(
        "Referrals to children's social care (or the MASH), early help, CAMHS and sexual "
        "health. POST sends one: every part the referral needs is required (422 names each "
        "missing element). The decision is in the referral-decision extension; the team it "
        "was sent to records it with $decide."
    ),
    operations=(
        Operation(
            name="decide",
            documentation=(
                "POST ServiceRequest/{id}/$decide with a Parameters resource: outcome "
                f"(valueCode: {OUTCOME_CODES}), reasons (valueString) and, for 'redirected', "
                "redirectedTo (valueString): the receiving team's decision (R-REF-3), once. "
                "The referrer is told in their inbox and by e-mail. 200 with the "
                "ServiceRequest, now completed with its referral-decision extension; 400 for a "
                "malformed Parameters; 404 when there is no such referral or it was not sent "
                "to your team (the same); 409 when it has already been decided; 422 with one "
                "issue per missing or wrong part, naming its parameter; nothing is changed by a "
                "refusal."
            ),
        ),
    ),
)

router = ResourceRouter(support)

#: How the API answers each refusal (ADR 025): status, issue code, element.
REFUSALS: dict[type[errors.ReferralRefused], tuple[int, str, str]] = {
    errors.ReferralRefused: (422, "processing", ""),
    errors.ReferralNotFound: (422, "not-found", "ServiceRequest.subject"),
    errors.ReferralNotReceived: (404, "not-found", "ServiceRequest.id"),
    errors.ReferralProblems: (422, "required", ""),
    errors.ReferralIncomplete: (422, "required", ""),
    errors.ReferralTooLong: (422, "too-long", ""),
    errors.DecisionIncomplete: (422, "required", ""),
    # The audit has no API; the row is here so every refusal has one answer (ADR 025).
    errors.AuditIncomplete: (422, "required", ""),
    errors.ReferralNotDraft: (409, "conflict", ""),
    errors.ReferralAlreadyDecided: (409, "conflict", ""),
}


def _issue(problem: ReferralProblem, code: str, elements: dict[str, str]) -> dict[str, Any]:
    known = problem.field
    issue_code = code
    if code == "required" and ("must be" in problem.message or "from the list" in problem.message):
        issue_code = "value"
    issue: dict[str, Any] = {
        "severity": "error",
        "code": issue_code,
        "diagnostics": problem.message,
    }
    if known in elements:
        issue["expression"] = [elements[known]]
    return issue


def refused(exc: errors.ReferralRefused) -> HttpResponse:
    """The OperationOutcome for a refusal: one issue per problem, each naming its element."""
    status, code, expression = refusal_row(REFUSALS, exc)
    if isinstance(exc, errors.ReferralProblems):
        elements = DECISION_ELEMENTS if isinstance(exc, errors.DecisionIncomplete) else ELEMENTS
        issues = [_issue(p, code, elements) for p in exc.problems]
    else:
        diagnostics = NO_CHILD if type(exc) is errors.ReferralNotFound else exc.message
        issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": diagnostics}
        if expression:
            issue["expression"] = [expression]
        issues = [issue]
    return fhir_response({"resourceType": "OperationOutcome", "issue": issues}, status=status)


def _text(parent: JSON, name: str, *, expression: str) -> str:
    """A text value, or "" when absent (the service names what is missing)."""
    value = parent.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(f"{expression} must be text, not {echo(value)}.", expression=[expression])
    return value


def _extensions(parent: JSON, *, expression: str) -> dict[str, list[JSON]]:
    items = parent.get("extension", [])
    if not isinstance(items, list) or not all(
        isinstance(e, dict) and isinstance(e.get("url"), str) for e in items
    ):
        raise invalid(
            f"{expression}.extension must be a list of extensions, each with a url.",
            expression=[f"{expression}.extension"],
        )
    found: dict[str, list[JSON]] = {}
    for item in items:
        found.setdefault(item["url"], []).append(item)
    return found


def _ext_value(ext: JSON, *, expression: str) -> str:
    for key in ("valueString", "valueCode"):
        if key in ext:
            return _text(ext, key, expression=expression)
    coding = ext.get("valueCoding")
    if isinstance(coding, dict):
        return _text(coding, "code", expression=expression)
    return ""


def _first(found: dict[str, list[JSON]], url: str) -> JSON:
    return found.get(url, [{}])[0]


def _parts(resource: JSON) -> dict[str, str]:
    top = _extensions(resource, expression="ServiceRequest")
    values: dict[str, str] = {}
    for url, subs in SUB_PARTS.items():
        inner = _extensions(_first(top, url), expression=ELEMENTS[next(iter(subs.values()))])
        for sub, field in subs.items():
            values[field] = _ext_value(_first(inner, sub), expression=ELEMENTS[field])
    for url, field in SIMPLE_PARTS.items():
        values[field] = _ext_value(_first(top, url), expression=ELEMENTS[field])
    values["threshold_level"] = _ext_value(
        _first(top, THRESHOLD_EXTENSION), expression=ELEMENTS["threshold_level"]
    )
    voice = _extensions(_first(top, CHILD_VOICE_EXTENSION), expression=ELEMENTS["voice.words"])
    for sub in ("words", "communication-needs", "missing-reason", "missing-detail"):
        field = "voice." + sub.replace("-", "_")
        values[field] = _ext_value(_first(voice, sub), expression=ELEMENTS[field])
    values["voice.methods"] = "\n".join(
        _ext_value(m, expression=ELEMENTS["voice.methods"]) for m in voice.get("method", [])
    )
    return values


def _service(resource: JSON) -> str:
    categories = resource.get("category") or []
    if not isinstance(categories, list):
        raise invalid(
            "ServiceRequest.category must be a list.", expression=["ServiceRequest.category"]
        )
    for category in categories:
        codings = category.get("coding") if isinstance(category, dict) else None
        for coding in codings if isinstance(codings, list) else []:
            if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                return str(coding["code"])
    return ""


def _receiving_org_id(resource: JSON) -> int | None:
    performers = resource.get("performer") or []
    if not isinstance(performers, list):
        raise invalid(
            "ServiceRequest.performer must be a list.", expression=["ServiceRequest.performer"]
        )
    for performer in performers:
        identifier = performer.get("identifier") if isinstance(performer, dict) else None
        if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
            org = receiving_org_by_code(identifier["value"])
            return org.pk if org else None
    return None


def _reason(resource: JSON) -> str:
    reasons = resource.get("reasonCode") or []
    if not isinstance(reasons, list):
        raise invalid(
            "ServiceRequest.reasonCode must be a list.", expression=["ServiceRequest.reasonCode"]
        )
    texts = [
        r.get("text") for r in reasons if isinstance(r, dict) and isinstance(r.get("text"), str)
    ]
    return "\n".join(str(t) for t in texts)


def referral_input_from(resource: JSON) -> ReferralInput:
    """The referral a ServiceRequest sends (parts left out are empty, for the service to name)."""
    parts = _parts(resource)
    return ReferralInput(
        service=_service(resource),
        receiving_org_id=_receiving_org_id(resource),
        reason=_reason(resource),
        **{k: v for k, v in parts.items() if not k.startswith("voice.")},
        voice=VoiceInput(
            words=parts["voice.words"],
            methods=tuple(m for m in parts["voice.methods"].split("\n") if m),
            communication_needs=parts["voice.communication_needs"],
            missing_reason=parts["voice.missing_reason"],
            missing_detail=parts["voice.missing_detail"],
        ),
    )


@router.post(
    "",
    response={
        201: ServiceRequest,
        400: OperationOutcome,
        409: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    operation_id="serviceRequestCreate",
    summary="Send a referral",
    description=(
        "Sends a referral about a child you may see. Every part is required: category (the "
        "service), performer (the receiving team by ODS or ONS code), reasonCode.text, and the "
        "referral-risk, referral-working-well, referral-expectation, referral-threshold-level, "
        "referral-wider-picture, referral-consent and child-voice extensions. 422 with one "
        "issue per missing part, naming its element; nothing is stored. 201 with Location."
    ),
)
def service_request_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    resource = resource_body(request, resource_type="ServiceRequest")
    subject = object_element(
        resource, "subject", expression="ServiceRequest.subject", required=True
    )
    assert subject is not None
    nhs_number = patient_nhs_number(subject, expression="ServiceRequest.subject")
    data = referral_input_from(resource)
    child = child_get_by_nhs_number(actor=actor, nhs_number=nhs_number, purpose="fhir-referral")
    if child is None:
        return refused(errors.ReferralNotFound())
    try:
        referral = referral_send(actor=actor, child_id=child.pk, data=data)
    except errors.ReferralRefused as exc:
        return refused(exc)
    found = referral_get(actor=actor, referral_id=referral.pk, purpose="fhir-create")
    assert found is not None
    return fhir_response(
        service_request_from_referral(found),
        status=201,
        headers={"Location": f"{base_url(request)}ServiceRequest/{referral.pk}"},
    )


@router.get(
    "/{id}",
    response={200: ServiceRequest, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="serviceRequestRead",
    summary="Read a referral, with its decision",
    description="404 when there is no such referral or you may not read it (the same). Audited.",
)
def service_request_read(
    request: HttpRequest,
    id: str = Path(..., description="The ServiceRequest's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    referral_id = database_id(id)
    found = (
        None
        if referral_id is None
        else referral_get(actor=actor, referral_id=referral_id, purpose="fhir")
    )
    if found is None:
        raise not_found(NOT_FOUND, expression=["ServiceRequest.id"])
    return fhir_response(service_request_from_referral(found))


@router.get(
    "",
    response={200: searchset_schema(ServiceRequest), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="serviceRequestSearch",
    summary="A child's referrals, with their decisions",
    description="A searchset Bundle, newest first; empty when there is none you may read.",
)
def service_request_search(
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
    base = base_url(request)
    matches: list[tuple[str, FhirJson]] = [
        (f"{base}ServiceRequest/{r.pk}", service_request_from_referral(r))
        for r in referrals_by_nhs_number(actor=actor, nhs_number=nhs_number)
    ]
    return fhir_response(searchset(request, matches))


@router.post(
    "/{id}/$decide",
    response={
        200: ServiceRequest,
        400: OperationOutcome,
        404: OperationOutcome,
        409: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A Parameters resource: outcome, reasons and, when redirected, "
            "redirectedTo.",
            "content": {
                media: {"schema": {"type": "object"}, "example": EXAMPLE}
                for media in ("application/fhir+json", "application/json")
            },
        }
    },
    operation_id="serviceRequestDecide",
    summary="Record the receiving team's decision on a referral",
    description=(
        "R-REF-3: the team the referral was sent to records its decision, once, with a "
        "Parameters resource: outcome (valueCode: "
        f"{OUTCOME_CODES}), reasons (valueString) and, for 'redirected', redirectedTo "
        "(valueString). The referrer is told (inbox and e-mail, naming no child). 200 with the "
        "ServiceRequest (status completed, the referral-decision extension). 400 when the "
        "body is not a well-formed Parameters resource; 404 when there is no such referral or "
        "it was not sent to your team (the two look the same); 409 when it has already been "
        "decided; 413 when the body is too large; 415 when it is not FHIR JSON; 422 with one "
        "issue per missing or wrong part, naming its parameter. A refusal changes nothing."
    ),
)
def service_request_decide(
    request: HttpRequest,
    id: str = Path(..., description="The ServiceRequest's logical id.", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    referral_id = database_id(id)
    decision = decision_input_from(resource_body(request, resource_type="Parameters"))
    try:
        if referral_id is None:
            raise errors.ReferralNotReceived()
        referral_decide(actor=actor, referral_id=referral_id, decision=decision)
    except errors.ReferralRefused as exc:
        return refused(exc)
    found = referral_get(actor=actor, referral_id=referral_id, purpose="fhir-decide")
    assert found is not None
    return fhir_response(service_request_from_referral(found))
