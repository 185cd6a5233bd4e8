"""GET /fhir/R4/AuditEvent?patient:identifier=... (issue 3 item 4; R-FLAG-4, R-FLAG-10).

Every look-up of a flag is shown to health staff who may see the child and to the council that
holds a flag: who, role, organisation and when, newest first, repeat views by the same person
within 24 hours once. Anyone else gets the answer given for a child who does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from seenheard.audit.models import AuditEvent
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.tests.factories import flag_add
from seenheard.fhir.tests.conftest import ABSENT_NHS, AMELIA_NHS, NHS, FhirAs, FhirClient, body

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


def who_looked(client: FhirClient, nhs_number: str = AMELIA_NHS) -> Any:
    return client.get(f"/fhir/R4/AuditEvent?patient:identifier={NHS}|{nhs_number}")


def look_up(client: FhirClient) -> None:
    response = client.get(f"/fhir/R4/Flag?patient:identifier={NHS}|{AMELIA_NHS}")
    assert response.status_code == 200


def test_social_worker_sees_who_looked_with_role_organisation_and_time(
    fhir_as: FhirAs, amelia: Child
) -> None:
    flag_add(amelia)
    look_up(fhir_as("ae.nurse"))

    response = who_looked(fhir_as("social.worker"))

    assert response.status_code == 200
    bundle = body(response)
    assert (bundle["type"], bundle["total"]) == ("searchset", 1)
    entry = bundle["entry"][0]
    assert entry["fullUrl"].startswith("urn:uuid:")
    event = entry["resource"]
    assert event["resourceType"] == "AuditEvent"
    person, organisation = event["agent"]
    assert person["who"]["display"] == "Alex Reid"
    assert person["who"]["identifier"]["value"] == "ae.nurse"
    assert person["role"][0]["coding"][0]["code"] == "unscheduled-care"
    assert person["requestor"] is True
    assert organisation["who"]["identifier"] == {"system": ODS, "value": "RDEMO-ED"}
    assert organisation["who"]["display"] == "Demo Hospital Emergency Department"
    assert event["entity"][0]["what"]["reference"] == f"Patient/{amelia.pk}"
    lookup = AuditEvent.objects.get(object_type="FlagLookup")
    assert event["recorded"] == lookup.at.isoformat().replace("+00:00", "Z")


def test_newest_first_and_repeat_views_within_24_hours_shown_once(
    fhir_as: FhirAs, amelia: Child
) -> None:
    flag_add(amelia)
    nurse, gp = fhir_as("ae.nurse"), fhir_as("gp")
    start = clock.now()
    with time_machine.travel(start - dt.timedelta(hours=30), tick=False):
        look_up(nurse)
    look_up(nurse)
    look_up(nurse)
    look_up(gp)

    events = [e["resource"] for e in body(who_looked(fhir_as("social.worker")))["entry"]]

    assert [e["agent"][0]["who"]["identifier"]["value"] for e in events] == [
        "gp",
        "ae.nurse",
        "ae.nurse",
    ]
    recorded = [e["recorded"] for e in events]
    assert recorded == sorted(recorded, reverse=True)


def test_a_council_holding_a_flag_sees_who_looked_even_for_another_councils_child(
    fhir_as: FhirAs, amelia: Child
) -> None:
    """R-FLAG-4: Birmingham holds a plan for Amelia (Islington's child): its social worker
    sees the look-ups, though not her record."""
    flag_add(amelia, la_code="E08000025")
    look_up(fhir_as("ae.nurse"))
    client = fhir_as("stranger")

    assert body(who_looked(client))["total"] == 1
    assert client.get(f"/fhir/R4/Patient/{amelia.pk}").status_code == 404


@pytest.mark.parametrize("username", ["stranger", "board", "admin"])
def test_others_get_the_same_empty_answer_as_for_no_child(
    fhir_as: FhirAs, amelia: Child, username: str
) -> None:
    flag_add(amelia)
    look_up(fhir_as("ae.nurse"))
    client = fhir_as(username)
    before = AuditEvent.objects.count()

    hidden = body(who_looked(client))
    absent = body(who_looked(client, ABSENT_NHS))

    assert hidden["total"] == absent["total"] == 0
    assert "entry" not in hidden
    assert AuditEvent.objects.count() == before


def test_reading_who_looked_is_itself_audited_and_is_not_a_look_up(
    fhir_as: FhirAs, amelia: Child
) -> None:
    flag_add(amelia)
    look_up(fhir_as("ae.nurse"))

    who_looked(fhir_as("lac.nurse"))

    read = AuditEvent.objects.get(object_type="FlagViews")
    assert (read.actor_username, read.channel, read.child_id) == ("lac.nurse", "api", amelia.pk)
    assert AuditEvent.objects.filter(object_type="FlagLookup").count() == 1


def test_a_malformed_search_is_400_naming_the_parameter(fhir_as: FhirAs, cast: dict) -> None:
    response = fhir_as("social.worker").get(
        f"/fhir/R4/AuditEvent?patient:identifier=nope|{AMELIA_NHS}"
    )
    assert response.status_code == 400
    assert body(response)["issue"][0]["expression"] == ["AuditEvent.patient:identifier"]
