"""The registration page, the council inbox and who looked at a flag, as a user sees them."""

from __future__ import annotations

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.encounters.models import Encounter
from seenheard.encounters.services import encounter_register
from seenheard.encounters.tests.factories import flag_add
from seenheard.flags.models import FlagAttendanceAlert, PlanType
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def _register(client, child):
    """Trace the child by NHS number, as the page does, then press "Register attendance"."""
    client.post("/register/", {"by": "nhs", "nhs_number": child.nhs_number})
    return client.post("/register/attend/", {"child_id": child.pk})


def test_registration_page_offers_both_searches(client_for):
    body = main_text(client_for("ae.nurse").get("/register/"))
    assert "Register an attendance" in body
    assert "Search by NHS number" in body
    assert "Search by name and date of birth" in body


def test_search_by_nhs_number_then_register_shows_the_banner_at_once(client_for, amelia):
    """R-FLAG-3: find, register, and the banner is there without asking."""
    flag_add(amelia)
    client = client_for("ae.nurse")
    found = main_text(client.post("/register/", {"by": "nhs", "nhs_number": "999 000 0018"}))
    assert "Amelia Hart" in found
    assert f'name="child_id" value="{amelia.pk}"' in found
    response = _register(client, amelia)
    assert response.status_code == 200
    body = main_text(response)
    assert 'id="flag-banner"' in body
    assert "On a plan now: Child protection plan" in body
    assert "Islington" in body
    assert "020 7946 0019" in body and 'href="tel:02079460019"' in body
    assert "020 7946 0919" in body and 'href="tel:02079460919"' in body
    assert "Islington has been told" in body
    assert "Attendances at every setting in the last 12 months" in body
    assert "Demo Hospital Emergency Department" in body


def test_search_by_name_and_date_of_birth(client_for, amelia):
    body = main_text(
        client_for("ae.nurse").post(
            "/register/",
            {"by": "name", "family_name": "hart", "day": "2", "month": "3", "year": "2014"},
        )
    )
    assert "Amelia Hart" in body
    assert "Register attendance" in body


def test_child_with_no_flag_gets_a_clear_statement(client_for, noah):
    body = main_text(_register(client_for("ae.nurse"), noah))
    assert "No protection flag." in body
    assert "On a plan now" not in body


def test_previously_on_a_plan_is_shown(client_for, amelia):
    import datetime as dt

    from seenheard.core import clock

    flag_add(amelia, start=dt.date(2023, 1, 1), end=clock.today() - dt.timedelta(days=30))
    body = main_text(_register(client_for("ae.nurse"), amelia))
    assert "Previously on a plan: Child protection plan" in body
    assert "No protection flag" not in body


def test_recent_views_are_listed_with_role_and_organisation(client_for, lac_nurse, amelia):
    from seenheard.flags.selectors import flag_lookup

    flag_lookup(actor=lac_nurse, child_id=amelia.pk)
    body = main_text(_register(client_for("ae.nurse"), amelia))
    assert "Lola Adeyemi" in body
    assert "Looked-after children&#39;s nurse" in body
    assert "Demo Looked-after Children&#39;s Health Team" in body


def test_gp_registration_is_a_silent_read(client_for, amelia):
    flag_add(amelia)
    body = main_text(_register(client_for("gp"), amelia))
    assert "On a plan now" in body
    assert "the council has not been notified" in body
    assert not FlagAttendanceAlert.objects.exists()


def test_invalid_nhs_number_is_explained_and_nothing_is_searched(client_for):
    before = AuditEvent.objects.count()
    response = client_for("ae.nurse").post("/register/", {"by": "nhs", "nhs_number": "12345"})
    assert response.status_code == 400
    body = main_text(response)
    assert "There is a problem" in body
    assert "An NHS number must be 10 digits; this has 5." in body
    assert AuditEvent.objects.count() == before


def test_unknown_child_is_refused_plainly_and_nothing_changes(client_for):
    response = client_for("ae.nurse").post("/register/attend/", {"child_id": "987654"})
    assert response.status_code == 400
    assert "No child found with those details" in main_text(response)
    assert not Encounter.objects.exists()


def test_missing_child_id_is_explained(client_for):
    response = client_for("ae.nurse").post("/register/attend/", {"child_id": "x"})
    assert response.status_code == 400
    assert "Choose the child to register" in main_text(response)


@pytest.mark.parametrize("username", ["stranger", "social.worker", "board", "admin"])
def test_roles_that_do_not_register_get_not_found(client_for, amelia, username):
    client = client_for(username)
    assert client.get("/register/").status_code == 404
    response = _register(client, amelia)
    assert response.status_code == 404
    assert "Amelia" not in text(response)
    assert not Encounter.objects.exists()


def test_register_requires_sign_in(client):
    assert client.get("/register/").status_code == 302


def test_council_inbox_shows_the_attendance_and_links_to_who_looked(client_for, ae_nurse, amelia):
    """R-FLAG-5: setting, time and who registered, newest first."""
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    body = main_text(client_for("social.worker").get("/council/attendances/"))
    assert "Children on plans: attendances and appointments not brought to" in body
    assert "Amelia Hart" in body
    assert "Demo Hospital Emergency Department" in body
    assert "Alex Reid" in body
    assert f'href="/flags/{amelia.pk}/views/"' in body
    assert "1 not yet seen" in body
    assert AuditEvent.objects.filter(
        object_type="FlagAttendanceAlerts", actor_username="social.worker", child_id=amelia.pk
    ).exists()


