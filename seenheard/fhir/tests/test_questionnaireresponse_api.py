"""QuestionnaireResponse and Encounter/$discharge: a child's A&E record through the API
(R-REF-4). An incomplete discharge is 422 with an issue per missing item, naming it; bad input
changes nothing; reads are for those who may see the child; a stranger gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.encounters.models import AttendanceRecord, Encounter
from seenheard.encounters.record.rules import RecordInput
from seenheard.encounters.services import encounter_register
from seenheard.encounters.tests.record_helpers import child_aged, complete_record
from seenheard.fhir.mappers.questionnaireresponse import element
from seenheard.fhir.tests.conftest import FhirAs, body
from seenheard.fhir.tests.writes import send

pytestmark = pytest.mark.django_db

URL = "/fhir/R4/QuestionnaireResponse"


@pytest.fixture
def attendance(ae_nurse: Any, cast: Any) -> Encounter:
    teen = child_aged(16)
    return encounter_register(actor=ae_nurse, nhs_number=teen.nhs_number).encounter


def items_of(record: RecordInput) -> list[dict[str, Any]]:
    """The record as QuestionnaireResponse items (choices as codes, text as strings)."""
    items: list[dict[str, Any]] = []

    def add(link_id: str, *values: str, coded: bool = False) -> None:
        answers = [{"valueCoding": {"code": v}} if coded else {"valueString": v} for v in values]
        if any(values):
            items.append({"linkId": link_id, "answer": answers})

    for name in ("came_with", "adult_relationship", "parental_responsibility", "account_apart"):
        add(name, getattr(record, name), coded=True)
    add("left_with", record.left_with, coded=True)
    add("not_completed_reason", record.not_completed_reason, coded=True)
    for name in ("adult_name", "lives_with", "follow_up", "not_completed_detail"):
        add(name, getattr(record, name))
    add("letters", *record.letters, coded=True)
    add("voice.words", record.voice.words)
    add("voice.methods", *record.voice.methods, coded=True)
    for code, answer in record.risk_answers.items():
        add(f"risk__{code}", answer, coded=True)
    for code, answer in record.prompt_answers.items():
        add(f"prompt__{code}", answer, coded=True)
    return items


def resource(encounter: Encounter, record: RecordInput, status: str) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "status": status,
        "encounter": {"reference": f"Encounter/{encounter.pk}"},
        "item": items_of(record),
    }


def test_a_record_is_kept_then_the_discharge_refused_item_by_item_then_done(
    fhir_as: FhirAs, attendance: Encounter
) -> None:
    nurse = fhir_as("ae.nurse")
    partial = RecordInput(came_with="adult", adult_name="Dana Morgan")
    created = send(nurse, "post", URL, resource(attendance, partial, "in-progress"))
    assert created.status_code == 201, created.content
    data = body(created)
    assert data["status"] == "in-progress"
    assert data["encounter"] == {"reference": f"Encounter/{attendance.pk}"}
    assert created["Location"].endswith(f"/QuestionnaireResponse/{data['id']}")

    refused = send(nurse, "post", f"/fhir/R4/Encounter/{attendance.pk}/$discharge", "")
    assert refused.status_code == 422
    issues = body(refused)["issue"]
    expressions = [i["expression"][0] for i in issues]
    assert element("adult_relationship") in expressions
    assert element("parental_responsibility") in expressions
    assert element("voice.words") in expressions
    assert element("lives_with") in expressions
    assert element("risk__exploitation") in expressions
    assert element("follow_up") in expressions
    assert all(i["code"] == "required" and i["diagnostics"] for i in issues)
    attendance.refresh_from_db()
    assert attendance.discharged_at is None

    done = send(nurse, "post", URL, resource(attendance, complete_record(older=True), "completed"))
    assert done.status_code == 200, done.content
    data = body(done)
    assert data["status"] == "completed"
    words = next(i for i in data["item"] if i["linkId"] == "voice.words")
    assert words["answer"] == [{"valueString": "I fell off my skateboard at the park."}]
    exploitation = next(i for i in data["item"] if i["linkId"] == "risk__exploitation")
    assert exploitation["text"] == "Is there any sign of sexual or criminal exploitation?"

    read = fhir_as("safeguarding.lead").get(f"{URL}/{data['id']}")
    assert read.status_code == 200 and body(read)["status"] == "completed"
    assert fhir_as("stranger").get(f"{URL}/{data['id']}").status_code == 404
    again = send(nurse, "post", f"/fhir/R4/Encounter/{attendance.pk}/$discharge", "")
    assert again.status_code == 409


def test_discharge_operation_answers_the_encounter_finished(
    fhir_as: FhirAs, attendance: Encounter
) -> None:
    nurse = fhir_as("ae.nurse")
    send(nurse, "post", URL, resource(attendance, complete_record(older=True), "in-progress"))
    response = send(nurse, "post", f"/fhir/R4/Encounter/{attendance.pk}/$discharge", "")
    assert response.status_code == 200
    data = body(response)
    assert data["status"] == "finished" and "end" in data["period"]
    assert data["hospitalization"]["dischargeDisposition"]["text"] == "Discharged"


def test_a_record_that_cannot_be_completed_is_stopped(
    fhir_as: FhirAs, attendance: Encounter
) -> None:
    record = RecordInput(
        not_completed_reason="adult-refused", not_completed_detail="Father refused; police told."
    )
    response = send(fhir_as("ae.nurse"), "post", URL, resource(attendance, record, "completed"))
    assert response.status_code == 201
    assert body(response)["status"] == "stopped"


@pytest.mark.parametrize(
    ("changed", "status", "expression"),
    [
        ({"status": "amended"}, 400, "QuestionnaireResponse.status"),
        ({"encounter": {"reference": "Patient/1"}}, 400, "QuestionnaireResponse.encounter"),
        ({"item": [{"linkId": "shoe_size", "answer": []}]}, 400, element("shoe_size")),
        (
            {"item": [{"linkId": "came_with", "answer": [{"valueCoding": {"code": "bus"}}]}]},
            422,
            element("came_with"),
        ),
        (
            {"item": [{"linkId": "follow_up", "answer": [{"valueString": "x" * 5000}]}]},
            422,
            element("follow_up"),
        ),
    ],
)
def test_bad_input_is_refused_naming_the_element_and_changes_nothing(
    fhir_as: FhirAs, attendance: Encounter, changed: dict[str, Any], status: int, expression: str
) -> None:
    sent = {**resource(attendance, RecordInput(), "in-progress"), **changed}
    response = send(fhir_as("ae.nurse"), "post", URL, sent)
    assert response.status_code == status, response.content
    (issue,) = body(response)["issue"]
    assert issue["expression"] == [expression]
    assert not AttendanceRecord.objects.exists()


def test_100_kb_of_text_is_refused_with_the_limit(fhir_as: FhirAs, attendance: Encounter) -> None:
    huge = RecordInput(follow_up="x" * 100 * 1024)
    response = send(fhir_as("ae.nurse"), "post", URL, resource(attendance, huge, "in-progress"))
    assert response.status_code == 413
    assert "64 KB" in body(response)["issue"][0]["diagnostics"]
    assert not AttendanceRecord.objects.exists()


def test_script_is_kept_as_text(fhir_as: FhirAs, attendance: Encounter) -> None:
    script = "<script>alert(1)</script>"
    record = RecordInput(adult_name=script)
    response = send(fhir_as("ae.nurse"), "post", URL, resource(attendance, record, "in-progress"))
    item = next(i for i in body(response)["item"] if i["linkId"] == "adult_name")
    assert item["answer"] == [{"valueString": script}]


def test_only_the_registering_setting_writes_and_others_get_the_same_as_none(
    fhir_as: FhirAs, attendance: Encounter
) -> None:
    sent = resource(attendance, RecordInput(came_with="alone"), "in-progress")
    assert send(fhir_as("gp"), "post", URL, sent).status_code in (403, 404)
    assert send(fhir_as("social.worker"), "post", URL, sent).status_code == 403
    absent = {**sent, "encounter": {"reference": "Encounter/99999999"}}
    assert send(fhir_as("ae.nurse"), "post", URL, absent).status_code == 404
    assert fhir_as("ae.nurse").get(f"{URL}/99999999").status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_an_adult_s_attendance_needs_no_record(fhir_as: FhirAs, ae_nurse: Any, cast: Any) -> None:
    adult = child_aged(18, nhs_number="9990000174", given="Lee")
    visit = encounter_register(actor=ae_nurse, nhs_number=adult.nhs_number).encounter
    response = send(fhir_as("ae.nurse"), "post", URL, resource(visit, RecordInput(), "in-progress"))
    assert response.status_code == 422
    discharged = send(fhir_as("ae.nurse"), "post", f"/fhir/R4/Encounter/{visit.pk}/$discharge", "")
    assert discharged.status_code == 200
