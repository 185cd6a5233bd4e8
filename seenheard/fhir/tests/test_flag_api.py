"""POST /fhir/R4/Flag, PUT /fhir/R4/Flag/{id} and GET /fhir/R4/Flag?patient:identifier=...
(issue 3 items 1 to 3 and "Bad input"; R-FLAG-1 to R-FLAG-5, R-FLAG-10).

A council's flag administrator records and ends flags through the API with the same checks as
an upload; a malformed Flag is a 400 naming the element, a well-formed one that breaks a rule of
the index a 422, and nothing changes either way. Anyone who may find the child sees the flags
as the banner shows them; the look-up is audited and silent.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.encounters.tests.factories import child_named, flag_add, staff_add
from seenheard.fhir.tests.conftest import ABSENT_NHS, AMELIA_NHS, NHS, FhirAs, FhirClient, body
from seenheard.fhir.tests.writes import send, state
from seenheard.flags.models import FlagAttendanceAlert, PlanType, ProtectionFlag
from seenheard.jobs.models import Notification

pytestmark = pytest.mark.django_db

SNOMED = "http://snomed.info/sct"
ONS = "http://statistics.data.gov.uk/id/statistical-geography"
BIRTH = "https://seenheard.example/fhir/StructureDefinition/subject-birth-date"
DELIVERY = "https://seenheard.example/fhir/StructureDefinition/expected-delivery-date"
BIRTH_EXPR = f"Flag.extension('{BIRTH}')"
NOAH_NHS = "9990000034"
CPP, LAC, UCPP = "342191000000101", "764841000000100", "818901000000100"


def flag_for(
    nhs_number: str = NOAH_NHS,
    *,
    born: str = "2010-11-30",
    code: str = CPP,
    start: str = "2025-06-01",
    end: str | None = None,
    council: str = "E09000019",
) -> dict[str, Any]:
    period = {"start": start, **({"end": end} if end else {})}
    return {
        "resourceType": "Flag",
        "extension": [{"url": BIRTH, "valueDate": born}],
        "status": "inactive" if end else "active",
        "code": {"coding": [{"system": SNOMED, "code": code}]},
        "subject": {"reference": f"Patient?identifier={NHS}|{nhs_number}"},
        "period": period,
        "author": {"identifier": {"system": ONS, "value": council}},
    }


def post(client: FhirClient, resource: Any, **kwargs: Any) -> Any:
    return send(client, "post", "/fhir/R4/Flag", resource, **kwargs)


def search(client: FhirClient, nhs_number: str) -> Any:
    return client.get(f"/fhir/R4/Flag?patient:identifier={NHS}|{nhs_number}")


def only_issue(response: Any) -> dict[str, Any]:
    (issue,) = body(response)["issue"]
    return issue


# --- a council records and ends a flag -------------------------------------------------------


def test_flag_admin_records_a_child_protection_plan(fhir_as: FhirAs, cast: dict) -> None:
    """R-FLAG-2: one flag from the council's system, checked like an upload line."""
    noah = child_named(NOAH_NHS)

    response = post(fhir_as("flag.admin"), flag_for())

    assert response.status_code == 201
    flag = ProtectionFlag.objects.get()
    assert response["Location"] == f"http://testserver/fhir/R4/Flag/{flag.pk}"
    assert (flag.plan_type, flag.child_id, flag.source) == (PlanType.CPP, noah.pk, "api")
    assert flag.start_date == dt.date(2025, 6, 1) and flag.end_date is None
    resource = body(response)
    assert resource["resourceType"] == "Flag"
    assert resource["id"] == str(flag.pk)
    assert resource["status"] == "active"
    assert resource["code"]["coding"][0]["code"] == CPP
    assert resource["subject"]["reference"] == f"Patient/{noah.pk}"
    assert resource["author"]["identifier"] == {"system": ONS, "value": "E09000019"}
    created = AuditEvent.objects.get(object_type="ProtectionFlag", action="create")
    assert (created.actor_username, created.channel) == ("flag.admin", "api")