def test_flag_admin_also_sees_the_inbox(client_for, ae_nurse, amelia):
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert "Amelia Hart" in main_text(client_for("flag.admin").get("/council/attendances/"))


def test_marking_an_attendance_seen(client_for, ae_nurse, amelia):
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    alert = FlagAttendanceAlert.objects.get()
    client = client_for("social.worker")
    response = client.post(f"/council/attendances/{alert.pk}/seen/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.seen_by == "social.worker"
    body = main_text(client.get("/council/attendances/"))
    assert "not yet seen" not in body
    # Issue 7: people by name and role, never by username.
    assert "by Sofia Walsh, Local-authority social worker" in body
    assert "social.worker" not in body


def test_stranger_council_sees_nothing_and_cannot_mark_seen(client_for, ae_nurse, amelia):
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    client = client_for("stranger")
    body = main_text(client.get("/council/attendances/"))
    assert "Amelia" not in body and "999 000 0018" not in body
    alert = FlagAttendanceAlert.objects.get()
    assert client.post(f"/council/attendances/{alert.pk}/seen/").status_code == 404
    alert.refresh_from_db()
    assert alert.seen_at is None


@pytest.mark.parametrize("username", ["ae.nurse", "gp", "board"])
def test_council_inbox_is_not_found_for_other_roles(client_for, username):
    assert client_for(username).get("/council/attendances/").status_code == 404


def test_who_looked_at_the_flag_for_the_council(client_for, ae_nurse, amelia):
    """R-FLAG-4: the responsible council sees who looked, newest first."""
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    response = client_for("social.worker").get(f"/flags/{amelia.pk}/views/")
    assert response.status_code == 200
    body = main_text(response)
    assert "Who has looked at this child's flag" in body
    assert "Alex Reid" in body
    assert "Unscheduled-care clinician or receptionist" in body
    assert "Demo Hospital Emergency Department (RDEMO-ED)" in body


def test_council_holding_a_flag_sees_views_for_another_councils_child(client_for, ae_nurse, amelia):
    """Birmingham holds a plan for a child Islington is responsible for: it may see who looked
    at its own flag, and nothing about children it holds no flag for."""
    flag_add(amelia, la_code="E08000025", plan_type=PlanType.CPP)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert client_for("stranger").get(f"/flags/{amelia.pk}/views/").status_code == 200


def test_stranger_gets_not_found_for_who_looked(client_for, ae_nurse, amelia):
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    missing = client_for("stranger").get("/flags/999999/views/")
    forbidden = client_for("stranger").get(f"/flags/{amelia.pk}/views/")
    assert missing.status_code == forbidden.status_code == 404
    assert main_text(missing) == main_text(forbidden)


def test_flag_views_by_nhs_number_for_the_api(la_social_worker, stranger, ae_nurse, amelia):
    from seenheard.encounters.selectors import flag_views_for

    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    found = flag_views_for(actor=la_social_worker, nhs_number="9990000018")
    assert found is not None
    assert [v.username for v in found.views] == ["ae.nurse"]
    assert flag_views_for(actor=stranger, nhs_number="9990000018") is None


def test_pressing_register_twice_or_refreshing_registers_once(client_for, amelia):
    """A refreshed result page (the browser re-sends the form) must not add a second
    attendance or tell the council twice."""
    flag_add(amelia)
    client = client_for("ae.nurse")
    found = main_text(client.post("/register/", {"by": "nhs", "nhs_number": "9990000018"}))
    key = found.split('name="request_key" value="')[1].split('"')[0]
    form = {"child_id": amelia.pk, "request_key": key}
    first = main_text(client.post("/register/attend/", form))
    again = main_text(client.post("/register/attend/", form))
    assert "Islington has been told" in first
    assert "This attendance was already registered" in again
    assert 'id="flag-banner"' in again
    assert Encounter.objects.filter(child=amelia).count() == 1
    assert FlagAttendanceAlert.objects.filter(child=amelia).count() == 1
    # A new search gives a new key: a real second attendance is registered, once the person
    # registering confirms it is a new visit (ADR 022).
    found = main_text(client.post("/register/", {"by": "nhs", "nhs_number": "9990000018"}))
    key = found.split('name="request_key" value="')[1].split('"')[0]
    form = {"child_id": amelia.pk, "request_key": key}
    assert client.post("/register/attend/", form).status_code == 409
    client.post("/register/attend/", {**form, "repeat": "confirmed"})
    assert Encounter.objects.filter(child=amelia).count() == 2


def test_a_used_key_cannot_register_another_child(client_for, amelia, noah):
    client = client_for("ae.nurse")
    client.post("/register/", {"by": "nhs", "nhs_number": amelia.nhs_number})
    client.post("/register/", {"by": "nhs", "nhs_number": noah.nhs_number})
    client.post("/register/attend/", {"child_id": amelia.pk, "request_key": "k1"})
    body = main_text(client.post("/register/attend/", {"child_id": noah.pk, "request_key": "k1"}))
    assert "already used to register another child" in body
    assert not Encounter.objects.filter(child=noah).exists()


def test_the_council_list_links_the_child_to_their_record_where_it_opens(
    client_for, ae_nurse, amelia
):
    """Issue 7: the child's name on the council's attendances opens the child's record, for
    staff who may open it (the link is there only when the record opens)."""
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    social = client_for("social.worker")
    body = main_text(social.get("/council/attendances/"))
    assert f'<a href="/children/{amelia.pk}/">Amelia Hart</a>' in body
    assert social.get(f"/children/{amelia.pk}/").status_code == 200
