"""ServiceRequest (R-REF-1, R-REF-3): a referral sent through the API is refused, storing
nothing, with one OperationOutcome issue per missing part naming its element; a complete one is
201 with Location; reads and the search by NHS number carry the decision once made."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from seenheard.fhir.mappers.servicerequest import (
    CHILD_VOICE_EXTENSION,
    CONSENT_EXTENSION,
    DECISION_EXTENSION,
    ELEMENTS,
    EXPECTATION_EXTENSION,
    RISK_EXTENSION,
    SERVICE_SYSTEM,
    THRESHOLD_EXTENSION,
    WIDER_PICTURE_EXTENSION,
    WORKING_WELL_EXTENSION,
)
from seenheard.fhir.tests.conftest import NHS, body
from seenheard.fhir.tests.writes import send
from seenheard.referrals.models import Referral
from seenheard.referrals.rules import DecisionInput
from seenheard.referrals.services import referral_decide
from seenheard.voice.models import ChildVoice

pytestmark = pytest.mark.django_db

NOAH = "9990000034"


def complete() -> dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
        "subject": {"identifier": {"system": NHS, "value": NOAH}},
        "category": [{"coding": [{"system": SERVICE_SYSTEM, "code": "childrens-social-care"}]}],
        "performer": [
            {
                "identifier": {
                    "system": "http://statistics.data.gov.uk/id/statistical-geography",
                    "value": "E09000019",
                }
            }
        ],
        "reasonCode": [{"text": "Bruising seen at a routine appointment."}],
        "extension": [
            {
                "url": RISK_EXTENSION,
                "extension": [
                    {"url": "what", "valueString": "Finger-tip bruises; he said Dad grabbed him."},
                    {"url": "likelihood", "valueCode": "happening"},
                    {"url": "severity", "valueCode": "serious"},
                ],
            },
            {"url": WORKING_WELL_EXTENSION, "valueString": "Good school attendance."},
            {"url": EXPECTATION_EXTENSION, "valueString": "A strategy discussion today."},
            {"url": THRESHOLD_EXTENSION, "valueCode": "child-protection"},
            {
                "url": WIDER_PICTURE_EXTENSION,
                "extension": [
                    {"url": "family", "valueString": "Mum, Dad, brother."},
                    {"url": "home", "valueString": "Flat."},
                    {"url": "school", "valueString": "Year 7."},
                    {"url": "agencies", "valueString": "None."},
                ],
            },
            {
                "url": CONSENT_EXTENSION,
                "extension": [
                    {"url": "basis", "valueCode": "not-sought"},
                    {"url": "lawful-basis", "valueString": "To protect the child from harm."},
                ],
            },
            {
                "url": CHILD_VOICE_EXTENSION,
                "extension": [
                    {"url": "words", "valueString": "I don't want to go home."},
                    {"url": "method", "valueCode": "seen-alone"},
                ],
            },
        ],
    }


def without(part: str) -> dict[str, Any]:
    """The complete ServiceRequest with one part taken out."""
    resource = copy.deepcopy(complete())
    top = {"service": "category", "receiving_org": "performer", "reason": "reasonCode"}
    if part in top:
        del resource[top[part]]
        return resource
    path = {
        "risk_what": (RISK_EXTENSION, "what"),
        "risk_likelihood": (RISK_EXTENSION, "likelihood"),
        "risk_severity": (RISK_EXTENSION, "severity"),
        "working_well": (WORKING_WELL_EXTENSION, None),
        "expectation": (EXPECTATION_EXTENSION, None),
        "threshold_level": (THRESHOLD_EXTENSION, None),
        "wider_family": (WIDER_PICTURE_EXTENSION, "family"),
        "wider_home": (WIDER_PICTURE_EXTENSION, "home"),
        "wider_school": (WIDER_PICTURE_EXTENSION, "school"),
        "wider_agencies": (WIDER_PICTURE_EXTENSION, "agencies"),
        "consent": (CONSENT_EXTENSION, "basis"),
        "lawful_basis": (CONSENT_EXTENSION, "lawful-basis"),
        "voice.words": (CHILD_VOICE_EXTENSION, "words"),
    }[part]
    url, sub = path
    for ext in resource["extension"]:
        if ext["url"] == url:
            if sub is None:
                resource["extension"].remove(ext)
            else:
                ext["extension"] = [e for e in ext["extension"] if e["url"] != sub]
            break
    return resource


PARTS = [
    "service",
    "receiving_org",
    "reason",
    "risk_what",
    "risk_likelihood",
    "risk_severity",
    "working_well",
    "expectation",
    "threshold_level",
    "voice.words",
    "wider_family",
    "wider_home",
    "wider_school",
    "wider_agencies",
    "consent",
    "lawful_basis",
]


@pytest.mark.parametrize("part", PARTS)
def test_each_missing_part_is_a_422_naming_its_element(fhir_as, part):
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", without(part))
    assert response.status_code == 422
    [issue] = body(response)["issue"]
    assert issue["expression"] == [ELEMENTS[part]]
    assert not Referral.objects.exists() and not ChildVoice.objects.exists()


def test_an_empty_referral_names_every_part(fhir_as):
    resource = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
        "subject": {"identifier": {"system": NHS, "value": NOAH}},
    }
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", resource)
    assert response.status_code == 422
    expressions = [i["expression"][0] for i in body(response)["issue"]]
    assert len(expressions) == 15  # every part but the lawful basis (no consent said yet)
    assert ELEMENTS["voice.words"] in expressions


def test_a_threshold_level_not_in_the_areas_document(fhir_as):
    resource = complete()
    for ext in resource["extension"]:
        if ext["url"] == THRESHOLD_EXTENSION:
            ext["valueCode"] = "level-9"
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", resource)
    [issue] = body(response)["issue"]
    assert response.status_code == 422 and issue["expression"] == [ELEMENTS["threshold_level"]]
    assert "Islington's threshold document" in issue["diagnostics"]


def test_a_long_text_is_refused_and_100kb_is_too_large(fhir_as):
    resource = complete()
    resource["reasonCode"] = [{"text": "x" * 9000}]
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", resource)
    assert response.status_code == 422
    assert "8,000 characters or fewer" in body(response)["issue"][0]["diagnostics"]
    resource["reasonCode"] = [{"text": "x" * 100_000}]
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", resource)
    assert response.status_code == 413
    assert not Referral.objects.exists()


def test_a_stranger_cannot_refer_a_child_they_cannot_see(fhir_as):
    response = send(fhir_as("stranger"), "post", "/fhir/R4/ServiceRequest", complete())
    assert response.status_code == 422
    [issue] = body(response)["issue"]
    assert issue["code"] == "not-found" and issue["expression"] == ["ServiceRequest.subject"]
    assert not Referral.objects.exists()


def test_a_complete_referral_is_sent_read_and_found_with_its_decision(fhir_as, la_social_worker):
    gp = fhir_as("gp")
    response = send(gp, "post", "/fhir/R4/ServiceRequest", complete())
    assert response.status_code == 201
    created = body(response)
    assert created["status"] == "active"
    assert response["Location"].endswith(f"/fhir/R4/ServiceRequest/{created['id']}")
    referral = Referral.objects.get()
    assert referral.voice is not None and referral.voice.words == "I don't want to go home."
    referral_decide(
        actor=la_social_worker,
        referral_id=referral.pk,
        decision=DecisionInput("assessment", "A child and family assessment is needed."),
    )
    read = body(gp.get(f"/fhir/R4/ServiceRequest/{referral.pk}"))
    assert read["status"] == "completed"
    [decision] = [e for e in read["extension"] if e["url"] == DECISION_EXTENSION]
    assert {"url": "outcome", "valueCode": "assessment"} in decision["extension"]
    found = body(gp.get(f"/fhir/R4/ServiceRequest?patient:identifier={NHS}|{NOAH}"))
    assert found["total"] == 1 and found["entry"][0]["resource"]["id"] == str(referral.pk)
    council = body(fhir_as("social.worker").get(f"/fhir/R4/ServiceRequest/{referral.pk}"))
    assert council["id"] == str(referral.pk)
    stranger = fhir_as("stranger")
    assert stranger.get(f"/fhir/R4/ServiceRequest/{referral.pk}").status_code == 404
    assert (
        body(stranger.get(f"/fhir/R4/ServiceRequest?patient:identifier={NHS}|{NOAH}"))["total"] == 0
    )


def test_script_is_returned_as_text(fhir_as):
    resource = complete()
    resource["reasonCode"] = [{"text": "<script>alert(1)</script>"}]
    response = send(fhir_as("gp"), "post", "/fhir/R4/ServiceRequest", resource)
    assert body(response)["reasonCode"] == [{"text": "<script>alert(1)</script>"}]
