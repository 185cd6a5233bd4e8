"""POST /fhir/R4/Encounter and GET /fhir/R4/Encounter?patient:identifier=... (issue 3 item 3;
R-FLAG-3 to R-FLAG-6, R-FLAG-10).

Registering through the API does what the registration page does: the attendance, the council
told about a flagged child at unscheduled care, the look-up audited; and the answer shows at
once the flags, who looked before, and the attendances everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.tests.factories import flag_add
from seenheard.fhir.tests.conftest import ABSENT_NHS, AMELIA_NHS, NHS, FhirAs, FhirClient, body
from seenheard.fhir.tests.writes import send, state
from seenheard.flags.models import FlagAttendanceAlert, PlanType

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


def attendance(
    nhs_number: str = AMELIA_NHS, *, setting: str = "RDEMO-ED", **extra: Any
) -> dict[str, Any]:
    return {
        "resourceType": "Encounter",
        "status": "arrived",
        "subject": {"identifier": {"system": NHS, "value": nhs_number}},
        "serviceProvider": {"identifier": {"system": ODS, "value": setting}},
        **extra,
    }


def register(client: FhirClient, resource: Any) -> Any:
    """The registration with everything it shows at once (the $register operation)."""
    return send(client, "post", "/fhir/R4/Encounter/$register", resource)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def only_issue(response: Any) -> dict[str, Any]:
    (issue,) = body(response)["issue"]
    return issue


def test_ae_nurse_registers_a_flagged_child_and_sees_the_flag_at_once(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """R-FLAG-3, R-FLAG-5: the banner comes back with the registration, and the council is told."""
    flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))

    response = register(fhir_as("ae.nurse"), attendance())

    assert response.status_code == 201, body(response)
    encounter = Encounter.objects.get()
    assert response["Location"] == f"http://testserver/fhir/R4/Encounter/{encounter.pk}"
    bundle = body(response)
    assert bundle["type"] == "collection"
    first = bundle["entry"][0]["resource"]
    assert first["resourceType"] == "Encounter"
    assert first["id"] == str(encounter.pk)
    assert first["status"] == "arrived"
    assert first["class"]["code"] == "EMER"
    assert first["serviceProvider"]["identifier"] == {"system": ODS, "value": "RDEMO-ED"}
    assert first["subject"]["reference"] == f"Patient/{amelia.pk}"
    (flag,) = resources(bundle, "Flag")
    assert flag["code"]["coding"][0]["code"] == "764841000000100"
    phones = [c["telecom"][0]["value"] for c in flag["contained"][0]["contact"]]
    assert phones == ["020 7946 0019", "020 7946 0919"]
    alert = FlagAttendanceAlert.objects.get()
    assert (alert.la.code, alert.child_id, alert.encounter_id) == (
        "E09000019",
        amelia.pk,
        encounter.pk,
    )
    lookup = AuditEvent.objects.get(object_type="FlagLookup")
    assert (lookup.actor_username, lookup.channel) == ("ae.nurse", "api")
    assert lookup.detail["purpose"] == "registration"


def test_a_second_registration_shows_the_earlier_attendance_and_who_looked(
    fhir_as: FhirAs, amelia: Child, token_for: Any
) -> None:
    """R-FLAG-4, R-FLAG-6: attendances at every setting and the recent views, at once."""
    from seenheard.encounters.tests.factories import staff_add

    flag_add(amelia)
    staff_add("miu.nurse", org_code="RDEMO-MIU", role="unscheduled-care")
    register(fhir_as("ae.nurse"), attendance())

    response = register(FhirClient(token_for("miu.nurse")), attendance(setting="RDEMO-MIU"))

    bundle = body(response)
    new, earlier = resources(bundle, "Encounter")
    assert new["serviceProvider"]["identifier"]["value"] == "RDEMO-MIU"
    assert earlier["serviceProvider"]["display"] == "Demo Hospital Emergency Department"
    assert earlier["status"] == "arrived"  # kept as registered (ADR 023)
    (view,) = resources(bundle, "AuditEvent")
    assert view["agent"][0]["who"]["identifier"]["value"] == "ae.nurse"
    assert view["agent"][1]["who"]["identifier"] == {"system": ODS, "value": "RDEMO-ED"}


def test_the_start_time_given_is_recorded(fhir_as: FhirAs, amelia: Child) -> None:
    start = (clock.now() - dt.timedelta(hours=2)).replace(microsecond=0)

    response = register(
        fhir_as("ae.nurse"), attendance(period={"start": start.isoformat()}, status="in-progress")
    )

    assert response.status_code == 201
    assert Encounter.objects.get().started_at == start
    assert body(response)["entry"][0]["resource"]["status"] == "in-progress"


def test_a_gp_registration_is_a_silent_read(fhir_as: FhirAs, amelia: Child) -> None:
    """R-FLAG-5: scheduled care sees the flag, and the council is not told."""
    flag_add(amelia)

    response = register(fhir_as("gp"), attendance(setting="YDEMO1"))

    assert response.status_code == 201
    bundle = body(response)
    assert bundle["entry"][0]["resource"]["class"]["code"] == "AMB"
    assert len(resources(bundle, "Flag")) == 1
    assert not FlagAttendanceAlert.objects.exists()


def test_the_child_may_be_named_by_patient_id(fhir_as: FhirAs, amelia: Child) -> None:
    """Once traced by NHS number (ADR 019): the search result's id names the child."""
    resource = {**attendance(), "subject": {"reference": f"Patient/{amelia.pk}"}}
    client = fhir_as("ae.nurse")
    client.get(f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}")

    response = register(client, resource)

    assert response.status_code == 201
    assert Encounter.objects.get().child_id == amelia.pk


