"""The API for a pregnant woman: POST Encounter with her NHS number, and the Flag and AuditEvent
searches by it (R-FLAG-1, R-FLAG-3, R-FLAG-4, R-FLAG-5)."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.children.models import Adult
from seenheard.encounters.tests.test_mothers import GRACE, ucpp_add
from seenheard.fhir.tests.conftest import NHS, FhirAs, body
from seenheard.fhir.tests.writes import send
from seenheard.flags.models import FlagAttendanceAlert

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
UCPP_SNOMED = "818901000000100"


@pytest.fixture
def grace(cast: Any) -> Adult:
    return Adult.objects.get(nhs_number=GRACE)


def test_fhir_registration_of_a_pregnant_woman(fhir_as: FhirAs, grace: Adult) -> None:
    flag = ucpp_add(grace)
    client = fhir_as("ae.nurse")
    response = send(
        client,
        "post",
        "/fhir/R4/Encounter/$register",
        {
            "resourceType": "Encounter",
            "status": "arrived",
            "subject": {"identifier": {"system": NHS, "value": GRACE}},
            "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
        },
    )
    assert response.status_code == 201, body(response)
    entries = [e["resource"] for e in body(response)["entry"]]
    encounter, flag_resource = entries[0], entries[1]
    assert encounter["resourceType"] == "Encounter"
    assert encounter["subject"] == {
        "type": "Patient",
        "identifier": {"system": NHS, "value": GRACE},
    }
    assert flag_resource["resourceType"] == "Flag"
    assert flag_resource["id"] == str(flag.pk)
    assert flag_resource["code"]["coding"][0]["code"] == UCPP_SNOMED
    assert FlagAttendanceAlert.objects.get().mother_id == grace.pk

    flags = body(client.get(f"/fhir/R4/Flag?patient:identifier={NHS}|{GRACE}"))
    assert [e["resource"]["id"] for e in flags["entry"]] == [str(flag.pk)]
    visits = body(client.get(f"/fhir/R4/Encounter?patient:identifier={NHS}|{GRACE}"))
    assert [e["resource"]["id"] for e in visits["entry"]] == [encounter["id"]]
    looks = body(client.get(f"/fhir/R4/AuditEvent?patient:identifier={NHS}|{GRACE}"))
    assert looks["total"] >= 1
    who = looks["entry"][0]["resource"]["agent"][0]["who"]["identifier"]["value"]
    assert who == "ae.nurse"
    # A GP's Flag search finds no one: the same answer as an unknown number.
    gp = body(fhir_as("gp").get(f"/fhir/R4/Flag?patient:identifier={NHS}|{GRACE}"))
    assert gp.get("entry", []) == []
