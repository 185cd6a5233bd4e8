"""POST Encounter/{id}/$left-before-seen (R-WNB-4): the attendance is answered finished, with the
Emergency Care Data Set's discharge status as hospitalization.dischargeDisposition."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.encounters.models import ECDS_LEFT_BEFORE_SEEN
from seenheard.encounters.services import encounter_register
from seenheard.fhir.tests.conftest import FhirAs, body
from seenheard.fhir.tests.writes import send

pytestmark = pytest.mark.django_db


def test_the_api_answers_with_the_ecds_discharge_status(
    fhir_as: FhirAs, ae_nurse: Any, amelia: Any
) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    response = send(
        fhir_as("ae.nurse"), "post", f"/fhir/R4/Encounter/{reg.encounter.pk}/$left-before-seen", ""
    )
    assert response.status_code == 200
    data = body(response)
    assert data["status"] == "finished"
    (coding,) = data["hospitalization"]["dischargeDisposition"]["coding"]
    assert (coding["system"], coding["code"]) == ("http://snomed.info/sct", ECDS_LEFT_BEFORE_SEEN)
    assert "end" in data["period"]
    again = send(
        fhir_as("ae.nurse"), "post", f"/fhir/R4/Encounter/{reg.encounter.pk}/$left-before-seen", ""
    )
    assert again.status_code == 409
    elsewhere = send(
        fhir_as("gp"), "post", f"/fhir/R4/Encounter/{reg.encounter.pk}/$left-before-seen", ""
    )
    assert elsewhere.status_code == 404