def test_a_patient_id_the_caller_may_not_find_is_the_same_422_as_none(
    fhir_as: FhirAs, cast: dict, token_for: Any
) -> None:
    """R-FLAG-10: a health visitor with no relationship with Noah cannot register him by id,
    and cannot tell his record exists."""
    from seenheard.encounters.tests.factories import child_named

    noah = child_named("9990000034")
    client = fhir_as("hv.nurse")
    before = state()

    answers = [
        register(client, {**attendance(setting="RDEMO-HV"), "subject": {"reference": ref}})
        for ref in (f"Patient/{noah.pk}", f"Patient/{noah.pk + 100000}", "Patient/abc")
    ]

    assert {a.status_code for a in answers} == {422}
    assert len({a.content for a in answers}) == 1
    assert state() == before


# --- bad input: refused, naming the element, and nothing changed ------------------------------

FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0).isoformat()

BAD = [
    ("malformed NHS number", attendance("9990000019"), 400, ["Encounter.subject"], "not a valid"),
    ("unknown child", attendance(ABSENT_NHS), 422, ["Encounter.subject"], "No child was found"),
    ("no subject", {**attendance(), "subject": None}, 400, ["Encounter.subject"], "required"),
    (
        "another setting",
        attendance(setting="RDEMO-MIU"),
        403,
        ["Encounter.serviceProvider"],
        "your own setting",
    ),
    (
        "setting not by ODS code",
        {**attendance(), "serviceProvider": {"display": "A&E"}},
        400,
        ["Encounter.serviceProvider"],
        "ODS code",
    ),
    (
        "start in the future",
        attendance(period={"start": FUTURE}),
        400,
        ["Encounter.period.start"],
        "future",
    ),
    (
        "start without a time zone",
        attendance(period={"start": "2026-01-05T10:00:00"}),
        400,
        ["Encounter.period.start"],
        "time zone",
    ),
    (
        "start as a date only",
        attendance(period={"start": "2026-01-05"}),
        400,
        ["Encounter.period.start"],
        "date and time",
    ),
    ("finished", attendance(status="finished"), 400, ["Encounter.status"], "arrived"),
    (
        "a Flag",
        {**attendance(), "resourceType": "Flag"},
        400,
        ["Encounter.resourceType"],
        "Encounter",
    ),
]


