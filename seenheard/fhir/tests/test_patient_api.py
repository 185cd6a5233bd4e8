"""GET /fhir/R4/Patient?identifier=... and GET /fhir/R4/Patient/{id} (issue 2 item 10).

Same access rules as the pages (R-FLAG-10): unscheduled care may trace any child by NHS number
(R-FLAG-3); others see only children their organisation has a relationship with; not allowed
looks exactly like not found; every record shown is audited on the "api" channel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.children.models import Child
from seenheard.fhir.tests.conftest import ABSENT_NHS, AMELIA_NHS, NHS, FhirAs, FhirClient, body

pytestmark = pytest.mark.django_db


def search(client: FhirClient, nhs_number: str) -> Any:
    return client.get(f"/fhir/R4/Patient?identifier={NHS}|{nhs_number}")


def api_views_of(child_id: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            child_id=child_id, action=AuditAction.VIEW, object_type="Child", channel="api"
        )
    )


def without_self_link(bundle: dict) -> dict:
    return {k: v for k, v in bundle.items() if k != "link"}


# --- happy paths -----------------------------------------------------------------------------


def test_ae_nurse_traces_any_child_by_nhs_number(fhir_as: FhirAs, amelia: Child) -> None:
    """R-FLAG-3: a child arriving in A&E has no relationship yet; the trace still finds them."""
    response = search(fhir_as("ae.nurse"), AMELIA_NHS)

    assert response.status_code == 200
    bundle = body(response)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "searchset"
    assert bundle["total"] == 1
    (entry,) = bundle["entry"]
    assert entry["fullUrl"] == f"http://testserver/fhir/R4/Patient/{amelia.pk}"
    assert entry["search"] == {"mode": "match"}
    patient = entry["resource"]
    assert patient["id"] == str(amelia.pk)
    assert patient["identifier"] == [{"system": NHS, "value": AMELIA_NHS}]
    assert patient["name"][0]["family"] == "Hart"
    assert patient["gender"] == "female"
    assert patient["birthDate"] == "2014-03-02"
    assert bundle["link"][0]["relation"] == "self"


def test_search_accepts_an_nhs_number_written_with_spaces(fhir_as: FhirAs) -> None:
    response = fhir_as("ae.nurse").get(f"/fhir/R4/Patient?identifier={NHS}|999 000 0018")
    assert body(response)["total"] == 1


def test_lac_nurse_reads_amelia_by_id(fhir_as: FhirAs, amelia: Child) -> None:
    response = fhir_as("lac.nurse").get(f"/fhir/R4/Patient/{amelia.pk}")

    assert response.status_code == 200
    patient = body(response)
    assert patient["resourceType"] == "Patient"
    assert patient["id"] == str(amelia.pk)
    assert patient["address"] == [{"postalCode": "N1 9AA"}]
    (gp,) = patient["generalPractitioner"]
    assert gp["identifier"] == {
        "system": "https://fhir.nhs.uk/Id/ods-organization-code",
        "value": "YDEMO1",
    }
    assert gp["type"] == "Organization"


def test_social_worker_finds_and_reads_a_child_the_council_is_responsible_for(
    fhir_as: FhirAs, amelia: Child
) -> None:
    client = fhir_as("social.worker")

    found = body(search(client, AMELIA_NHS))
    read = client.get(f"/fhir/R4/Patient/{amelia.pk}")

    assert found["total"] == 1
    assert read.status_code == 200
    la = body(read)["extension"][0]["valueReference"]
    assert la["identifier"]["value"] == "E09000019"
    assert la["display"] == "Islington"


# --- audit -----------------------------------------------------------------------------------


def test_each_successful_read_and_trace_is_audited_on_the_api_channel(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """DESIGN rule 3: every view of a child's record is in the audit trail, API included."""
    before = len(api_views_of(amelia.pk))

    fhir_as("lac.nurse").get(f"/fhir/R4/Patient/{amelia.pk}")
    search(fhir_as("ae.nurse"), AMELIA_NHS)

    events = api_views_of(amelia.pk)[before:]
    assert [(e.actor_username, e.object_id) for e in events] == [
        ("lac.nurse", str(amelia.pk)),
        ("ae.nurse", str(amelia.pk)),
    ]
    assert all(e.channel == "api" for e in events)


# --- the stranger gets nothing, and nothing says the child exists ----------------------------


