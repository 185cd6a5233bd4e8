"""Home page per role (issue 2 item 9): each role is told what it can do here."""

from __future__ import annotations

import pytest

from seenheard.web.tests.helpers import text

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_ae_nurse_home_offers_child_search_and_says_any_child_can_be_traced(client_for):
    body = text(client_for("ae.nurse").get("/"))
    assert "Unscheduled-care clinician or receptionist" in body
    assert "Demo Hospital Emergency Department" in body
    assert 'href="/children/search/"' in body
    assert "Find any child by NHS number" in body
    assert 'href="/children/emergency-access/"' in body


def test_social_worker_home_says_council_children_and_who_has_looked(client_for):
    body = text(client_for("social.worker").get("/"))
    assert "children your council is responsible for" in body
    assert "who has looked at a child" in body


def test_safeguarding_lead_home_links_to_emergency_access_review(client_for):
    body = text(client_for("safeguarding.lead").get("/"))
    assert 'href="/emergency-access/"' in body
    assert "Review every use of emergency access" in body


@pytest.mark.parametrize("username", ["board", "admin"])
def test_board_and_sysadmin_home_has_no_child_links(client_for, username):
    body = text(client_for(username).get("/"))
    assert "/children/" not in body
    assert "Find a child" not in body
    assert "never see" in body


def test_sysadmin_home_links_to_staff_accounts(client_for):
    assert 'href="/accounts/"' in text(client_for("admin").get("/"))


def test_stranger_home_names_no_child_of_the_cast(client_for):
    body = text(client_for("stranger").get("/"))
    assert "Birmingham" in body
    for name in ("Amelia", "Jayden", "Noah", "999 000"):
        assert name not in body


def test_home_shows_unread_message_count(client_for, lac_nurse):
    from seenheard.jobs.services import notification_send

    notification_send(
        recipient_user_id=lac_nurse.user_id,
        recipient_email="",
        recipient_org_code="RDEMO-LAC",
        topic="test",
        subject="Health assessment due",
        body="A health assessment is due.",
    )
    assert "Inbox (1 unread)" in text(client_for("lac.nurse").get("/"))


def test_ae_nurse_home_has_a_register_an_attendance_card(client_for):
    # Issue 7 section 4: the navigation had the way through, the home page did not.
    from seenheard.web.tests.helpers import main_text

    body = main_text(client_for("ae.nurse").get("/"))
    assert 'href="/register/"' in body
    assert "Register an attendance" in body


def test_social_worker_home_has_an_attendances_card(client_for):
    from seenheard.web.tests.helpers import main_text

    body = main_text(client_for("social.worker").get("/"))
    assert 'href="/council/attendances/"' in body


def test_gp_home_has_no_council_attendances_card(client_for):
    from seenheard.web.tests.helpers import main_text

    assert "/council/attendances/" not in main_text(client_for("gp").get("/"))