@pytest.mark.parametrize(
    ("resource", "status", "expression", "words"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_a_bad_registration_is_refused_and_changes_nothing(
    fhir_as: FhirAs,
    amelia: Child,
    resource: dict[str, Any],
    status: int,
    expression: list[str],
    words: str,
) -> None:
    flag_add(amelia)
    client = fhir_as("ae.nurse")
    before = state()

    response = register(client, resource)

    assert response.status_code == status
    issue = only_issue(response)
    assert issue["expression"] == expression
    assert words in issue["diagnostics"]
    assert state() == before


@pytest.mark.parametrize(
    "username", ["social.worker", "flag.admin", "board", "admin", "safeguarding.lead"]
)
def test_roles_that_do_not_register_are_refused(
    fhir_as: FhirAs, amelia: Child, username: str
) -> None:
    client = fhir_as(username)
    before = state()
    response = register(client, attendance())
    assert response.status_code == 403
    assert only_issue(response)["code"] == "forbidden"
    assert state() == before


# --- attendances across settings -------------------------------------------------------------


def search(client: FhirClient, nhs_number: str) -> Any:
    return client.get(f"/fhir/R4/Encounter?patient:identifier={NHS}|{nhs_number}")


def test_social_worker_sees_the_childs_attendances_newest_first(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """R-FLAG-6: every setting, newest first, audited."""
    nurse = fhir_as("ae.nurse")
    register(nurse, attendance(period={"start": "2026-01-05T10:00:00Z"}))
    register(nurse, attendance(period={"start": "2026-02-05T10:00:00Z"}))

    bundle = body(search(fhir_as("social.worker"), AMELIA_NHS))

    assert bundle["total"] == 2
    starts = [e["resource"]["period"]["start"] for e in bundle["entry"]]
    assert starts == ["2026-02-05T10:00:00Z", "2026-01-05T10:00:00Z"]
    assert AuditEvent.objects.filter(
        object_type="EncounterList", actor_username="social.worker", child_id=amelia.pk
    ).exists()


def test_a_stranger_sees_no_attendances_exactly_as_for_no_child(
    fhir_as: FhirAs, amelia: Child
) -> None:
    register(fhir_as("ae.nurse"), attendance())
    client = fhir_as("stranger")

    hidden = body(search(client, AMELIA_NHS))
    absent = body(search(client, ABSENT_NHS))

    assert hidden["total"] == absent["total"] == 0
    assert "entry" not in hidden


def test_a_malformed_search_is_400(fhir_as: FhirAs, cast: dict) -> None:
    response = fhir_as("social.worker").get(f"/fhir/R4/Encounter?patient:identifier={NHS}|123")
    assert response.status_code == 400
    assert only_issue(response)["expression"] == ["Encounter.patient:identifier"]


def test_a_retry_with_the_same_identifier_registers_once(fhir_as: FhirAs, amelia: Child) -> None:
    """A client that retries after a lost answer must not register or notify twice."""
    flag_add(amelia)
    client = fhir_as("ae.nurse")
    ours = [{"system": "urn:example:ed-attendances", "value": "A-1001"}]
    first = register(client, attendance(identifier=ours))
    again = register(client, attendance(identifier=ours))
    assert first.status_code == 201
    assert again.status_code == 200
    (encounter,) = resources(body(again), "Encounter")
    assert encounter["id"] == resources(body(first), "Encounter")[0]["id"]
    assert resources(body(again), "Flag")  # the flag is still shown at once
    assert Encounter.objects.filter(child=amelia).count() == 1
    assert FlagAttendanceAlert.objects.filter(child=amelia).count() == 1


def test_an_identifier_reused_for_another_child_is_a_conflict(
    fhir_as: FhirAs, amelia: Child, noah: Child
) -> None:
    client = fhir_as("ae.nurse")
    ours = [{"system": "urn:example:ed-attendances", "value": "A-1002"}]
    assert register(client, attendance(identifier=ours)).status_code == 201
    clash = register(client, attendance(noah.nhs_number, identifier=ours))
    assert clash.status_code == 409
    assert only_issue(clash)["expression"] == ["Encounter.identifier"]
    assert not Encounter.objects.filter(child=noah).exists()


def test_a_malformed_identifier_is_400(fhir_as: FhirAs, amelia: Child) -> None:
    response = register(fhir_as("ae.nurse"), attendance(identifier=[{"value": "x"}]))
    assert response.status_code == 400
    assert only_issue(response)["expression"] == ["Encounter.identifier"]
    assert not Encounter.objects.exists()