def test_stranger_reading_a_real_child_gets_the_same_404_as_for_no_child(
    fhir_as: FhirAs, amelia: Child
) -> None:
    client = fhir_as("stranger")

    hidden = client.get(f"/fhir/R4/Patient/{amelia.pk}")
    absent = client.get(f"/fhir/R4/Patient/{amelia.pk + 100000}")

    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    assert hidden["Content-Type"] == absent["Content-Type"]
    issue = body(hidden)["issue"][0]
    assert issue["code"] == "not-found"
    assert api_views_of(amelia.pk) == []


def test_stranger_search_for_a_real_child_is_as_empty_as_for_no_child(
    fhir_as: FhirAs, amelia: Child
) -> None:
    client = fhir_as("stranger")

    hidden = body(search(client, AMELIA_NHS))
    absent = body(search(client, ABSENT_NHS))

    assert hidden["total"] == 0
    assert "entry" not in hidden
    assert without_self_link(hidden) == without_self_link(absent)
    assert api_views_of(amelia.pk) == []


@pytest.mark.parametrize("username", ["board", "admin"])
def test_figures_only_and_account_roles_see_no_child_through_the_api(
    fhir_as: FhirAs, amelia: Child, username: str
) -> None:
    """Board members see figures only; system administrators manage accounts: neither sees a
    child, and the answer is the ordinary empty one, not a refusal that hints at a record."""
    client = fhir_as(username)

    assert body(search(client, AMELIA_NHS))["total"] == 0
    read = client.get(f"/fhir/R4/Patient/{amelia.pk}")
    absent = client.get(f"/fhir/R4/Patient/{amelia.pk + 100000}")
    assert read.status_code == 404
    assert read.content == absent.content


@pytest.mark.parametrize("bad_id", ["abc", "0", "007", "-1", "1.5", "9" * 30])
def test_ids_that_cannot_name_a_record_are_not_found(
    fhir_as: FhirAs, amelia: Child, bad_id: str
) -> None:
    client = fhir_as("lac.nurse")
    response = client.get(f"/fhir/R4/Patient/{bad_id}")
    absent = client.get(f"/fhir/R4/Patient/{amelia.pk + 100000}")
    assert response.status_code == 404
    assert response.content == absent.content


# --- 401 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/fhir/R4/Patient/1", f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}"]
)
def test_no_token_is_401_with_a_bearer_challenge(
    anonymous: FhirClient, cast: dict, path: str
) -> None:
    response = anonymous.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer ")
    issue = body(response)["issue"][0]
    assert issue["code"] == "login"
    assert "Authorization: Bearer" in issue["diagnostics"]


