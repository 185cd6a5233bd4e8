"""A child who leaves A&E before being seen (R-WNB-4): the attendance is closed with the Emergency
Care Data Set's discharge status, and the child's GP practice and community health service are
each given a task with a due date; on the pages and through the Encounter API."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditEvent
from seenheard.encounters import errors
from seenheard.encounters.left_before_seen import LEFT_BEFORE_SEEN_TASK
from seenheard.encounters.models import Encounter
from seenheard.encounters.services import encounter_left_before_seen, encounter_register
from seenheard.tasks.models import Task
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


def test_leaving_closes_the_attendance_and_tells_the_gp_and_the_school_nurse(
    ae_nurse: Any, amelia: Any
) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)

    done = encounter_left_before_seen(actor=ae_nurse, encounter_id=reg.encounter.pk)

    encounter = Encounter.objects.get(pk=reg.encounter.pk)
    assert encounter.status == "finished"
    assert encounter.left_before_seen_at is not None
    tasks = Task.objects.filter(kind=LEFT_BEFORE_SEEN_TASK, child=amelia).order_by("pk")
    owners = [(t.owner_org.code, t.owner_role) for t in tasks]
    # Amelia is 12 and on a community nursing caseload: the school nurse's task goes there.
    assert owners == [("YDEMO1", "gp"), ("RDEMO-HV", "community-nurse")]
    assert all(t.due_on is not None and t.requirement == "R-WNB-4" for t in tasks)
    assert all(list(t.encounters.values_list("pk", flat=True)) == [encounter.pk] for t in tasks)
    assert "left before being seen" in tasks[0].detail
    assert done.nobody == []
    assert AuditEvent.objects.filter(
        object_type="Encounter", object_id=str(encounter.pk), action="update"
    ).exists()


def test_a_child_with_no_community_nurse_is_said_to_have_none(ae_nurse: Any, noah: Any) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    done = encounter_left_before_seen(actor=ae_nurse, encounter_id=reg.encounter.pk)
    assert [t.owner_org.code for t in done.tasks] == ["YDEMO1"]
    assert done.nobody == ["school nurse"]


def test_each_refusal_changes_nothing(ae_nurse: Any, actor_named: Any, amelia: Any) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    with pytest.raises(errors.AttendanceNotFound):
        encounter_left_before_seen(actor=ae_nurse, encounter_id=reg.encounter.pk + 1000)
    with pytest.raises(errors.AttendanceNotFound):  # another setting's attendance
        encounter_left_before_seen(actor=actor_named("gp"), encounter_id=reg.encounter.pk)
    encounter_left_before_seen(actor=ae_nurse, encounter_id=reg.encounter.pk)
    before = Task.objects.count()
    with pytest.raises(errors.AttendanceAlreadyLeft):
        encounter_left_before_seen(actor=ae_nurse, encounter_id=reg.encounter.pk)
    assert Task.objects.count() == before


def test_only_unscheduled_care_records_it(actor_named: Any, amelia: Any) -> None:
    gp = actor_named("gp")
    reg = encounter_register(actor=gp, child_id=amelia.pk)
    with pytest.raises(errors.AttendanceNotUnscheduled):
        encounter_left_before_seen(actor=gp, encounter_id=reg.encounter.pk)
    assert Encounter.objects.get(pk=reg.encounter.pk).left_before_seen_at is None


def test_the_page_records_it_and_says_who_was_told(
    client_for: Any, ae_nurse: Any, amelia: Any
) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    client = client_for("ae.nurse")
    response = client.post(f"/register/attendances/{reg.encounter.pk}/left-before-seen/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Amelia Hart left before being seen" in text
    practice = Organisation.objects.get(code="YDEMO1").name
    assert f"{practice} (GP)" in text
    again = client.post(f"/register/attendances/{reg.encounter.pk}/left-before-seen/")
    assert again.status_code == 409
    assert "already recorded as left before being seen" in main_text(again)


def test_a_stranger_gets_not_found(client_for: Any, ae_nurse: Any, amelia: Any) -> None:
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    for user in ("gp", "social.worker", "stranger"):
        response = client_for(user).post(
            f"/register/attendances/{reg.encounter.pk}/left-before-seen/"
        )
        assert response.status_code == 404, user
    assert Encounter.objects.get(pk=reg.encounter.pk).left_before_seen_at is None


def test_the_registration_page_offers_it(client_for: Any, amelia: Any) -> None:
    client = client_for("ae.nurse")
    client.post("/children/search/", {"by": "nhs", "nhs_number": amelia.nhs_number})
    response = client.post("/register/attend/", {"child_id": amelia.pk, "request_key": "k1"})
    assert "Record that Amelia left before being seen" in main_text(response)
