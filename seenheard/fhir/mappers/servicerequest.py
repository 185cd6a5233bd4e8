"""Referrals -> FHIR ServiceRequest (R-REF-1, R-REF-3), and where each part of a referral
travels in one. Pure; every answer is validated against the R4B model in the tests.

FHIR has elements for who the referral is about (``subject``), to whom (``performer``), the
service (``category``), why (``reasonCode.text``) and when (``authoredOn``). The parts the report
asks for that FHIR has no element for travel in this service's own extensions, one per part:
the risk to the child (what, how likely, how serious), what is working well, what the referrer
expects, the threshold level, the wider picture, consent or the lawful basis, the child's voice
and, once made, the decision.
"""

from __future__ import annotations

from typing import Any

from seenheard.accounts.models import Organisation, OrgKind
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import (
    NHS_NUMBER_SYSTEM,
    ODS_ORGANISATION_CODE_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
)
from seenheard.referrals.models import Referral, ReferralService, ReferralStatus
from seenheard.voice.models import ChildVoice

_BASE = "https://seenheard.example/fhir/StructureDefinition/"
RISK_EXTENSION = _BASE + "referral-risk"
WORKING_WELL_EXTENSION = _BASE + "referral-working-well"
EXPECTATION_EXTENSION = _BASE + "referral-expectation"
THRESHOLD_EXTENSION = _BASE + "referral-threshold-level"
WIDER_PICTURE_EXTENSION = _BASE + "referral-wider-picture"
CONSENT_EXTENSION = _BASE + "referral-consent"
CHILD_VOICE_EXTENSION = _BASE + "child-voice"
DECISION_EXTENSION = _BASE + "referral-decision"
SERVICE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/referral-service"
THRESHOLD_SYSTEM = "https://seenheard.example/fhir/CodeSystem/threshold-level"


def _ext(url: str, part: str = "") -> str:
    path = f"ServiceRequest.extension('{url}')"
    return f"{path}.extension('{part}')" if part else path


#: Where each part of a referral is, as a FHIRPath expression (for OperationOutcome issues).
ELEMENTS: dict[str, str] = {
    "subject": "ServiceRequest.subject",
    "service": "ServiceRequest.category",
    "receiving_org": "ServiceRequest.performer",
    "reason": "ServiceRequest.reasonCode.text",
    "risk_what": _ext(RISK_EXTENSION, "what"),
    "risk_likelihood": _ext(RISK_EXTENSION, "likelihood"),
    "risk_severity": _ext(RISK_EXTENSION, "severity"),
    "working_well": _ext(WORKING_WELL_EXTENSION),
    "expectation": _ext(EXPECTATION_EXTENSION),
    "threshold_level": _ext(THRESHOLD_EXTENSION),
    "wider_family": _ext(WIDER_PICTURE_EXTENSION, "family"),
    "wider_home": _ext(WIDER_PICTURE_EXTENSION, "home"),
    "wider_school": _ext(WIDER_PICTURE_EXTENSION, "school"),
    "wider_agencies": _ext(WIDER_PICTURE_EXTENSION, "agencies"),
    "consent": _ext(CONSENT_EXTENSION, "basis"),
    "lawful_basis": _ext(CONSENT_EXTENSION, "lawful-basis"),
    "voice.words": _ext(CHILD_VOICE_EXTENSION, "words"),
    "voice.methods": _ext(CHILD_VOICE_EXTENSION, "method"),
    "voice.communication_needs": _ext(CHILD_VOICE_EXTENSION, "communication-needs"),
    "voice.missing_reason": _ext(CHILD_VOICE_EXTENSION, "missing-reason"),
    "voice.missing_detail": _ext(CHILD_VOICE_EXTENSION, "missing-detail"),
}

#: The sub-extensions of each complex extension, and the referral field each one carries.
SUB_PARTS: dict[str, dict[str, str]] = {
    RISK_EXTENSION: {
        "what": "risk_what",
        "likelihood": "risk_likelihood",
        "severity": "risk_severity",
    },
    WIDER_PICTURE_EXTENSION: {
        "family": "wider_family",
        "home": "wider_home",
        "school": "wider_school",
        "agencies": "wider_agencies",
    },
    CONSENT_EXTENSION: {"basis": "consent", "lawful-basis": "lawful_basis"},
}
SIMPLE_PARTS: dict[str, str] = {
    WORKING_WELL_EXTENSION: "working_well",
    EXPECTATION_EXTENSION: "expectation",
}
CODES = {"risk_likelihood", "risk_severity", "consent"}

