"""A pregnant woman attends maternity or A&E: the unborn child's plan held against her NHS
number is seen at once, the look-up is recorded, and the council is told (R-FLAG-1, R-FLAG-3,
R-FLAG-4, R-FLAG-5), by the page, the service and the API alike."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.children.models import Adult
from seenheard.children.selectors import mother_search
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.services import EncounterError, RequestKeyReused, encounter_register
from seenheard.encounters.tests.factories import staff_add
from seenheard.flags.models import FlagAttendanceAlert, PlanType, ProtectionFlag
from seenheard.jobs.models import Notification
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

GRACE = "9990000107"  # Grace Brennan, in the demo cast


@pytest.fixture
def grace(cast: Any) -> Adult:
    return Adult.objects.get(nhs_number=GRACE)


def ucpp_add(
    mother: Adult, *, start: dt.date | None = None, end: dt.date | None = None
) -> ProtectionFlag:
    from seenheard.accounts.models import Organisation

    now = clock.now()
    assert mother.nhs_number and mother.date_of_birth
    return ProtectionFlag.objects.create(
        la=Organisation.objects.get(code="E09000019"),
        plan_type=PlanType.UCPP,
        nhs_number=mother.nhs_number,
        mother=mother,
        date_of_birth=mother.date_of_birth,
        start_date=start or clock.today() - dt.timedelta(days=30),
        end_date=end,
        expected_delivery_date=clock.today() + dt.timedelta(days=90),
        created_at=now,
        updated_at=now,
    )


def test_registering_a_pregnant_woman_shows_the_unborn_childs_plan_and_tells_the_council(
    ae_nurse: Any, grace: Adult
) -> None:
    flag = ucpp_add(grace)
    reg = encounter_register(actor=ae_nurse, nhs_number=GRACE)

    assert (reg.child, reg.mother) == (None, grace)
    (shown,) = reg.banner.open
    assert shown.plan_type == PlanType.UCPP
    assert shown.expected_delivery_date == flag.expected_delivery_date
    assert (shown.council_name, shown.phone_out_of_hours) == ("Islington", "020 7946 0919")
    assert reg.notified_councils == ["Islington"]
    encounter = Encounter.objects.get()
    assert (encounter.child_id, encounter.mother_id) == (None, grace.pk)
    alert = FlagAttendanceAlert.objects.get()
    assert (alert.child_id, alert.mother_id, alert.flag_id) == (None, grace.pk, flag.pk)
    assert Notification.objects.filter(topic="flag-attendance").count() == 1
    lookup = AuditEvent.objects.get(object_type="MotherFlagLookup")
    assert (lookup.object_id, lookup.child_id) == (str(grace.pk), None)
    assert lookup.detail["open"] == [flag.pk]
    assert AuditEvent.objects.filter(object_type="Encounter", object_id=encounter.pk).exists()


def test_the_next_registration_shows_who_looked_before(
    ae_nurse: Any, grace: Adult, cast: Any
) -> None:
    """R-FLAG-4 for the mother: the earlier look-up is listed, newest first."""
    ucpp_add(grace)
    encounter_register(actor=ae_nurse, nhs_number=GRACE)
    midwife = staff_add("mia.midwife", org_code="RDEMO-ED", role="unscheduled-care")
    reg = encounter_register(actor=midwife, nhs_number=GRACE)
    assert [v.username for v in reg.recent_views] == ["ae.nurse"]
    assert [e.pk for e in reg.attendances] == list(
        Encounter.objects.order_by("-started_at", "-pk").values_list("pk", flat=True)
    )


def test_an_ended_plan_shows_previously_on_a_plan_and_tells_nobody(
    ae_nurse: Any, grace: Adult
) -> None:
    ucpp_add(
        grace,
        start=clock.today() - dt.timedelta(days=300),
        end=clock.today() - dt.timedelta(days=20),
    )
    reg = encounter_register(actor=ae_nurse, nhs_number=GRACE)
    assert reg.banner.open == [] and len(reg.banner.previous) == 1
    assert reg.notified_councils == []
    assert not FlagAttendanceAlert.objects.exists()


def test_only_staff_who_trace_anyone_find_a_pregnant_woman(actor_named: Any, grace: Adult) -> None:
    """A GP registers the children it knows; finding a woman by NHS number is the unscheduled
    trace, and is refused with the same answer as "no such person"."""
    ucpp_add(grace)
    with pytest.raises(EncounterError, match="No child found"):
        encounter_register(actor=actor_named("gp"), nhs_number=GRACE)
    assert not Encounter.objects.exists()
    assert not FlagAttendanceAlert.objects.exists()


def test_a_retried_request_registers_and_tells_once(ae_nurse: Any, grace: Adult, noah: Any) -> None:
    ucpp_add(grace)
    first = encounter_register(actor=ae_nurse, nhs_number=GRACE, request_key="k1")
    mother_search(actor=ae_nurse, nhs_number=GRACE)  # the page's trace, before its button
    again = encounter_register(actor=ae_nurse, mother_id=grace.pk, request_key="k1")
    assert again.repeated and again.encounter.pk == first.encounter.pk
    assert Encounter.objects.count() == 1
    assert FlagAttendanceAlert.objects.count() == 1
    with pytest.raises(RequestKeyReused):
        encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number, request_key="k1")


# -- the pages ---------------------------------------------------------------------------------


def test_register_page_finds_her_and_shows_the_plan(client_for: Any, grace: Adult) -> None:
    ucpp_add(grace)
    client = client_for("ae.nurse")
    found = client.post("/register/", {"by": "mother", "mother-nhs_number": "999 000 0107"})
    assert found.status_code == 200
    text = main_text(found)
    assert "Pregnant woman found" in text and "Grace Brennan" in text
    key = re.search(r'name="request_key" value="(\w+)"', found.content.decode())
    assert key is not None
    done = client.post("/register/attend/", {"mother_id": grace.pk, "request_key": key.group(1)})
    assert done.status_code == 200
    text = main_text(done)
    assert "On a plan now: Unborn child on a child protection plan" in text
    assert "Expected delivery" in text
    assert "Islington has been told" in text
    assert Encounter.objects.get().mother_id == grace.pk


def test_register_page_bad_and_unknown_numbers(client_for: Any, cast: Any) -> None:
    client = client_for("ae.nurse")
    bad = client.post("/register/", {"by": "mother", "mother-nhs_number": "12345"})
    assert bad.status_code == 400
    assert "There is a problem" in main_text(bad)
    assert 'id="mother_nhs_number"' in bad.content.decode()
    unknown = client.post("/register/", {"by": "mother", "mother-nhs_number": "9990000115"})
    assert unknown.status_code == 200
    assert "No pregnant woman found" in main_text(unknown)
    assert not Encounter.objects.exists()


def test_gp_page_does_not_offer_the_pregnant_woman_search(client_for: Any, cast: Any) -> None:
    page = client_for("gp").get("/register/")
    assert page.status_code == 200
    assert "A pregnant woman" not in main_text(page)


def test_council_inbox_lists_her_and_who_looked(
    client_for: Any, ae_nurse: Any, grace: Adult
) -> None:
    ucpp_add(grace)
    encounter_register(actor=ae_nurse, nhs_number=GRACE)
    inbox = client_for("social.worker").get("/council/attendances/")
    text = main_text(inbox)
    assert "Grace Brennan" in text and "mother of the unborn child" in text
    assert f"/flags/mothers/{grace.pk}/views/" in inbox.content.decode()
    views = client_for("social.worker").get(f"/flags/mothers/{grace.pk}/views/")
    assert views.status_code == 200
    assert "Alex Reid" in main_text(views)
    # Another council holds no plan for her: the same answer as for nobody.
    assert client_for("stranger").get(f"/flags/mothers/{grace.pk}/views/").status_code == 404


def test_a_childs_nhs_number_in_the_pregnant_woman_search_says_so(
    client_for: Any, amelia: Any
) -> None:
    """Issue 7: "Nobody with that NHS number is known" was untrue for a child's number."""
    response = client_for("ae.nurse").post(
        "/register/", {"by": "mother", "mother-nhs_number": "999 000 0018"}
    )
    assert response.status_code == 200
    body = main_text(response)
    assert "That NHS number belongs to a child, not a pregnant woman" in body
    assert '<a href="#nhs_number">search for a child instead</a>' in body
    assert "Nobody with that NHS number is known" not in body
    assert 'value="9990000018"' in body  # the child search is filled in
    assert "Amelia" not in body  # nothing about the child until they are searched for
    assert AuditEvent.objects.filter(
        action="search", object_type="Child", detail__purpose="mother-search"
    ).exists()
