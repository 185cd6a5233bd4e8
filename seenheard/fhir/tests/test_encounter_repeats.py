"""The API accepts a second registration of the same child within minutes, but the
frequent-attendance count is not inflated by it (issue 7, section 4; ADR 022)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.services import encounter_register
from seenheard.fhir.tests.conftest import NHS, FhirAs
from seenheard.fhir.tests.writes import send
from seenheard.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------


def test_the_api_accepts_a_repeat_but_the_count_is_not_inflated(fhir_as: FhirAs, noah, ae_nurse):
    """Two POSTs in one second with no identifier: both accepted, counted once
    towards frequent attendance."""
    now = clock.now()
    for i in range(8):
        encounter_register(
            actor=ae_nurse,
            nhs_number=noah.nhs_number,
            started_at=now - dt.timedelta(days=300 - i * 20),
        )
    client = fhir_as("ae.nurse")
    resource = {
        "resourceType": "Encounter",
        "status": "arrived",
        "subject": {"identifier": {"system": NHS, "value": noah.nhs_number}},
        "serviceProvider": {
            "identifier": {
                "system": "https://fhir.nhs.uk/Id/ods-organization-code",
                "value": "RDEMO-ED",
            }
        },
    }
    assert send(client, "post", "/fhir/R4/Encounter", resource).status_code == 201
    assert send(client, "post", "/fhir/R4/Encounter", resource).status_code == 201
    assert Encounter.objects.filter(child=noah).count() == 10
    assert not Task.objects.filter(kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW).exists()