_STATUS = {
    ReferralStatus.DRAFT: "draft",
    ReferralStatus.SENT: "active",
    ReferralStatus.DECIDED: "completed",
}


def organisation_identifier(org: Organisation) -> dict[str, str]:
    """Councils by ONS area code, NHS bodies by ODS code."""
    system = (
        ONS_AREA_CODE_SYSTEM
        if org.kind == OrgKind.LOCAL_AUTHORITY
        else ODS_ORGANISATION_CODE_SYSTEM
    )
    return {"system": system, "value": org.code}


def _part(field: str, sub: str, value: str) -> dict[str, str] | None:
    if not value:
        return None
    return {"url": sub, ("valueCode" if field in CODES else "valueString"): value}


def _complex(url: str, parts: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    present = [p for p in parts if p is not None]
    return {"url": url, "extension": present} if present else None


def _voice(voice: ChildVoice) -> dict[str, Any] | None:
    parts: list[dict[str, Any] | None] = [
        {"url": "words", "valueString": voice.words} if voice.words else None,
        *({"url": "method", "valueCode": m} for m in voice.methods),
        {"url": "communication-needs", "valueString": voice.communication_needs}
        if voice.communication_needs
        else None,
        {"url": "missing-reason", "valueCode": voice.missing_reason}
        if voice.missing_reason
        else None,
        {"url": "missing-detail", "valueString": voice.missing_detail}
        if voice.missing_detail
        else None,
        {
            "url": "recorded-by",
            "valueString": f"{voice.recorded_by_name}, {voice.recorded_by_role}",
        },
        {"url": "recorded", "valueDateTime": fhir_instant(voice.recorded_at)},
    ]
    return _complex(CHILD_VOICE_EXTENSION, parts)


def _decision(referral: Referral) -> dict[str, Any] | None:
    decision = getattr(referral, "decision", None)
    if decision is None:
        return None
    return _complex(
        DECISION_EXTENSION,
        [
            {"url": "outcome", "valueCode": decision.outcome},
            {"url": "reasons", "valueString": decision.reasons},
            {"url": "redirected-to", "valueString": decision.redirected_to}
            if decision.redirected_to
            else None,
            {
                "url": "decided-by",
                "valueString": f"{decision.decided_by_name}, {decision.decided_by_role}",
            },
            {"url": "decided", "valueDateTime": fhir_instant(decision.decided_at)},
        ],
    )


def _extensions(referral: Referral) -> list[dict[str, Any]]:
    found: list[dict[str, Any] | None] = []
    for url, subs in SUB_PARTS.items():
        found.append(
            _complex(url, [_part(f, sub, getattr(referral, f)) for sub, f in subs.items()])
        )
    for url, field in SIMPLE_PARTS.items():
        value = getattr(referral, field)
        found.append({"url": url, "valueString": value} if value else None)
    if referral.threshold_level:
        coding = {"system": THRESHOLD_SYSTEM, "code": referral.threshold_level}
        if referral.threshold_name:
            coding["display"] = referral.threshold_name
        found.append({"url": THRESHOLD_EXTENSION, "valueCoding": coding})
    found.append(_voice(referral.voice) if referral.voice else None)
    found.append(_decision(referral))
    return [e for e in found if e is not None]


def service_request_from_referral(referral: Referral) -> FhirJson:  # R-REF-1, R-REF-3
    """A referral, with its child's voice and, once made, the decision."""
    resource: FhirJson = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "status": _STATUS[ReferralStatus(referral.status)],
        "intent": "order",
        "subject": {
            "reference": f"Patient/{referral.child_id}",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": referral.child.nhs_number},
        },
        "requester": {
            "display": f"{referral.referrer_name}, {referral.referrer_role}, "
            f"{referral.referrer_org.name}"
        },
    }
    extensions = _extensions(referral)
    if extensions:
        resource["extension"] = extensions
    if referral.service in ReferralService.values:
        resource["category"] = [
            {
                "coding": [
                    {
                        "system": SERVICE_SYSTEM,
                        "code": referral.service,
                        "display": ReferralService(referral.service).label,
                    }
                ]
            }
        ]
    if referral.sent_at:
        resource["authoredOn"] = fhir_instant(referral.sent_at)
    if referral.receiving_org:
        resource["performer"] = [
            {
                "identifier": organisation_identifier(referral.receiving_org),
                "display": referral.receiving_org.name,
            }
        ]
    if referral.reason:
        resource["reasonCode"] = [{"text": referral.reason}]
    return resource
