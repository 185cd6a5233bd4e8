"""FHIR Observation for outcome values (R-OUT-5): create, read and search by the child and the
measure; bad input is an OperationOutcome naming the element, and nothing changes."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json

import pytest
from django.test import Client

from seenheard.audit.models import AuditEvent
from seenheard.fhir.routers.observation import EXAMPLE, REFUSALS
from seenheard.fhir.tests.conftest import body
from seenheard.lac_health.outcomes import errors
from seenheard.lac_health.outcomes.models import OutcomeRecord
from seenheard.lac_health.outcomes.services import measure_change
from seenheard.lac_health.outcomes.tests.conftest import record, sleep_input

pytestmark = pytest.mark.django_db

NHS = "https://fhir.nhs.uk/Id/nhs-number"
SYSTEM = "https://seenheard.example/fhir/CodeSystem/outcome-measure/E09000019"


def _token(username: str) -> str:
    from seenheard.accounts.services import api_token_create

    return api_token_create(username=username, label="test")


def _post(resource: dict, username: str = "lac.nurse") -> object:
    return Client().post(
        "/fhir/R4/Observation",
        json.dumps(resource),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {_token(username)}",
    )


def _get(path: str, username: str = "lac.nurse") -> object:
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {_token(username)}")


def test_a_value_is_recorded_read_and_found(sleep, in_care):
    response = _post(EXAMPLE)
    assert response.status_code == 201, response.content
    created = body(response)
    assert created["valueQuantity"] == {"value": 5, "unit": "nights"}
    assert created["code"]["coding"][0] == {
        "system": SYSTEM,
        "code": "sleeping-well",
        "display": "Sleeping well",
    }
    assert response["Location"].endswith(f"/fhir/R4/Observation/{created['id']}")
    read = body(_get(f"/fhir/R4/Observation/{created['id']}"))
    assert read["subject"]["reference"] == f"Patient/{in_care.pk}"
    found = body(
        _get(
            f"/fhir/R4/Observation?patient:identifier={NHS}|9990000018&code={SYSTEM}|sleeping-well"
        )
    )
    assert [e["resource"]["id"] for e in found["entry"]] == [created["id"]]
    other = body(
        _get(f"/fhir/R4/Observation?patient:identifier={NHS}|9990000018&code=feeling-safe")
    )
    assert other["total"] == 0
    assert AuditEvent.objects.filter(object_type="OutcomeRecord", action="view").count() == 2


def test_a_stranger_reads_and_finds_nothing(sleep, in_care, lac_nurse):
    saved = record(lac_nurse, in_care, sleep, "3", dt.date(2026, 1, 20))
    assert _get(f"/fhir/R4/Observation/{saved.pk}", "stranger").status_code == 404
    found = body(_get(f"/fhir/R4/Observation?patient:identifier={NHS}|9990000018", "stranger"))
    assert found["total"] == 0


def _changed(**changes: object) -> dict[str, object]:
    resource: dict[str, object] = copy.deepcopy(EXAMPLE)
    resource.update(changes)
    return resource


@pytest.mark.parametrize(
    ("resource", "status", "expression", "words"),
    [
        (
            _changed(valueQuantity={"value": 8}),
            422,
            "Observation.valueQuantity.value",
            "from 0 to 7",
        ),
        (
            _changed(valueQuantity={"value": "lots"}),
            400,
            "Observation.valueQuantity.value",
            "as a number",
        ),
        (_changed(effectiveDateTime="2030-01-01"), 422, "Observation.effectiveDateTime", "future"),
        (
            _changed(effectiveDateTime="2001-01-01"),
            422,
            "Observation.effectiveDateTime",
            "before the child was born",
        ),
        (_changed(effectiveDateTime="20 Jan"), 400, "Observation.effectiveDateTime", "YYYY-MM-DD"),
        (
            _changed(code={"coding": [{"system": SYSTEM, "code": "no-such"}]}),
            422,
            "Observation.code",
            "no outcome measure",
        ),
        (_changed(code={"text": "sleep"}), 400, "Observation.code", "needs a coding"),
        (
            _changed(subject={"identifier": {"system": NHS, "value": "9990000085"}}),
            422,
            "Observation.subject",
            "No child",
        ),
    ],
)
def test_bad_input_is_an_operation_outcome_and_nothing_changes(
    sleep, in_care, resource, status, expression, words
):
    response = _post(resource)
    assert response.status_code == status, response.content
    issue = body(response)["issue"][0]
    assert expression in issue["expression"]
    assert words.lower() in issue["diagnostics"].lower()
    assert not OutcomeRecord.objects.exists()


def test_a_retired_measure_is_refused(sleep, in_care, lac_nurse):
    measure_change(actor=lac_nurse, measure_id=sleep.pk, data=sleep_input(active=False))
    response = _post(EXAMPLE)
    assert response.status_code == 422
    assert "no longer in use" in body(response)["issue"][0]["diagnostics"]


def test_script_in_the_code_is_echoed_safely(sleep, in_care):
    response = _post(_changed(code={"coding": [{"system": SYSTEM, "code": "<script>"}]}))
    assert response.status_code == 422
    assert "<script>" not in body(response)["issue"][0]["diagnostics"]


def test_every_refusal_has_an_answer_in_the_api():
    refusals = {
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.OutcomeRefused)
    }
    assert refusals == set(REFUSALS)


def test_the_capability_statement_declares_observation(client):
    data = body(client.get("/fhir/R4/metadata"))
    (observation,) = [r for r in data["rest"][0]["resource"] if r["type"] == "Observation"]
    assert {i["code"] for i in observation["interaction"]} == {"read", "create", "search-type"}
    assert [p["name"] for p in observation["searchParam"]] == ["patient:identifier", "code"]