def test_the_same_flag_sent_twice_is_held_once(fhir_as: FhirAs, cast: dict) -> None:
    client = fhir_as("flag.admin")
    first = post(client, flag_for())

    again = post(client, flag_for())

    assert (first.status_code, again.status_code) == (201, 200)
    assert ProtectionFlag.objects.count() == 1
    assert body(again)["id"] == body(first)["id"]
    assert "Location" not in again


def test_an_unborn_childs_plan_is_held_against_the_mother(fhir_as: FhirAs, cast: dict) -> None:
    """R-FLAG-1: UCPP uses the mother's NHS number and date of birth, with the expected date
    of delivery when known."""
    mother = Adult.objects.create(
        nhs_number="9990000042",
        given_name="Mia",
        family_name="Hart",
        date_of_birth=dt.date(1995, 4, 9),
    )
    resource = flag_for("9990000042", born="1995-04-09", code=UCPP)
    resource["extension"].append({"url": DELIVERY, "valueDate": "2026-12-20"})

    response = post(fhir_as("flag.admin"), resource)

    assert response.status_code == 201, body(response)
    flag = ProtectionFlag.objects.get()
    assert (flag.mother_id, flag.child_id) == (mother.pk, None)
    assert flag.expected_delivery_date == dt.date(2026, 12, 20)
    sent = body(response)
    assert "reference" not in sent["subject"]
    assert sent["subject"]["identifier"]["value"] == "9990000042"
    assert {"url": DELIVERY, "valueDate": "2026-12-20"} in sent["extension"]


def test_flag_admin_ends_the_flag_with_put(fhir_as: FhirAs, cast: dict) -> None:
    client = fhir_as("flag.admin")
    flag_id = body(post(client, flag_for()))["id"]
    yesterday = (clock.today() - dt.timedelta(days=1)).isoformat()

    response = send(
        client,
        "put",
        f"/fhir/R4/Flag/{flag_id}",
        {"resourceType": "Flag", "id": flag_id, "status": "inactive", "period": {"end": yesterday}},
    )

    assert response.status_code == 200, body(response)
    assert body(response)["status"] == "inactive"
    assert body(response)["period"] == {"start": "2025-06-01", "end": yesterday}
    assert ProtectionFlag.objects.get().end_date == dt.date.fromisoformat(yesterday)
    # R-FLAG-1: A&E now sees "previously on a plan".
    shown = body(search(fhir_as("ae.nurse"), NOAH_NHS))["entry"][0]["resource"]
    assert shown["status"] == "inactive"
    assert "Previously on a plan" in shown["text"]["div"]


# --- bad input: 400 naming the element, and nothing changed ---------------------------------


