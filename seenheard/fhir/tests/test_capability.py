"""GET /fhir/R4/metadata: a valid CapabilityStatement that tells the truth about the routes."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from seenheard.fhir.registry import Interaction, registry
from seenheard.fhir.tests.conftest import body


def _openapi() -> dict:
    return json.loads(Client().get("/fhir/R4/openapi.json").content)


@pytest.mark.django_db
def test_metadata_needs_no_token_and_is_a_valid_r4b_capability_statement() -> None:
    response = Client().get("/fhir/R4/metadata")

    assert response.status_code == 200
    data = body(response)
    statement = CapabilityStatement.model_validate(data)
    assert statement.kind == "instance"
    assert data["fhirVersion"] == "4.0.1"
    (rest,) = data["rest"]
    patient = next(r for r in rest["resource"] if r["type"] == "Patient")
    assert {i["code"] for i in patient["interaction"]} == {"read", "search-type"}
    assert [p["name"] for p in patient["searchParam"]] == ["identifier"]
    assert "Bearer" in rest["security"]["description"]


@pytest.mark.django_db
def test_the_statement_lists_exactly_the_registered_resources() -> None:
    data = body(Client().get("/fhir/R4/metadata"))
    listed = sorted(r["type"] for r in data["rest"][0]["resource"])
    assert listed == [s.type for s in registry.all()]


def test_every_declared_interaction_and_search_parameter_is_actually_served() -> None:
    """What the registry (and so the CapabilityStatement) promises, the routes provide."""
    paths = _openapi()["paths"]
    for support in registry.all():
        base = f"/fhir/R4/{support.type}"
        if Interaction.READ in support.interactions:
            assert "get" in paths[base + "/{id}"], f"{support.type} read is declared, not served"
        if Interaction.SEARCH_TYPE in support.interactions:
            params = {p["name"] for p in paths[base]["get"].get("parameters", [])}
            assert support.search_param_names <= params, f"{support.type} search params"


def test_every_served_resource_route_is_declared() -> None:
    """A router mounted without a declaration would be missing from the statement."""
    declared = {s.type for s in registry.all()}
    for path in _openapi()["paths"]:
        segment = path.removeprefix("/fhir/R4/").split("/")[0]
        if segment != "metadata":
            assert segment in declared, f"{path} is served but not in the CapabilityStatement"
