"""Every error is an OperationOutcome (unknown routes, wrong methods, unexpected failures), and
the OpenAPI schema and docs are served and honest."""

from __future__ import annotations

import json
from typing import NoReturn

import pytest
from django.test import Client

from seenheard.children.models import Child
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS, FhirAs, body


@pytest.mark.parametrize(
    "path",
    ["/fhir/R4/MedicationRequest", "/fhir/R4/", "/fhir/R4/Patient/1/_history", "/fhir/R4/x/y/z"],
)
def test_an_unknown_address_is_a_fhir_404(path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 404
    issue = body(response)["issue"][0]
    assert issue["code"] == "not-found"
    assert "/fhir/R4/metadata" in issue["diagnostics"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_method_a_route_does_not_serve_is_a_fhir_405(method: str) -> None:
    response = getattr(Client(), method)("/fhir/R4/Patient", content_type="application/fhir+json")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    issue = body(response)["issue"][0]
    assert issue["code"] == "not-supported"
    assert method.upper() in issue["diagnostics"]


@pytest.mark.django_db
def test_an_unexpected_failure_is_a_fhir_500_that_reveals_nothing(
    fhir_as: FhirAs, amelia: Child, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> NoReturn:
        raise RuntimeError("database on fire at /secret/path")

    monkeypatch.setattr("seenheard.fhir.routers.patient.child_get", broken)

    response = fhir_as("lac.nurse").get(f"/fhir/R4/Patient/{amelia.pk}")

    assert response.status_code == 500
    issue = body(response)["issue"][0]
    assert issue["code"] == "exception"
    assert "secret" not in response.content.decode()


def test_the_openapi_schema_documents_errors_as_operation_outcomes_and_bearer_security() -> None:
    response = Client().get("/fhir/R4/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)

    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    search = schema["paths"]["/fhir/R4/Patient"]["get"]
    read = schema["paths"]["/fhir/R4/Patient/{id}"]["get"]
    metadata = schema["paths"]["/fhir/R4/metadata"]["get"]
    outcome = {"$ref": "#/components/schemas/OperationOutcome"}
    for operation, codes in ((search, ("400", "401")), (read, ("401", "404"))):
        assert operation["security"] == [{"BearerToken": []}]
        for code in codes:
            assert operation["responses"][code]["content"]["application/fhir+json"] == {
                "schema": outcome
            }
    assert "security" not in metadata
    patient = schema["components"]["schemas"]["Patient"]
    assert {"identifier", "name", "gender", "birthDate"} <= set(patient["properties"])


def test_the_docs_page_is_served_with_its_assets_from_this_server() -> None:
    page = Client().get("/fhir/R4/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/fhir/R4/openapi.json" in html
    assert "//cdn" not in html
    asset = Client().get("/fhir/R4/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert asset["Content-Type"].endswith("javascript")
    assert Client().get("/fhir/R4/docs/assets/..%2Fsettings.py").status_code == 404


@pytest.mark.django_db
def test_fhir_responses_are_application_fhir_json(fhir_as: FhirAs, amelia: Child) -> None:
    client = fhir_as("lac.nurse")
    for path in (
        "/fhir/R4/metadata",
        f"/fhir/R4/Patient/{amelia.pk}",
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}",
        "/fhir/R4/Patient?identifier=nonsense",
        "/fhir/R4/Patient/999999",
    ):
        assert client.get(path)["Content-Type"] == "application/fhir+json; charset=utf-8"