def _without(resource: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(resource)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def _with(resource: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(resource)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


GOOD = flag_for()

BAD_FLAGS = [
    # (what, resource, status, IssueType, expression, words)
    ("check digit", flag_for("9990000035"), 400, "value", ["Flag.subject"], "not a valid"),
    ("short NHS number", flag_for("99900"), 400, "value", ["Flag.subject"], "10 digits"),
    (
        "subject by another system",
        _with(GOOD, {"identifier": {"system": ONS, "value": NOAH_NHS}}, "subject"),
        400,
        "invalid",
        ["Flag.subject"],
        "NHS number",
    ),
    ("no subject", _without(GOOD, "subject"), 400, "required", ["Flag.subject"], "required"),
    ("unknown plan code", flag_for(code="1234567"), 400, "code-invalid", ["Flag.code"], CPP),
    (
        "no SNOMED coding",
        _with(GOOD, {"coding": [{"system": "local", "code": "CPP"}]}, "code"),
        400,
        "required",
        ["Flag.code"],
        SNOMED,
    ),
    (
        "missing period.start",
        _without(GOOD, "period", "start"),
        400,
        "required",
        ["Flag.period.start"],
        "required",
    ),
    ("missing period", _without(GOOD, "period"), 400, "required", ["Flag.period"], "required"),
    (
        "start not a date",
        flag_for(start="2025-13-01"),
        400,
        "value",
        ["Flag.period.start"],
        "not a date",
    ),
    (
        "end before start",
        flag_for(start="2025-06-01", end="2025-05-01"),
        400,
        "invariant",
        ["Flag.period.end"],
        "before the start",
    ),
    (
        "inactive without an end",
        _with(GOOD, "inactive", "status"),
        400,
        "required",
        ["Flag.period.end"],
        "required",
    ),
    (
        "active but ended",
        _with(flag_for(end="2025-07-01"), "active", "status"),
        400,
        "invariant",
        ["Flag.status"],
        "send status inactive",
    ),
    ("unknown status", _with(GOOD, "draft", "status"), 400, "value", ["Flag.status"], "active"),
    ("no birth date", _without(GOOD, "extension"), 400, "required", [BIRTH_EXPR], "date of birth"),
    (
        "birth date not a date",
        _with(GOOD, [{"url": BIRTH, "valueDate": "30/11/2010"}], "extension"),
        400,
        "value",
        [BIRTH_EXPR],
        "not a date",
    ),
    (
        "delivery date on a CPP",
        _with(
            GOOD,
            [
                {"url": BIRTH, "valueDate": "2010-11-30"},
                {"url": DELIVERY, "valueDate": "2026-12-20"},
            ],
            "extension",
        ),
        400,
        "invalid",
        [f"Flag.extension('{DELIVERY}')"],
        "unborn",
    ),
    (
        "author without ONS code",
        _with(GOOD, {"display": "Islington"}, "author"),
        400,
        "invalid",
        ["Flag.author"],
        "ONS code",
    ),
    (
        "wrong resource",
        _with(GOOD, "Patient", "resourceType"),
        400,
        "invalid",
        ["Flag.resourceType"],
        "Flag",
    ),
    ("not JSON", "{nhs_number: 1", 400, "structure", None, "not valid JSON"),
    ("a JSON list", "[]", 400, "structure", None, "JSON object"),
    # Well formed, but the index's rules refuse it: 422.
    ("nobody has it", flag_for(ABSENT_NHS), 422, "not-found", ["Flag.subject"], "No known child"),
    (
        "date of birth mismatch",
        flag_for(born="2010-11-29"),
        422,
        "business-rule",
        ["Flag.subject", BIRTH_EXPR],
        "does not match",
    ),
    (
        "start in the future",
        flag_for(start="2099-01-01"),
        422,
        "business-rule",
        ["Flag.period.start"],
        "in the future",
    ),
]


@pytest.mark.parametrize(
    ("resource", "status", "code", "expression", "words"),
    [case[1:] for case in BAD_FLAGS],
    ids=[case[0] for case in BAD_FLAGS],
)
def test_a_bad_flag_is_refused_naming_the_element_and_changes_nothing(
    fhir_as: FhirAs,
    cast: dict,
    resource: Any,
    status: int,
    code: str,
    expression: list[str] | None,
    words: str,
) -> None:
    client = fhir_as("flag.admin")
    before = state()

    response = post(client, resource)

    assert response.status_code == status
    issue = only_issue(response)
    assert issue["severity"] == "error"
    assert issue["code"] == code
    assert issue.get("expression") == expression
    assert words in issue["diagnostics"]
    assert state() == before


def test_a_body_that_is_not_fhir_json_is_415(fhir_as: FhirAs, cast: dict) -> None:
    client = fhir_as("flag.admin")
    before = state()
    response = post(client, "nhs_number,plan\n1,CPP", content_type="text/csv")
    assert response.status_code == 415
    assert "application/fhir+json" in only_issue(response)["diagnostics"]
    assert state() == before


def test_plain_application_json_is_accepted(fhir_as: FhirAs, cast: dict) -> None:
    response = post(fhir_as("flag.admin"), flag_for(), content_type="application/json")
    assert response.status_code == 201


# --- who may record flags ---------------------------------------------------------------------


def test_a_council_cannot_record_a_flag_for_another_council(fhir_as: FhirAs, cast: dict) -> None:
    """Islington's administrator naming Birmingham as author: 403, nothing changed."""
    client = fhir_as("flag.admin")
    before = state()

    response = post(client, flag_for(council="E08000025"))

    assert response.status_code == 403
    issue = only_issue(response)
    assert issue["code"] == "forbidden"
    assert issue["expression"] == ["Flag.author"]
    assert "Birmingham" in issue["diagnostics"]
    assert state() == before


@pytest.mark.parametrize("username", ["ae.nurse", "social.worker", "stranger", "gp", "board"])
def test_only_flag_administrators_record_or_end_flags(
    fhir_as: FhirAs, cast: dict, username: str
) -> None:
    flag = flag_add(child_named(NOAH_NHS))
    client = fhir_as(username)
    before = state()

    created = post(client, flag_for())
    ended = send(
        client,
        "put",
        f"/fhir/R4/Flag/{flag.pk}",
        {"resourceType": "Flag", "status": "inactive", "period": {"end": "2025-07-01"}},
    )

    assert created.status_code == ended.status_code == 403
    assert "flag administrators" in only_issue(created)["diagnostics"]
    assert state() == before


def test_ending_another_councils_flag_is_the_same_404_as_no_flag(
    fhir_as: FhirAs, token_for: Any, cast: dict
) -> None:
    """Birmingham's flag administrator cannot end Islington's flag, and cannot tell it exists."""
    flag = flag_add(child_named(NOAH_NHS))
    staff_add("bham.flags", org_code="E08000025", role="flag-admin")
    client = FhirClient(token_for("bham.flags"))
    end = {"resourceType": "Flag", "status": "inactive", "period": {"end": "2025-07-01"}}
    before = state()

    theirs = send(client, "put", f"/fhir/R4/Flag/{flag.pk}", end)
    absent = send(client, "put", f"/fhir/R4/Flag/{flag.pk + 1000}", end)
    nonsense = send(client, "put", "/fhir/R4/Flag/abc", end)

    assert theirs.status_code == absent.status_code == nonsense.status_code == 404
    assert theirs.content == absent.content == nonsense.content
    assert state() == before


BAD_ENDS = [
    ("end before start", {"period": {"end": "2025-05-01"}}, "Flag.period.end", "before the start"),
    ("end not a date", {"period": {"end": "soon"}}, "Flag.period.end", "not a date"),
    ("no end", {"period": {}}, "Flag.period.end", "required"),
    ("re-opening", {"status": "active"}, "Flag.status", "POST"),
    (
        "another plan",
        {"code": {"coding": [{"system": SNOMED, "code": LAC}]}},
        "Flag.code",
        "differs",
    ),
    (
        "another person",
        {"subject": {"identifier": {"system": NHS, "value": AMELIA_NHS}}},
        "Flag.subject",
        "differs",
    ),
    (
        "another start",
        {"period": {"start": "2024-01-01", "end": "2025-07-01"}},
        "Flag.period.start",
        "differs",
    ),
    ("another id", {"id": "999"}, "Flag.id", "not the id"),
    (
        "future end marked inactive",
        {"period": {"end": "2099-01-01"}},
        "Flag.status",
        "send status active",
    ),
]


@pytest.mark.parametrize(
    ("change", "expression", "words"),
    [case[1:] for case in BAD_ENDS],
    ids=[case[0] for case in BAD_ENDS],
)
def test_a_bad_end_is_refused_and_the_flag_stays_as_it_was(
    fhir_as: FhirAs, cast: dict, change: dict[str, Any], expression: str, words: str
) -> None:
    """Checks that need the held flag run inside the transaction: a refusal undoes the end."""
    flag = flag_add(child_named(NOAH_NHS))
    resource = {"resourceType": "Flag", "status": "inactive", "period": {"end": "2025-07-01"}}
    resource.update(change)
    client = fhir_as("flag.admin")
    before = state()

    response = send(client, "put", f"/fhir/R4/Flag/{flag.pk}", resource)

    assert response.status_code == 400
    issue = only_issue(response)
    assert issue["expression"] == [expression]
    assert words in issue["diagnostics"]
    assert state() == before
    flag.refresh_from_db()
    assert flag.end_date is None


# --- reading a child's flags ------------------------------------------------------------------


def test_ae_nurse_sees_the_banner_with_the_council_and_both_numbers(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """R-FLAG-3: type, dates, council and both telephone numbers, for API users too."""
    flag = flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))

    response = search(fhir_as("ae.nurse"), AMELIA_NHS)

    assert response.status_code == 200
    bundle = body(response)
    assert (bundle["type"], bundle["total"]) == ("searchset", 1)
    (entry,) = bundle["entry"]
    assert entry["fullUrl"] == f"http://testserver/fhir/R4/Flag/{flag.pk}"
    resource = entry["resource"]
    assert resource["status"] == "active"
    assert resource["code"]["coding"][0] == {
        "system": SNOMED,
        "code": LAC,
        "display": "Looked after child",
    }
    assert resource["period"] == {"start": "2024-09-01"}
    assert resource["subject"]["reference"] == f"Patient/{amelia.pk}"
    (council,) = resource["contained"]
    assert council["name"] == "Islington"
    phones = {c["purpose"]["text"]: c["telecom"][0]["value"] for c in council["contact"]}
    assert phones == {
        "Office hours": "020 7946 0019",
        "Out of hours (emergency duty team)": "020 7946 0919",
    }
    assert resource["author"]["reference"] == "#council"
    assert "020 7946 0919" in resource["text"]["div"]


def test_a_plan_ended_over_12_months_ago_is_not_shown(fhir_as: FhirAs, amelia: Child) -> None:
    flag_add(amelia, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    assert body(search(fhir_as("ae.nurse"), AMELIA_NHS))["total"] == 0


def test_the_look_up_is_audited_and_silent_for_a_gp(fhir_as: FhirAs, amelia: Child) -> None:
    """R-FLAG-4, R-FLAG-5: a look-up is recorded (who, role, organisation) and tells no one."""
    flag_add(amelia)

    response = search(fhir_as("gp"), AMELIA_NHS)

    assert body(response)["total"] == 1
    lookup = AuditEvent.objects.get(object_type="FlagLookup", child_id=amelia.pk)
    assert (lookup.actor_username, lookup.actor_role, lookup.actor_org_code) == (
        "gp",
        "gp",
        "YDEMO1",
    )
    assert lookup.channel == "api"
    assert not FlagAttendanceAlert.objects.exists()
    assert not Notification.objects.exists()


def test_a_stranger_gets_the_same_empty_bundle_as_for_no_child(
    fhir_as: FhirAs, amelia: Child
) -> None:
    flag_add(amelia)
    client = fhir_as("stranger")

    hidden = body(search(client, AMELIA_NHS))
    absent = body(search(client, ABSENT_NHS))

    assert hidden["total"] == absent["total"] == 0
    assert "entry" not in hidden
    assert not AuditEvent.objects.filter(child_id=amelia.pk).exists()


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        (f"patient:identifier={NHS}|9990000019", "Flag.patient:identifier"),
        (f"patient:identifier={AMELIA_NHS}", "Flag.patient:identifier"),
        (f"patient:identifier={NHS}|{AMELIA_NHS}&status=closed", "Flag.status"),
        (f"patient:identifier={NHS}|{AMELIA_NHS}&code=x", "code"),
        (f"patient:identifier={NHS}|{AMELIA_NHS}&patient=Patient/1", "Flag.patient"),
        ("patient=Observation/1", "Flag.patient"),
        ("", "Flag.patient"),
    ],
)
def test_a_bad_search_is_400_naming_the_parameter(
    fhir_as: FhirAs, amelia: Child, query: str, expression: str
) -> None:
    client = fhir_as("ae.nurse")
    before = AuditEvent.objects.count()
    response = client.get(f"/fhir/R4/Flag?{query}")
    assert response.status_code == 400
    assert only_issue(response)["expression"] == [expression]
    assert AuditEvent.objects.count() == before