@pytest.mark.parametrize(
    "header",
    ["Bearer sh_not-a-real-token", "Bearer ", "Basic YWRtaW46YWRtaW4=", "sh_no-scheme"],
)
def test_a_bad_or_malformed_token_is_401(cast: dict, amelia: Child, header: str) -> None:
    from django.test import Client

    response = Client().get(f"/fhir/R4/Patient/{amelia.pk}", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer ")
    assert body(response)["resourceType"] == "OperationOutcome"
    assert api_views_of(amelia.pk) == []


def test_a_revoked_token_is_401_invalid_token(
    token_for: Callable[[str], str], amelia: Child
) -> None:
    from django.test import Client

    from seenheard.accounts.models import ApiToken
    from seenheard.core import clock

    token = token_for("lac.nurse")
    ApiToken.objects.filter(user__username="lac.nurse").update(revoked_at=clock.now())

    response = Client().get(f"/fhir/R4/Patient/{amelia.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_of_a_deactivated_user_is_401(
    token_for: Callable[[str], str], amelia: Child
) -> None:
    from django.test import Client

    from seenheard.accounts.models import User

    token = token_for("lac.nurse")
    User.objects.filter(username="lac.nurse").update(is_active=False)

    response = Client().get(f"/fhir/R4/Patient/{amelia.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


@pytest.mark.parametrize("what", ["membership", "organisation"])
def test_a_token_whose_role_or_organisation_has_ended_is_401(
    token_for: Callable[[str], str], amelia: Child, what: str
) -> None:
    """The token acts in the user's role: with no active role at an active organisation, it
    acts in none (the same as a revoked token)."""
    from django.test import Client

    from seenheard.accounts.models import Membership, Organisation

    token = token_for("lac.nurse")
    if what == "membership":
        Membership.objects.filter(user__username="lac.nurse").update(active=False)
    else:
        Organisation.objects.filter(code="RDEMO-LAC").update(active=False)

    response = Client().get(f"/fhir/R4/Patient/{amelia.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert api_views_of(amelia.pk) == []


def test_a_token_records_when_it_was_last_used_at_most_once_a_minute(
    token_for: Callable[[str], str], amelia: Child, time_machine
) -> None:
    from django.test import Client

    from seenheard.accounts.models import ApiToken
    from seenheard.core import clock

    time_machine.move_to(clock.now(), tick=False)
    token = token_for("lac.nurse")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/fhir/R4/Patient/{amelia.pk}").status_code == 200
    first = ApiToken.objects.get(user__username="lac.nurse").last_used_at
    assert first is not None
    time_machine.shift(30)
    client.get(f"/fhir/R4/Patient/{amelia.pk}")
    assert ApiToken.objects.get(user__username="lac.nurse").last_used_at == first
    time_machine.shift(60)
    client.get(f"/fhir/R4/Patient/{amelia.pk}")
    later = ApiToken.objects.get(user__username="lac.nurse").last_used_at
    assert later is not None and later > first


# --- 400: malformed identifiers, in plain English, and nothing recorded ----------------------


@pytest.mark.parametrize(
    ("query", "code", "words"),
    [
        (f"identifier={AMELIA_NHS}", "invalid", "system|value"),
        (f"identifier=|{AMELIA_NHS}", "invalid", "system|value"),
        (
            f"identifier=https://fhir.nhs.uk/Id/ods-organization-code|{AMELIA_NHS}",
            "invalid",
            "must be https://fhir.nhs.uk/Id/nhs-number",
        ),
        (f"identifier={NHS}|9990000019", "value", "check digit"),
        (f"identifier={NHS}|99900000", "value", "10 digits"),
        (f"identifier={NHS}|999OOOOO18", "value", "only numbers"),
        (f"identifier={NHS}|", "value", "Enter an NHS number"),
        (f"identifier={NHS}|9999999999", "value", "not a valid NHS number"),
    ],
)
def test_malformed_identifier_is_400_naming_the_parameter(
    fhir_as: FhirAs, amelia: Child, query: str, code: str, words: str
) -> None:
    client = fhir_as("ae.nurse")
    before = AuditEvent.objects.count()

    response = client.get(f"/fhir/R4/Patient?{query}")

    assert response.status_code == 400
    (issue,) = body(response)["issue"]
    assert issue["severity"] == "error"
    assert issue["code"] == code
    assert words in issue["diagnostics"]
    assert issue["expression"] == ["Patient.identifier"]
    assert AuditEvent.objects.count() == before


def test_missing_identifier_is_400_required(fhir_as: FhirAs, cast: dict) -> None:
    response = fhir_as("ae.nurse").get("/fhir/R4/Patient")

    assert response.status_code == 400
    (issue,) = body(response)["issue"]
    assert issue["code"] == "required"
    assert "identifier" in issue["diagnostics"]
    assert issue["expression"] == ["identifier"]


def test_two_identifiers_are_refused_not_half_applied(fhir_as: FhirAs, cast: dict) -> None:
    response = fhir_as("ae.nurse").get(
        f"/fhir/R4/Patient?identifier={NHS}|{ABSENT_NHS}&identifier={NHS}|{AMELIA_NHS}"
    )

    assert response.status_code == 400
    assert "one identifier" in body(response)["issue"][0]["diagnostics"]


def test_an_unsupported_search_parameter_is_refused_not_ignored(
    fhir_as: FhirAs, cast: dict
) -> None:
    """Ignoring ``family`` would answer a wider question than the one asked."""
    response = fhir_as("ae.nurse").get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&family=Hart"
    )

    assert response.status_code == 400
    (issue,) = body(response)["issue"]
    assert issue["code"] == "not-supported"
    assert issue["expression"] == ["family"]
    assert "identifier" in issue["diagnostics"]


@pytest.mark.parametrize("query", ["=x", "%0B=1", "a%E2%80%A8b=1", "identifier%00=1"])
def test_odd_parameter_names_are_refused_cleanly(fhir_as: FhirAs, cast: dict, query: str) -> None:
    """Found by schemathesis: an empty parameter name once broke the OperationOutcome."""
    response = fhir_as("ae.nurse").get(f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&{query}")

    assert response.status_code == 400
    assert body(response)["issue"][0]["code"] == "not-supported"
