"""FHIR Appointment (issue 10; R-WNB-1, R-WNB-5): booking, outcomes, reads and searches, and
every bad input answered with its OperationOutcome and nothing changed."""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pytest
from django.test import Client

from seenheard.appointments import errors
from seenheard.appointments.models import Appointment, Outcome, Triage
from seenheard.core import clock
from seenheard.fhir.routers.appointment import REFUSALS
from seenheard.fhir.tests.conftest import ABSENT_NHS, NHS, body

JAYDEN = "9990000026"
NOAH = "9990000034"
SERVICE = "https://seenheard.example/fhir/CodeSystem/appointment-service"


@pytest.fixture
def api(token_for):
    def make(username: str):
        client = Client()
        token = token_for(username)

        def call(method: str, path: str, data: dict | None = None):
            kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            if data is not None:
                kwargs.update(data=json.dumps(data), content_type="application/fhir+json")
            return getattr(client, method)(f"/fhir/R4/{path}", **kwargs)

        return call

    return make


def booking(nhs: str, *, hours_ago: float = 1, service: str | None = None) -> dict:
    start = clock.now() - dt.timedelta(hours=hours_ago)
    data: dict = {
        "resourceType": "Appointment",
        "status": "booked",
        "start": start.isoformat(),
        "participant": [
            {"actor": {"type": "Patient", "identifier": {"system": NHS, "value": nhs}}}
        ],
    }
    if service:
        data["serviceType"] = [{"coding": [{"system": SERVICE, "code": service}]}]
    return data


def outcome(status: str, **more) -> dict:
    return {"resourceType": "Appointment", "status": status, **more}


def test_a_booking_system_books_and_records_was_not_brought(api):
    hv = api("hv.nurse")
    made = hv("post", "Appointment", booking(JAYDEN))
    assert made.status_code == 201, made.content
    data = body(made)
    assert data["status"] == "booked"
    assert data["serviceType"][0]["coding"][0]["code"] == "health-visiting"
    done = hv("put", f"Appointment/{data['id']}", outcome("noshow"))
    assert done.status_code == 200, done.content
    assert body(done)["status"] == "noshow"
    assert Triage.objects.filter(appointment_id=int(data["id"])).count() == 1
    read = body(hv("get", f"Appointment/{data['id']}"))
    assert read["status"] == "noshow"
    found = body(hv("get", f"Appointment?patient:identifier={NHS}|{JAYDEN}"))
    assert [e["resource"]["id"] for e in found["entry"]] == [data["id"]]


def test_a_cancellation_says_who_cancelled(api):
    hv = api("hv.nurse")
    made = body(hv("post", "Appointment", booking(JAYDEN, hours_ago=-48)))
    reason = {"coding": [{"code": "pat-crs"}], "text": "Family asked to move it"}
    done = hv("put", f"Appointment/{made['id']}", outcome("cancelled", cancelationReason=reason))
    assert done.status_code == 200, done.content
    assert Appointment.objects.get().outcome == Outcome.FAMILY_CANCELLED
    assert body(done)["cancelationReason"]["coding"][0]["code"] == "pat"


@pytest.mark.parametrize(
    ("nhs", "status", "element"),
    [
        ("1234567890", 400, "Appointment.participant[0].actor"),
        (ABSENT_NHS, 422, "Appointment.participant"),
        (NOAH, 422, "Appointment.participant"),  # a child the service may not see
    ],
)
def test_unknown_invalid_and_unseen_children_are_refused(api, nhs, status, element):
    answer = api("hv.nurse")("post", "Appointment", booking(nhs))
    assert answer.status_code == status, answer.content
    assert body(answer)["issue"][0]["expression"] == [element]
    assert not Appointment.objects.exists()


def test_unseen_and_unknown_children_get_the_same_words(api):
    hv = api("hv.nurse")
    unseen = body(hv("post", "Appointment", booking(NOAH)))
    unknown = body(hv("post", "Appointment", booking(ABSENT_NHS)))
    assert unseen["issue"] == unknown["issue"]


def test_an_outcome_in_the_future_is_refused(api):
    hv = api("hv.nurse")
    made = body(hv("post", "Appointment", booking(JAYDEN, hours_ago=-24)))
    answer = hv("put", f"Appointment/{made['id']}", outcome("noshow"))
    assert answer.status_code == 422
    assert body(answer)["issue"][0]["expression"] == ["Appointment.status"]
    assert Appointment.objects.get().outcome == Outcome.BOOKED


def test_a_second_outcome_is_a_conflict_and_not_overwritten(api):
    hv = api("hv.nurse")
    made = body(hv("post", "Appointment", booking(JAYDEN)))
    assert hv("put", f"Appointment/{made['id']}", outcome("fulfilled")).status_code == 200
    again = hv("put", f"Appointment/{made['id']}", outcome("noshow"))
    assert again.status_code == 409
    assert body(again)["issue"][0]["code"] == "conflict"
    assert Appointment.objects.get().outcome == Outcome.ATTENDED
    assert not Triage.objects.exists()


def test_a_stranger_gets_nothing(api):
    made = body(api("hv.nurse")("post", "Appointment", booking(JAYDEN)))
    stranger = api("stranger")
    assert stranger("get", f"Appointment/{made['id']}").status_code == 404
    assert stranger("put", f"Appointment/{made['id']}", outcome("noshow")).status_code == 404
    found = body(stranger("get", f"Appointment?patient:identifier={NHS}|{JAYDEN}"))
    assert not found.get("entry")
    assert Appointment.objects.get().outcome == Outcome.BOOKED


def test_every_refusal_has_an_answer():
    kinds = [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.AppointmentRefused)
    ]
    assert set(kinds) <= set(REFUSALS)
