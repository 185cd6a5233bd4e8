"""R-REF-4: the A&E record's page. The nurse writes it while the child is there; discharge is
refused with every missing part named against its field; bad input changes nothing; others who
may see the child read it (audited); a stranger gets "not found"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.encounters.models import AttendanceRecord, Encounter
from seenheard.encounters.record.rules import RecordInput
from seenheard.encounters.services import encounter_register
from seenheard.encounters.tests.record_helpers import child_aged, complete_record, form_data
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def teen(cast: Any):
    return child_aged(16)


@pytest.fixture
def attendance(ae_nurse: Any, teen: Any) -> Encounter:
    return encounter_register(actor=ae_nurse, nhs_number=teen.nhs_number).encounter


def url(encounter: Encounter) -> str:
    return f"/attendances/{encounter.pk}/record/"


def test_the_registration_page_leads_to_the_record(client_for: Any, teen: Any) -> None:
    nurse = client_for("ae.nurse")
    nurse.post("/register/", {"by": "nhs", "nhs_number": teen.nhs_number})  # the trace
    response = nurse.post("/register/attend/", {"child_id": teen.pk, "request_key": "k1"})
    text = main_text(response)
    assert "Kai&#39;s A&amp;E record" in text or "Kai's A&amp;E record" in text
    assert "the questions for 16 and 17 year olds" in text
    encounter = Encounter.objects.get(child=teen)
    assert url(encounter) in text


def test_the_form_asks_a_16_year_old_the_risk_questions(
    client_for: Any, attendance: Encounter
) -> None:
    response = client_for("ae.nurse").get(url(attendance))
    assert response.status_code == 200
    text = main_text(response)
    assert "Questions for 16 and 17 year olds" in text
    assert "Is there any sign of sexual or criminal exploitation?" in text
    assert "Was there a delay in bringing the child for care?" in text
    assert 'name="voice-words"' in text  # the shared voice fragment


def test_a_younger_child_is_not_asked_the_risk_questions(
    client_for: Any, ae_nurse: Any, cast: Any
) -> None:
    child = child_aged(9, nhs_number="9990000174", given="Ivy")
    visit = encounter_register(actor=ae_nurse, nhs_number=child.nhs_number).encounter
    text = main_text(client_for("ae.nurse").get(url(visit)))
    assert "Questions for 16 and 17 year olds" not in text
    assert "Safeguarding" in text


def test_discharge_with_parts_missing_names_each_and_keeps_what_was_typed(
    client_for: Any, attendance: Encounter
) -> None:
    partial = replace(complete_record(older=True), risk_answers={}, follow_up="", letters=())
    response = client_for("ae.nurse").post(url(attendance), form_data(partial, action="discharge"))
    assert response.status_code == 400
    text = main_text(response)
    assert "You cannot discharge Kai yet" in text
    assert 'href="#risk__exploitation"' in text
    assert 'href="#follow_up"' in text
    assert 'href="#letters"' in text
    assert "Say what follow-up is arranged" in text
    assert "Dana Morgan" in text  # as typed
    attendance.refresh_from_db()
    assert attendance.discharged_at is None
    # The draft was kept, as the page says.
    assert AttendanceRecord.objects.get(encounter=attendance).status == "open"


def test_a_complete_record_discharges_and_is_then_shown_not_edited(
    client_for: Any, attendance: Encounter
) -> None:
    nurse = client_for("ae.nurse")
    response = nurse.post(
        url(attendance), form_data(complete_record(older=True), action="discharge")
    )
    assert response.status_code == 302
    page = nurse.get(url(attendance))
    text = main_text(page)
    assert "Kai Morgan has been discharged." in page.content.decode()
    assert "Complete" in text
    assert "I fell off my skateboard at the park." in text
    assert "Fracture clinic on Monday." in text
    assert "<form" not in text
    attendance.refresh_from_db()
    assert attendance.status == "finished"


def test_the_record_cannot_be_completed_with_a_reason(
    client_for: Any, attendance: Encounter
) -> None:
    nurse = client_for("ae.nurse")
    record = RecordInput(not_completed_reason="transferred")
    response = nurse.post(url(attendance), form_data(record, action="discharge"))
    assert response.status_code == 400
    assert 'href="#not_completed_detail"' in main_text(response)
    record = replace(record, not_completed_detail="Transferred to the children's hospital.")
    assert nurse.post(url(attendance), form_data(record, action="discharge")).status_code == 302
    text = main_text(nurse.get(url(attendance)))
    assert "Could not be completed: the child was transferred" in text


def test_script_is_escaped_and_100_kb_is_refused_with_the_limit(
    client_for: Any, attendance: Encounter
) -> None:
    nurse = client_for("ae.nurse")
    script = "<script>alert('x')</script>"
    record = replace(complete_record(older=True), adult_name=script, follow_up=script)
    assert nurse.post(url(attendance), form_data(record)).status_code == 302
    text = main_text(nurse.get(url(attendance)))
    assert script not in text and "&lt;script&gt;" in text

    huge = replace(complete_record(older=True), follow_up="x" * 100 * 1024)
    response = nurse.post(url(attendance), form_data(huge))
    assert response.status_code == 400
    text = main_text(response)
    assert "The follow-up must be 4,000 characters or fewer (there are 102,400)." in text
    assert "Nothing has been saved" in text
    stored = AttendanceRecord.objects.get(encounter=attendance)
    assert stored.answers["input"]["follow_up"] == script


def test_others_who_may_see_the_child_read_it_audited_and_a_stranger_gets_not_found(
    client_for: Any, attendance: Encounter, teen: Any
) -> None:
    nurse = client_for("ae.nurse")
    nurse.post(url(attendance), form_data(complete_record(older=True), action="discharge"))
    # The trust's safeguarding lead sees children known to the trust's settings.
    lead = client_for("safeguarding.lead").get(url(attendance))
    assert lead.status_code == 200
    assert "Dana Morgan" in main_text(lead) and "<form" not in main_text(lead)
    assert AuditEvent.objects.filter(
        object_type="AttendanceRecord",
        action="view",
        child_id=teen.pk,
        actor_username="safeguarding.lead",
    ).exists()
    assert client_for("stranger").get(url(attendance)).status_code == 404
    assert client_for("board").get(url(attendance)).status_code == 404
    assert client_for("ae.nurse").get("/attendances/99999999/record/").status_code == 404


def test_the_closed_record_is_in_the_child_s_chronology(
    client_for: Any, attendance: Encounter, teen: Any
) -> None:
    client_for("ae.nurse").post(
        url(attendance), form_data(complete_record(older=True), action="discharge")
    )
    text = main_text(client_for("safeguarding.lead").get(f"/children/{teen.pk}/chronology/"))
    assert "A&amp;E record completed, the child&#39;s account taken apart from the adult" in text
    assert f'href="{url(attendance)}"' in text
