"""POST /fhir/R4/Encounter answers each refusal of registration from one table (ADR 025;
R-FLAG-3, R-FLAG-10).

The API never works a rule out itself: the service decides (a start more than five minutes
ahead is in the future; a child the caller may not find is not found), and the router's table
says the status, the issue code and the element at fault.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest

from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters import errors
from seenheard.fhir.routers.encounter import REFUSALS
from seenheard.fhir.tests.conftest import ABSENT_NHS, NHS, FhirAs, body
from seenheard.fhir.tests.writes import send, state

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


def attendance(nhs_number: str, *, minutes_ahead: int) -> dict[str, Any]:
    start = (clock.now() + dt.timedelta(minutes=minutes_ahead)).replace(microsecond=0)
    return {
        "resourceType": "Encounter",
        "status": "arrived",
        "subject": {"identifier": {"system": NHS, "value": nhs_number}},
        "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
        "period": {"start": start.isoformat()},
    }


def only_issue(response: Any) -> dict[str, Any]:
    (issue,) = body(response)["issue"]
    return issue


@pytest.mark.parametrize("path", ["/fhir/R4/Encounter", "/fhir/R4/Encounter/$register"])
def test_an_unknown_child_two_minutes_ahead_gets_the_not_found_answer(
    fhir_as: FhirAs, cast: dict, path: str
) -> None:
    """Two minutes is inside the service's allowance, so what is wrong is the child: before,
    the API's own "in the future" check answered 400 at Encounter.period.start."""
    client = fhir_as("ae.nurse")
    before = state()

    response = send(client, "post", path, attendance(ABSENT_NHS, minutes_ahead=2))

    assert response.status_code == 422
    issue = only_issue(response)
    assert issue["code"] == "not-found"
    assert issue["expression"] == ["Encounter.subject"]
    assert "No child was found" in issue["diagnostics"]
    assert state() == before


def test_an_unknown_child_ten_minutes_ahead_gets_the_future_start_answer(
    fhir_as: FhirAs, cast: dict
) -> None:
    client = fhir_as("ae.nurse")
    before = state()

    response = send(client, "post", "/fhir/R4/Encounter", attendance(ABSENT_NHS, minutes_ahead=10))

    assert response.status_code == 400
    issue = only_issue(response)
    assert issue["code"] == "value"
    assert issue["expression"] == ["Encounter.period.start"]
    assert issue["diagnostics"] == "An attendance cannot start in the future. Check the time."
    assert state() == before


def test_a_known_child_two_minutes_ahead_is_registered(fhir_as: FhirAs, amelia: Child) -> None:
    """The allowance is the service's: a registering system's clock a little fast is fine."""
    assert amelia.nhs_number is not None
    response = send(
        fhir_as("ae.nurse"),
        "post",
        "/fhir/R4/Encounter",
        attendance(amelia.nhs_number, minutes_ahead=2),
    )
    assert response.status_code == 201, body(response)


def test_every_refusal_has_one_api_answer() -> None:
    """A new refusal in encounters.errors fails here until the API says how it answers it."""
    kinds = [
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.EncounterRefused) and kind is not errors.EncounterRefused
    ]
    assert kinds
    assert [kind.__name__ for kind in kinds if kind not in REFUSALS] == []
    for answer in REFUSALS.values():
        assert 400 <= answer.status < 500
        assert answer.code
