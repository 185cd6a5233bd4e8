"""The FHIR interactions as clients expect them (issue 7 section 5, ADR 023): create answers
with the resource (as ``Prefer`` asks), read by id (Encounter, Flag), conditional create,
paging with ``_count``, ``_summary=count``, ``Flag?patient=Patient/<id>`` and ``status``, all
under the same access rules and audit as the searches (R-FLAG-4, R-FLAG-6, R-FLAG-10)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.tests.factories import flag_add
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS, FhirAs, FhirClient, body
from seenheard.fhir.tests.writes import send, state
from seenheard.flags.models import PlanType

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
OURS = "urn:example:ed-attendances"


def attendance(nhs_number: str = AMELIA_NHS, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Encounter",
        "status": "arrived",
        "subject": {"identifier": {"system": NHS, "value": nhs_number}},
        "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
        **extra,
    }


def create(client: FhirClient, resource: Any, **headers: Any) -> Any:
    return client.client.post(
        "/fhir/R4/Encounter",
        data=resource if isinstance(resource, str) else json.dumps(resource),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
        **headers,
    )


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def only_issue(response: Any) -> dict[str, Any]:
    (issue,) = body(response)["issue"]
    return issue


# --- create and read -------------------------------------------------------------------------


def test_create_answers_with_the_encounter_and_its_location_can_be_read(
    fhir_as: FhirAs, amelia: Child
) -> None:
    nurse = fhir_as("ae.nurse")

    response = create(nurse, attendance())

    assert response.status_code == 201
    created = body(response)
    assert created["resourceType"] == "Encounter"
    encounter = Encounter.objects.get()
    assert created["id"] == str(encounter.pk)
    assert created["status"] == "arrived"
    read = nurse.get(path_of(response["Location"]))
    assert read.status_code == 200
    assert body(read) == created


def test_an_encounter_posted_in_progress_reads_back_in_progress(
    fhir_as: FhirAs, amelia: Child
) -> None:
    nurse = fhir_as("ae.nurse")
    response = create(nurse, attendance(status="in-progress"))

    read = body(nurse.get(path_of(response["Location"])))
    found = body(nurse.get(f"/fhir/R4/Encounter?patient:identifier={NHS}|{AMELIA_NHS}"))

    assert read["status"] == "in-progress"
    assert found["entry"][0]["resource"]["status"] == "in-progress"


def test_prefer_return_minimal_answers_with_no_body(fhir_as: FhirAs, amelia: Child) -> None:
    response = create(fhir_as("ae.nurse"), attendance(), HTTP_PREFER="return=minimal")

    assert response.status_code == 201
    assert response.content == b""
    assert response["Location"].endswith(f"/Encounter/{Encounter.objects.get().pk}")


def test_prefer_return_operation_outcome_says_what_was_done(fhir_as: FhirAs, amelia: Child) -> None:
    response = create(fhir_as("ae.nurse"), attendance(), HTTP_PREFER="return=OperationOutcome")

    assert response.status_code == 201
    issue = only_issue(response)
    assert issue["severity"] == "information"
    assert issue["diagnostics"] == "The attendance was registered."


def test_register_operation_answers_with_everything_the_page_shows(
    fhir_as: FhirAs, amelia: Child
) -> None:
    flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))

    response = send(fhir_as("ae.nurse"), "post", "/fhir/R4/Encounter/$register", attendance())

    assert response.status_code == 201
    bundle = body(response)
    assert bundle["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:2] == ["Encounter", "Flag"]


def test_reading_an_encounter_is_audited(fhir_as: FhirAs, amelia: Child) -> None:
    nurse = fhir_as("ae.nurse")
    location = path_of(create(nurse, attendance())["Location"])

    body(fhir_as("social.worker").get(location))

    event = AuditEvent.objects.get(object_type="Encounter", actor_username="social.worker")
    assert (event.action, event.child_id) == ("view", amelia.pk)


@pytest.mark.parametrize("encounter_id", ["stranger's", "999999", "0", "\uff11", "9" * 30])
def test_an_encounter_the_reader_may_not_see_is_the_same_404_as_none(
    fhir_as: FhirAs, amelia: Child, encounter_id: str
) -> None:
    location = path_of(create(fhir_as("ae.nurse"), attendance())["Location"])
    path = location if encounter_id == "stranger's" else f"/fhir/R4/Encounter/{encounter_id}"
    stranger = fhir_as("stranger")
    before = AuditEvent.objects.count()

    response = stranger.get(path)

    assert response.status_code == 404
    assert only_issue(response)["diagnostics"] == "No attendance was found with this id."
    assert AuditEvent.objects.count() == before


# --- conditional create and identifiers ------------------------------------------------------


def test_conditional_create_on_identifier_registers_once(fhir_as: FhirAs, amelia: Child) -> None:
    nurse = fhir_as("ae.nurse")
    header = {"HTTP_IF_NONE_EXIST": f"identifier={OURS}|A-2001"}

    first = create(nurse, attendance(), **header)
    again = create(nurse, attendance(), **header)

    assert (first.status_code, again.status_code) == (201, 200)
    assert body(again)["id"] == body(first)["id"]
    assert Encounter.objects.filter(child=amelia).count() == 1


def test_the_if_none_exist_header_matches_the_identifier_in_the_body(
    fhir_as: FhirAs, amelia: Child
) -> None:
    nurse = fhir_as("ae.nurse")
    first = create(nurse, attendance(identifier=[{"system": OURS, "value": "A-2002"}]))

    again = create(nurse, attendance(), HTTP_IF_NONE_EXIST=f"identifier={OURS}|A-2002")

    assert again.status_code == 200
    assert body(again)["id"] == body(first)["id"]


@pytest.mark.parametrize(
    "header",
    ["patient=Patient/1", f"identifier={OURS}", "identifier=|A-1", "_id=1&identifier=a|b", ""],
)
def test_an_if_none_exist_this_server_cannot_match_is_refused_and_changes_nothing(
    fhir_as: FhirAs, amelia: Child, header: str
) -> None:
    nurse = fhir_as("ae.nurse")
    before = state()

    response = create(nurse, attendance(), HTTP_IF_NONE_EXIST=header)

    assert response.status_code == 400
    issue = only_issue(response)
    assert issue["code"] == "not-supported"
    assert issue["expression"] == ["If-None-Exist"]
    assert state() == before


def test_an_if_none_exist_that_contradicts_the_body_is_refused(
    fhir_as: FhirAs, amelia: Child
) -> None:
    nurse = fhir_as("ae.nurse")
    before = state()
    response = create(
        nurse,
        attendance(identifier=[{"system": OURS, "value": "A-1"}]),
        HTTP_IF_NONE_EXIST=f"identifier={OURS}|A-2",
    )
    assert response.status_code == 400
    assert only_issue(response)["expression"] == ["Encounter.identifier"]
    assert state() == before


@pytest.mark.parametrize("identifier", [None, []])
def test_a_null_or_empty_identifier_is_refused_as_the_schema_says(
    fhir_as: FhirAs, amelia: Child, identifier: Any
) -> None:
    nurse = fhir_as("ae.nurse")
    before = state()
    response = create(nurse, attendance(identifier=identifier))
    assert response.status_code == 400
    assert only_issue(response)["expression"] == ["Encounter.identifier"]
    assert state() == before


def test_the_openapi_schema_refuses_a_null_or_empty_identifier_too(client: Any) -> None:
    schema = json.loads(client.get("/fhir/R4/openapi.json").content)
    body_schema = schema["paths"]["/fhir/R4/Encounter"]["post"]["requestBody"]["content"][
        "application/fhir+json"
    ]["schema"]
    identifier = body_schema["properties"]["identifier"]
    assert identifier["type"] == "array"
    assert identifier["minItems"] == 1


# --- paging and summaries --------------------------------------------------------------------


def _three_attendances(fhir_as: FhirAs) -> None:
    nurse = fhir_as("ae.nurse")
    for day in (5, 6, 7):
        create(nurse, attendance(period={"start": f"2026-01-0{day}T10:00:00Z"}))


def test_count_pages_the_search_with_next_links(fhir_as: FhirAs, amelia: Child) -> None:
    _three_attendances(fhir_as)
    worker = fhir_as("social.worker")

    page = body(worker.get(f"/fhir/R4/Encounter?patient:identifier={NHS}|{AMELIA_NHS}&_count=2"))
    starts = [e["resource"]["period"]["start"] for e in page["entry"]]
    links = {link["relation"]: link["url"] for link in page["link"]}
    second = body(worker.get(path_of(links["next"])))

    assert page["total"] == 3
    assert starts == ["2026-01-07T10:00:00Z", "2026-01-06T10:00:00Z"]
    assert [e["resource"]["period"]["start"] for e in second["entry"]] == ["2026-01-05T10:00:00Z"]
    assert "next" not in {link["relation"] for link in second["link"]}
    assert "previous" in {link["relation"] for link in second["link"]}


def test_summary_count_gives_only_the_total(fhir_as: FhirAs, amelia: Child) -> None:
    _three_attendances(fhir_as)
    query = f"patient:identifier={NHS}|{AMELIA_NHS}"
    worker = fhir_as("social.worker")

    counted = body(worker.get(f"/fhir/R4/Encounter?{query}&_summary=count"))
    zero = body(worker.get(f"/fhir/R4/Encounter?{query}&_count=0"))

    assert counted["total"] == zero["total"] == 3
    assert "entry" not in counted
    assert "entry" not in zero


def test_elements_is_accepted_and_whole_resources_are_returned(
    fhir_as: FhirAs, amelia: Child
) -> None:
    found = body(
        fhir_as("ae.nurse").get(f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&_elements=name")
    )
    assert found["entry"][0]["resource"]["birthDate"]


@pytest.mark.parametrize(
    ("extra", "expression"),
    [
        ("_count=-1", "_count"),
        ("_count=ten", "_count"),
        ("_count=1&_count=2", "_count"),
        ("_offset=x", "_offset"),
        ("_summary=true", "_summary"),
        ("_summary=text", "_summary"),
    ],
)
def test_bad_result_parameters_are_400_naming_them(
    fhir_as: FhirAs, amelia: Child, extra: str, expression: str
) -> None:
    nurse = fhir_as("ae.nurse")
    before = AuditEvent.objects.count()
    response = nurse.get(f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&{extra}")
    assert response.status_code == 400
    assert only_issue(response)["expression"] == [expression]
    assert AuditEvent.objects.count() == before


# --- Flag by patient reference, status, and read --------------------------------------------


def test_flags_are_found_by_patient_reference(fhir_as: FhirAs, amelia: Child) -> None:
    flag = flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))
    worker = fhir_as("social.worker")

    for reference in (f"Patient/{amelia.pk}", str(amelia.pk)):
        found = body(worker.get(f"/fhir/R4/Flag?patient={reference}"))
        assert [e["resource"]["id"] for e in found["entry"]] == [str(flag.pk)]
    assert AuditEvent.objects.filter(
        object_type="FlagLookup", actor_username="social.worker", child_id=amelia.pk
    ).exists()


def test_a_patient_reference_reaches_no_child_the_caller_may_not_see(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """A bare id is not a trace: the A&E nurse, who may trace any child by NHS number, finds
    nothing by id alone (R-FLAG-10); a stranger neither."""
    flag_add(amelia)
    clients = [fhir_as("stranger"), fhir_as("ae.nurse")]
    before = AuditEvent.objects.count()
    for client in clients:
        found = body(client.get(f"/fhir/R4/Flag?patient=Patient/{amelia.pk}"))
        assert found["total"] == 0
    assert AuditEvent.objects.count() == before


def test_flags_are_filtered_by_status(fhir_as: FhirAs, amelia: Child) -> None:
    today = clock.today()
    open_flag = flag_add(amelia, plan_type=PlanType.LAC, start=today - dt.timedelta(days=90))
    ended = flag_add(
        amelia,
        plan_type=PlanType.CPP,
        start=today - dt.timedelta(days=300),
        end=today - dt.timedelta(days=30),
    )
    worker = fhir_as("social.worker")
    query = f"/fhir/R4/Flag?patient:identifier={NHS}|{AMELIA_NHS}"

    active = body(worker.get(f"{query}&status=active"))
    inactive = body(worker.get(f"{query}&status=inactive"))
    both = body(worker.get(f"{query}&status=active,inactive"))

    assert [e["resource"]["id"] for e in active["entry"]] == [str(open_flag.pk)]
    assert [e["resource"]["id"] for e in inactive["entry"]] == [str(ended.pk)]
    assert both["total"] == 2


def test_a_flag_is_read_at_its_full_url(fhir_as: FhirAs, amelia: Child) -> None:
    flag_add(amelia)
    worker = fhir_as("social.worker")
    found = body(worker.get(f"/fhir/R4/Flag?patient:identifier={NHS}|{AMELIA_NHS}"))
    (entry,) = found["entry"]
    before = AuditEvent.objects.filter(object_type="FlagLookup").count()

    read = worker.get(path_of(entry["fullUrl"]))

    assert read.status_code == 200
    assert body(read) == entry["resource"]
    assert AuditEvent.objects.filter(object_type="FlagLookup").count() == before + 1


@pytest.mark.parametrize("username", ["stranger", "ae.nurse"])
def test_a_flag_the_reader_may_not_see_is_the_same_404_as_none(
    fhir_as: FhirAs, amelia: Child, username: str
) -> None:
    flag = flag_add(amelia)
    client = fhir_as(username)
    before = AuditEvent.objects.count()

    hidden = client.get(f"/fhir/R4/Flag/{flag.pk}")
    absent = client.get("/fhir/R4/Flag/999999")
    risk = client.get("/fhir/R4/Flag/risk-999999")

    assert hidden.status_code == absent.status_code == risk.status_code == 404
    assert only_issue(hidden) == only_issue(absent)
    assert AuditEvent.objects.count() == before


# --- the CapabilityStatement says so ---------------------------------------------------------


def test_the_capability_statement_declares_these_interactions(client: Any) -> None:
    data = body(client.get("/fhir/R4/metadata"))
    (rest,) = data["rest"]
    by_type = {r["type"]: r for r in rest["resource"]}
    encounter, flag = by_type["Encounter"], by_type["Flag"]
    assert {i["code"] for i in encounter["interaction"]} == {"read", "create", "search-type"}
    assert encounter["conditionalCreate"] is True
    assert [o["name"] for o in encounter["operation"]] == [
        "discharge",
        "left-before-seen",
        "register",
    ]
    # R-REF-4: the child's A&E record, written and read.
    record = by_type["QuestionnaireResponse"]
    assert {i["code"] for i in record["interaction"]} == {"read", "create"}
    assert "read" in {i["code"] for i in flag["interaction"]}
    assert flag["conditionalCreate"] is False
    assert [p["name"] for p in flag["searchParam"]] == ["patient:identifier", "patient", "status"]
    observation = by_type["Observation"]  # outcome values (R-OUT-5)
    assert {i["code"] for i in observation["interaction"]} == {"read", "create", "search-type"}
    assert [p["name"] for p in observation["searchParam"]] == ["patient:identifier", "code"]
    result_params = {p["name"] for p in rest["searchParam"]}
    assert result_params == {"_count", "_summary", "_elements", "_format"}


def test_the_registering_setting_reads_its_own_past_attendance(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """The Location a registration answers with can be read by the setting that registered
    it, even for an attendance that started months ago."""
    nurse = fhir_as("ae.nurse")
    response = create(nurse, attendance(period={"start": "2026-01-05T10:00:00Z"}))

    read = nurse.get(path_of(response["Location"]))

    assert read.status_code == 200
    assert body(read)["period"]["start"] == "2026-01-05T10:00:00Z"


def test_encounters_are_found_by_patient_reference_with_the_same_rules(
    fhir_as: FhirAs, amelia: Child
) -> None:
    create(fhir_as("ae.nurse"), attendance(period={"start": "2026-01-05T10:00:00Z"}))
    worker, stranger = fhir_as("social.worker"), fhir_as("stranger")

    seen = body(worker.get(f"/fhir/R4/Encounter?patient=Patient/{amelia.pk}"))
    hidden = body(stranger.get(f"/fhir/R4/Encounter?patient=Patient/{amelia.pk}"))

    assert seen["total"] == 1
    assert seen["entry"][0]["resource"]["subject"]["identifier"]["value"] == AMELIA_NHS
    assert hidden["total"] == 0


@pytest.mark.parametrize(
    "query", ["", f"patient=Patient/1&patient:identifier={NHS}|{AMELIA_NHS}", "patient=Flag/1"]
)
def test_an_encounter_search_must_name_one_patient(
    fhir_as: FhirAs, amelia: Child, query: str
) -> None:
    response = fhir_as("social.worker").get(f"/fhir/R4/Encounter?{query}")
    assert response.status_code == 400
    assert only_issue(response)["expression"] == ["Encounter.patient"]
