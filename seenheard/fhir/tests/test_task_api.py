"""Task through FHIR (R-REF-7): give a task, read it, search by owner and patient, close it
with an outcome or pass it on; refusals as OperationOutcomes at their element, nothing changed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from seenheard.core import clock
from seenheard.fhir.routers.task import REFUSALS
from seenheard.fhir.tests.conftest import NHS, body
from seenheard.fhir.tests.writes import send
from seenheard.tasks import errors
from seenheard.tasks.models import Task, TaskEvent, TaskStatus

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
USERNAME = "https://seenheard.example/fhir/Id/username"
ROLE = "https://seenheard.example/fhir/CodeSystem/role"
NOAH_NHS = "9990000034"


def _task(**overrides):
    resource = {
        "resourceType": "Task",
        "status": "requested",
        "intent": "order",
        "for": {"identifier": {"system": NHS, "value": NOAH_NHS}},
        "description": "Please visit: two clinics missed",
        "note": [{"text": "Mother did not bring him."}],
        "restriction": {"period": {"end": (clock.today() + dt.timedelta(days=5)).isoformat()}},
        "owner": {"type": "Organization", "identifier": {"system": ODS, "value": "RDEMO-HV"}},
        "performerType": [{"coding": [{"system": ROLE, "code": "community-nurse"}]}],
    }
    resource.update(overrides)
    return resource


def _state():
    from seenheard.audit.models import AuditEvent

    return (Task.objects.count(), TaskEvent.objects.count(), AuditEvent.objects.count())


def test_a_gp_gives_a_task_and_the_health_visitor_closes_it(fhir_as, noah):
    gp = fhir_as("gp")
    created = send(gp, "post", "/fhir/R4/Task", _task())
    assert created.status_code == 201, created.content
    task = body(created)
    assert created["Location"].endswith(f"/Task/{task['id']}")
    assert task["status"] == "requested"
    assert task["for"]["reference"] == f"Patient/{noah.pk}"
    assert task["owner"]["identifier"] == {"system": ODS, "value": "RDEMO-HV"}
    assert task["requester"]["identifier"] == {"system": USERNAME, "value": "gp"}
    assert task["restriction"]["period"]["end"] == _task()["restriction"]["period"]["end"]

    hv = fhir_as("hv.nurse")
    read = body(hv.get(f"/fhir/R4/Task/{task['id']}"))
    assert read["description"] == "Please visit: two clinics missed"
    found = body(hv.get(f"/fhir/R4/Task?owner:identifier={ODS}|RDEMO-HV"))
    assert [e["resource"]["id"] for e in found["entry"]] == [task["id"]]
    by_child = body(gp.get(f"/fhir/R4/Task?patient:identifier={NHS}|{NOAH_NHS}"))
    assert by_child["total"] == 1

    done = send(
        hv,
        "put",
        f"/fhir/R4/Task/{task['id']}",
        {
            **read,
            "status": "completed",
            "output": [{"type": {"text": "Outcome"}, "valueString": "Visited."}],
        },
    )
    assert done.status_code == 200, done.content
    closed = body(done)
    assert closed["status"] == "completed"
    assert closed["output"][0]["valueString"] == "Visited."
    assert Task.objects.get().status == TaskStatus.DONE


def test_completed_without_an_outcome_is_refused_and_changes_nothing(fhir_as, noah):
    task = body(send(fhir_as("gp"), "post", "/fhir/R4/Task", _task()))
    hv = fhir_as("hv.nurse")
    before = _state()
    refused = send(hv, "put", f"/fhir/R4/Task/{task['id']}", {**task, "status": "completed"})
    assert refused.status_code == 400
    issue = body(refused)["issue"][0]
    assert issue["expression"] == ["Task.output"]
    assert "Enter the outcome" in issue["diagnostics"]
    assert _state() == before


def test_a_task_is_passed_on_by_a_new_owner(fhir_as, noah):
    task = body(send(fhir_as("gp"), "post", "/fhir/R4/Task", _task()))
    moved = send(
        fhir_as("hv.nurse"),
        "put",
        f"/fhir/R4/Task/{task['id']}",
        {**task, "owner": {"identifier": {"system": USERNAME, "value": "lac.nurse"}}},
    )
    assert moved.status_code == 200, moved.content
    assert body(moved)["owner"]["identifier"] == {"system": USERNAME, "value": "lac.nurse"}
    assert TaskEvent.objects.filter(kind="reassigned").count() == 1


@pytest.mark.parametrize(
    ("overrides", "status", "expression"),
    [
        (
            {"restriction": {"period": {"end": "2020-01-01"}}},
            422,
            "Task.restriction.period.end",
        ),
        ({"restriction": {"period": {"end": "soon"}}}, 400, "Task.restriction.period.end"),
        ({"description": "x" * 201}, 400, "Task.description"),
        ({"note": [{"text": "x" * 4001}]}, 400, "Task.note[0].text"),
        ({"description": ""}, 400, "Task.description"),
        ({"status": "draft"}, 400, "Task.status"),
        ({"performerType": []}, 400, "Task.performerType"),
        (
            {"owner": {"identifier": {"system": USERNAME, "value": "nobody.here"}}},
            422,
            "Task.owner",
        ),
        ({"for": {"identifier": {"system": NHS, "value": "9990000085"}}}, 422, "Task.for"),
        ({"for": {"reference": "Patient/999999"}}, 422, "Task.for"),
    ],
)
def test_bad_tasks_are_refused_at_their_element(fhir_as, noah, overrides, status, expression):
    gp = fhir_as("gp")
    before = _state()
    response = send(gp, "post", "/fhir/R4/Task", _task(**overrides))
    assert response.status_code == status, response.content
    issue = body(response)["issue"][0]
    assert issue["expression"] == [expression]
    assert _state() == before


def test_a_child_the_caller_may_not_see_is_the_same_as_no_child(fhir_as, noah):
    stranger = fhir_as("stranger")
    hidden = send(stranger, "post", "/fhir/R4/Task", _task())
    missing = send(
        stranger,
        "post",
        "/fhir/R4/Task",
        _task(**{"for": {"identifier": {"system": NHS, "value": "9990000085"}}}),
    )
    assert hidden.status_code == missing.status_code == 422
    assert json.loads(hidden.content) == json.loads(missing.content)
    assert not Task.objects.exists()


def test_stranger_reads_and_finds_nothing(fhir_as, noah):
    task = body(send(fhir_as("gp"), "post", "/fhir/R4/Task", _task()))
    stranger = fhir_as("stranger")
    assert stranger.get(f"/fhir/R4/Task/{task['id']}").status_code == 404
    assert stranger.get("/fhir/R4/Task/999999").status_code == 404
    found = body(stranger.get(f"/fhir/R4/Task?patient:identifier={NHS}|{NOAH_NHS}"))
    assert found["total"] == 0
    refused = send(
        stranger,
        "put",
        f"/fhir/R4/Task/{task['id']}",
        {**task, "status": "completed", "output": [{"type": {"text": "x"}, "valueString": "x"}]},
    )
    assert refused.status_code == 404
    assert Task.objects.get().status == TaskStatus.OPEN


def test_a_100_kb_text_is_refused_with_the_limit(fhir_as, noah):
    gp = fhir_as("gp")
    response = send(gp, "post", "/fhir/R4/Task", _task(note=[{"text": "x" * 100_000}]))
    assert response.status_code == 413
    assert "64 KB" in body(response)["issue"][0]["diagnostics"]
    assert not Task.objects.exists()


def test_script_is_kept_as_text(fhir_as, noah):
    script = "<script>alert(1)</script>"
    task = body(send(fhir_as("gp"), "post", "/fhir/R4/Task", _task(description=script)))
    assert task["description"] == script


def test_every_refusal_has_an_answer():
    refusals = {
        v
        for v in vars(errors).values()
        if isinstance(v, type) and issubclass(v, errors.TaskRefused) and v is not errors.TaskRefused
    }
    assert refusals <= set(REFUSALS)


def _wnb_triage_task() -> Task:
    """A "was not brought" of Jayden at the health visiting team: its triage task (R-WNB-5)."""
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.appointments.services import appointment_book, appointment_outcome_record

    hv = actor_for(User.objects.get(username="hv.nurse"))
    made = appointment_book(
        actor=hv,
        nhs_number="9990000026",
        service="health-visiting",
        starts_at=clock.now() - dt.timedelta(hours=1),
    )
    appointment_outcome_record(actor=hv, appointment_id=made.pk, outcome="was-not-brought")
    return Task.objects.get(kind="wnb-triage")


def test_a_triage_task_is_not_completed_through_the_api_but_on_its_form(fhir_as, cast):
    """ADR 030: 422 business-rule at Task.status, naming the triage form; nothing changes."""
    task = _wnb_triage_task()
    hv = fhir_as("hv.nurse")
    read = body(hv.get(f"/fhir/R4/Task/{task.pk}"))
    before = _state()
    refused = send(
        hv,
        "put",
        f"/fhir/R4/Task/{task.pk}",
        {
            **read,
            "status": "completed",
            "output": [{"type": {"text": "Outcome"}, "valueString": "Phoned mother."}],
        },
    )
    assert refused.status_code == 422, refused.content
    issue = body(refused)["issue"][0]
    assert issue["code"] == "business-rule"
    assert issue["expression"] == ["Task.status"]
    assert "triage form" in issue["diagnostics"]
    assert "/appointments/triage/" in issue["diagnostics"]
    assert _state() == before
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_triage_task_is_not_given_through_the_api(fhir_as, noah):
    kind = {
        "coding": [
            {"system": "https://seenheard.example/fhir/CodeSystem/task-kind", "code": "wnb-triage"}
        ]
    }
    before = _state()
    refused = send(fhir_as("gp"), "post", "/fhir/R4/Task", _task(code=kind))
    assert refused.status_code == 422, refused.content
    issue = body(refused)["issue"][0]
    assert (issue["code"], issue["expression"]) == ("business-rule", ["Task.code"])
    assert _state()[:2] == before[:2]  # no task, no history (the child's look-up is audited)
