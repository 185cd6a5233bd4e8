"""The registration page registers only a child the user has traced or already sees, and ids
in forms and addresses are parsed strictly (R-FLAG-3, R-FLAG-10, ADR 019)."""

from __future__ import annotations

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.encounters.models import Encounter
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

OVERFLOW = "9223372036854775808"  # 2**63: one more than a database id can be


def _wide(digits: str) -> str:
    """The same digits, full width ("12" as the two characters U+FF11 U+FF12)."""
    return "".join(chr(0xFF10 + int(d)) for d in digits)


def _changes() -> tuple[int, int]:
    return Encounter.objects.count(), AuditEvent.objects.count()


def test_a_bare_child_id_gets_the_unknown_childs_answer(client_for, noah):
    """issue 7: as ae.nurse, POST child_id=120 registered child 120 with no search at all."""
    client = client_for("ae.nurse")
    before = _changes()

    untraced = client.post("/register/attend/", {"child_id": noah.pk})
    unknown = client.post("/register/attend/", {"child_id": noah.pk + 100_000})

    assert untraced.status_code == unknown.status_code == 400
    assert main_text(untraced) == main_text(unknown)
    assert "No child found with those details" in main_text(untraced)
    assert "Brennan" not in main_text(untraced)
    assert _changes() == before
    assert client.get(f"/children/{noah.pk}/").status_code == 404


def test_after_a_trace_the_result_link_and_the_button_work(client_for, noah):
    client = client_for("ae.nurse")
    found = main_text(client.post("/register/", {"by": "nhs", "nhs_number": noah.nhs_number}))
    assert f'name="child_id" value="{noah.pk}"' in found

    summary = client.get(f"/children/{noah.pk}/")
    registered = client.post("/register/attend/", {"child_id": noah.pk})

    assert summary.status_code == 200 and "Noah Brennan" in main_text(summary)
    assert registered.status_code == 200
    assert Encounter.objects.filter(child=noah).count() == 1


def test_another_users_trace_opens_nothing(client_for, noah):
    from seenheard.encounters.tests.factories import staff_add

    staff_add("ed.colleague", org_code="RDEMO-ED", role="unscheduled-care")
    client_for("ed.colleague").post("/register/", {"by": "nhs", "nhs_number": noah.nhs_number})

    response = client_for("ae.nurse").post("/register/attend/", {"child_id": noah.pk})

    assert response.status_code == 400
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [OVERFLOW, "9" * 20, "wide", " {pk}", "{pk} ", "+{pk}", "0{pk}", "{pk}.0", "-{pk}", "0", ""],
    ids=["2**63", "20 digits", "full-width", "space before", "space after", "plus", "zero",
         "decimal", "negative", "0", "empty"],
)  # fmt: skip
def test_a_child_id_that_is_not_an_id_is_explained_and_registers_nobody(client_for, noah, raw):
    """issue 7: 2**63 was a server error and full-width digits registered the child they
    spelt. The child is traced first, so the only thing refusing them is the strict id."""
    client = client_for("ae.nurse")
    client.post("/register/", {"by": "nhs", "nhs_number": noah.nhs_number})
    sent = _wide(str(noah.pk)) if raw == "wide" else raw.format(pk=noah.pk)
    before = _changes()

    response = client.post("/register/attend/", {"child_id": sent})

    assert response.status_code == 400
    assert "Choose the child to register: search for them first." in main_text(response)
    assert _changes() == before


@pytest.mark.parametrize(
    "path",
    [
        "/children/{big}/",
        "/children/{wide}/",
        "/children/0{pk}/",
        "/children/{big}/access/",
        "/tasks/{big}/",
        "/flags/{big}/views/",
        "/flags/mothers/{big}/views/",
        "/inbox/{big}/",
        "/flags/uploads/{big}/",
        "/risk-flags/{big}/review/",
        "/children/{big}/risk-flags/",
    ],
)
def test_addresses_with_ids_that_cannot_exist_are_not_found(client_for, noah, path):
    """<id:...> (core.ids): a 20-digit id overflowed the database, a 500; now the plain 404."""
    client = client_for("social.worker")
    address = path.format(big="9" * 20, wide=_wide(str(noah.pk)), pk=noah.pk)
    response = client.get(address)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_mother_id_without_a_trace_registers_nobody(client_for, cast):
    from seenheard.children.models import Adult

    grace = Adult.objects.get(nhs_number="9990000107")
    client = client_for("ae.nurse")
    before = _changes()

    response = client.post("/register/attend/", {"mother_id": grace.pk})

    assert response.status_code == 400
    assert "No child found with those details" in main_text(response)
    assert _changes() == before
    assert client.get(f"/flags/mothers/{grace.pk}/views/").status_code == 404
