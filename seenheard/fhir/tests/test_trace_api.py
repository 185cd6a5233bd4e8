"""Through the API, too, a trace is a short-lived legitimate relationship and an id alone
reaches nobody (R-FLAG-3, R-FLAG-10, ADR 019); ids in addresses and references are strict."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.children.models import Child
from seenheard.encounters.models import Encounter
from seenheard.fhir.tests.conftest import NHS, FhirAs, FhirClient, body
from seenheard.fhir.tests.writes import send, state

pytestmark = pytest.mark.django_db

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
OVERFLOW = "9223372036854775808"  # 2**63
WIDE_12 = "\uff11\uff12"  # "12" in full-width digits


def _by_reference(reference: str) -> dict[str, Any]:
    return {
        "resourceType": "Encounter",
        "status": "arrived",
        "subject": {"reference": reference},
        "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
    }


def _register(client: FhirClient, reference: str) -> Any:
    return send(client, "post", "/fhir/R4/Encounter", _by_reference(reference))


def _trace(client: FhirClient, child: Child) -> str:
    """Search by NHS number, as A&E does; the search result's fullUrl."""
    bundle = body(client.get(f"/fhir/R4/Patient?identifier={NHS}|{child.nhs_number}"))
    (entry,) = bundle["entry"]
    return str(entry["fullUrl"])


def test_a_bare_patient_reference_gets_the_unknown_childs_answer(fhir_as: FhirAs, noah: Child):
    """issue 7: subject.reference "Patient/130" registered child 130, with no trace."""
    client = fhir_as("ae.nurse")
    before = state()

    untraced = _register(client, f"Patient/{noah.pk}")
    unknown = _register(client, f"Patient/{noah.pk + 100_000}")

    assert untraced.status_code == unknown.status_code == 422
    assert untraced.content == unknown.content
    assert body(untraced)["issue"][0]["code"] == "not-found"
    assert state() == before
    assert not Encounter.objects.exists()


def test_a_bare_patient_read_is_404_like_no_child(fhir_as: FhirAs, noah: Child):
    client = fhir_as("ae.nurse")
    read = client.get(f"/fhir/R4/Patient/{noah.pk}")
    absent = client.get(f"/fhir/R4/Patient/{noah.pk + 100_000}")
    assert read.status_code == absent.status_code == 404
    assert read.content == absent.content


def test_the_search_results_full_url_can_be_read_by_the_same_user(fhir_as: FhirAs, noah: Child):
    """issue 7 section 5: A&E finds a child by NHS number, then GET fullUrl was a 404."""
    client = fhir_as("ae.nurse")
    full_url = _trace(client, noah)
    assert full_url.endswith(f"/Patient/{noah.pk}")

    read = client.get(full_url.removeprefix("http://testserver"))

    assert read.status_code == 200
    assert body(read)["id"] == str(noah.pk)
    views = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="Child", child_id=noah.pk, channel="api"
    ).order_by("seq")
    assert [v.detail["purpose"] for v in views] == ["fhir-search", "fhir"]
    assert "traced_until" in views[0].detail


def test_after_a_trace_the_child_is_registered_by_reference(fhir_as: FhirAs, noah: Child):
    client = fhir_as("ae.nurse")
    _trace(client, noah)

    response = _register(client, f"Patient/{noah.pk}")

    assert response.status_code == 201
    assert Encounter.objects.get().child_id == noah.pk


def test_a_trace_by_another_user_opens_nothing(
    fhir_as: FhirAs, noah: Child, token_for: Any
) -> None:
    from seenheard.encounters.tests.factories import staff_add

    staff_add("ed.colleague", org_code="RDEMO-ED", role="unscheduled-care")
    _trace(fhir_as("ed.colleague"), noah)
    client = fhir_as("ae.nurse")

    assert client.get(f"/fhir/R4/Patient/{noah.pk}").status_code == 404
    assert _register(client, f"Patient/{noah.pk}").status_code == 422


@pytest.mark.parametrize("logical_id", [OVERFLOW, "9" * 20, WIDE_12, "012", "+12", "1_2"], ids=repr)
def test_a_patient_id_that_cannot_be_an_id_is_404_not_a_server_error(
    fhir_as: FhirAs, noah: Child, logical_id: str
) -> None:
    response = fhir_as("lac.nurse").get(f"/fhir/R4/Patient/{logical_id}")
    assert response.status_code == 404
    assert body(response)["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("logical_id", [OVERFLOW, "9" * 20, "wide", "0{pk}", " {pk}"], ids=repr)
def test_a_reference_that_cannot_be_an_id_registers_nobody(
    fhir_as: FhirAs, noah: Child, logical_id: str
) -> None:
    """Traced first, so only the strict id refuses it: full-width digits must not register
    the child they spell, and 2**63 must not be a server error."""
    client = fhir_as("ae.nurse")
    _trace(client, noah)
    wide = "".join(chr(0xFF10 + int(d)) for d in str(noah.pk))
    reference = "Patient/" + (wide if logical_id == "wide" else logical_id.format(pk=noah.pk))
    before = state()

    response = _register(client, reference)

    assert response.status_code == 422
    assert body(response)["issue"][0]["expression"] == ["Encounter.subject"]
    assert state() == before
