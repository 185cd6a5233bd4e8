"""Every kind of response the API gives is valid against the official FHIR R4 JSON schema
(issue 7 section 5, ADR 023), and the check can fail."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from seenheard.children.models import Child
from seenheard.encounters.tests.factories import flag_add
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS, FhirAs
from seenheard.fhir.tests.r4_schema import r4_schema_errors
from seenheard.flags.models import PlanType

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
ENCOUNTER = {
    "resourceType": "Encounter",
    "status": "arrived",
    "subject": {"identifier": {"system": NHS, "value": AMELIA_NHS}},
    "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
}


def test_the_schema_finds_what_is_wrong() -> None:
    assert r4_schema_errors({"resourceType": "Patient", "birthDate": "2014-03-02"}) == []
    assert r4_schema_errors({"resourceType": "Patient", "birthDate": "2 March 2014"})
    assert r4_schema_errors({"resourceType": "Encounter", "status": "here"})
    assert r4_schema_errors({"resourceType": "Bundle", "type": "searchset", "total": "one"})


def test_every_kind_of_response_is_valid_r4(fhir_as: FhirAs, amelia: Child, noah: Child) -> None:
    flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))
    nurse, worker = fhir_as("ae.nurse"), fhir_as("social.worker")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {nurse.token}"}
    post: dict[str, Any] = {"content_type": "application/fhir+json", **auth}
    raw = Client()
    ours = [{"system": "urn:example:ids", "value": "1"}]
    created = raw.post("/fhir/R4/Encounter", json.dumps({**ENCOUNTER, "identifier": ours}), **post)
    encounter_path = created["Location"].removeprefix("http://testserver")
    flags = json.loads(worker.get(f"/fhir/R4/Flag?patient={amelia.pk}").content)
    flag_path = flags["entry"][0]["fullUrl"].removeprefix("http://testserver")
    query = f"{NHS}|{AMELIA_NHS}"
    responses: dict[str, Any] = {
        "capability statement": raw.get("/fhir/R4/metadata"),
        "patient search": nurse.get(f"/fhir/R4/Patient?identifier={query}"),
        "patient read": worker.get(f"/fhir/R4/Patient/{amelia.pk}"),
        "flag search": worker.get(f"/fhir/R4/Flag?patient:identifier={query}&_count=1"),
        "flag read": worker.get(flag_path),
        "encounter create": created,
        "encounter prefer outcome": raw.post(
            "/fhir/R4/Encounter",
            json.dumps(ENCOUNTER),
            HTTP_PREFER="return=OperationOutcome",
            **post,
        ),
        "encounter $register": raw.post(
            "/fhir/R4/Encounter/$register", json.dumps(ENCOUNTER), **post
        ),
        "encounter read": worker.get(encounter_path),
        "encounter search page": worker.get(
            f"/fhir/R4/Encounter?patient:identifier={query}&_count=1"
        ),
        "encounter count": worker.get(
            f"/fhir/R4/Encounter?patient:identifier={query}&_summary=count"
        ),
        "audit event search": worker.get(f"/fhir/R4/AuditEvent?patient:identifier={query}"),
        "400": nurse.get("/fhir/R4/Patient?identifier=nonsense"),
        "401": raw.get("/fhir/R4/Patient?identifier=x"),
        "404": worker.get("/fhir/R4/Encounter/999999"),
        "405": raw.delete("/fhir/R4/metadata"),
        "406": raw.get("/fhir/R4/metadata?_format=xml"),
        "409": raw.post(
            "/fhir/R4/Encounter/$register",
            json.dumps(
                {
                    **ENCOUNTER,
                    "identifier": ours,
                    "subject": {"identifier": {"system": NHS, "value": noah.nhs_number}},
                }
            ),
            **post,
        ),
        "413": raw.post("/fhir/R4/Encounter", "x" * 70_000, **post),
        "414": raw.get("/fhir/R4/metadata?" + "a" * 5000),
        "415": raw.post("/fhir/R4/Encounter", "{}", content_type="text/plain", **auth),
        "422": raw.post(
            "/fhir/R4/Encounter",
            json.dumps({**ENCOUNTER, "subject": {"reference": "Patient/999999"}}),
            **post,
        ),
        "431": raw.get("/fhir/R4/metadata", HTTP_X_PADDING="p" * 10_000),
    }
    for name, response in responses.items():
        if name.isdigit():
            assert response.status_code == int(name), (name, response.content[:300])
        else:
            assert response.status_code in (200, 201), (name, response.content[:300])
        data = json.loads(response.content)
        assert r4_schema_errors(data) == [], name
