"""Emergency (break-glass) access and the safeguarding lead's review (R-FLAG-10)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from seenheard.access.models import BreakGlassGrant
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.jobs.models import Notification
from seenheard.web.tests.helpers import text

pytestmark = pytest.mark.django_db

REASON = "Brought in unconscious by ambulance, no adult with her."


def _ask(client, nhs_number="999 000 0018", reason=REASON):
    return client.post("/children/emergency-access/", {"nhs_number": nhs_number, "reason": reason})


def test_form_explains_that_the_safeguarding_lead_is_told(client_for):
    body = text(client_for("ae.nurse").get("/children/emergency-access/"))
    assert "safeguarding lead" in body
    assert 'name="reason"' in body
    assert "4 hours" in body


def test_ae_nurse_gets_access_and_lands_on_the_summary_with_the_expiry_time(client_for, amelia):
    client = client_for("ae.nurse")
    response = _ask(client)
    assert response.status_code == 302
    assert response["Location"] == f"/children/{amelia.pk}/"
    grant = BreakGlassGrant.objects.get(username="ae.nurse", child_id=amelia.pk)
    summary = text(client.get(response["Location"]))
    assert "Amelia Hart" in summary
    assert "emergency access" in summary
    assert f"expires at {timezone.localtime(grant.expires_at):%H:%M}" in summary
    assert AuditEvent.objects.filter(
        actor_username="ae.nurse", action=AuditAction.BREAK_GLASS, child_id=amelia.pk
    ).exists()


def test_stranger_can_use_emergency_access_and_their_lead_is_told(client_for, amelia):
    # The stranger may break glass; that is exactly what the review exists to check.
    response = _ask(client_for("stranger"))
    assert response.status_code == 302


def test_break_glass_notifies_the_trust_safeguarding_lead(client_for, amelia):
    from seenheard.accounts.models import User

    _ask(client_for("ae.nurse"))
    lead = User.objects.get(username="safeguarding.lead")
    note = Notification.objects.get(recipient_user_id=lead.pk, topic="break-glass")
    assert note.link == "/emergency-access/"


def test_missing_reason_is_a_field_error_and_grants_nothing(client_for, amelia):
    response = _ask(client_for("ae.nurse"), reason="")
    assert response.status_code == 400
    body = text(response)
    assert "There is a problem" in body
    assert "Enter the reason you need emergency access" in body
    assert not BreakGlassGrant.objects.exists()


def test_invalid_nhs_number_is_a_field_error_and_grants_nothing(client_for, amelia):
    response = _ask(client_for("ae.nurse"), nhs_number="999 000 0019")
    assert response.status_code == 400
    assert "check digit does not match" in text(response)
    assert not BreakGlassGrant.objects.exists()


def test_an_unknown_nhs_number_is_refused_and_the_attempt_recorded(client_for, amelia):
    response = _ask(client_for("ae.nurse"), nhs_number="999 000 0042")
    assert response.status_code == 400
    assert "No child with that NHS number is known" in text(response)
    assert not BreakGlassGrant.objects.exists()
    attempt = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert attempt.actor_username == "ae.nurse"
    assert attempt.detail["nhs_number"] == "9990000042"
    assert attempt.detail["granted"] is False


@pytest.mark.parametrize("username", ["board", "admin", "flag.admin"])
def test_roles_without_emergency_access_get_not_found(client_for, amelia, username):
    client = client_for(username)
    assert client.get("/children/emergency-access/").status_code == 404
    assert _ask(client).status_code == 404
    assert not BreakGlassGrant.objects.exists()


# The safeguarding lead's review page.


def test_lead_sees_the_grant_with_its_reason_and_marks_it_reviewed(client_for, amelia):
    _ask(client_for("ae.nurse"))
    grant = BreakGlassGrant.objects.get()
    lead = client_for("safeguarding.lead")
    body = text(lead.get("/emergency-access/"))
    assert "Alex Reid" in body
    assert "Demo Hospital Emergency Department" in body
    assert "ae.nurse" not in body  # people by name, never by username
    assert "Brought in unconscious by ambulance" in body
    assert "Mark reviewed" in body
    response = lead.post(f"/emergency-access/{grant.pk}/reviewed/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == "safeguarding.lead"
    assert grant.reviewed_at is not None
    assert "by Sam Gordon" in text(lead.get("/emergency-access/"))
    assert AuditEvent.objects.filter(
        actor_username="safeguarding.lead",
        object_type="BreakGlassGrant",
        object_id=str(grant.pk),
        action=AuditAction.UPDATE,
    ).exists()
    after = text(lead.get("/emergency-access/"))
    assert "Reviewed" in after
    assert "safeguarding.lead" not in after


def test_mark_reviewed_needs_post(client_for, amelia):
    _ask(client_for("ae.nurse"))
    grant = BreakGlassGrant.objects.get()
    assert (
        client_for("safeguarding.lead").get(f"/emergency-access/{grant.pk}/reviewed/").status_code
        == 405
    )


def test_stranger_sees_no_review_page_and_cannot_mark_reviewed(client_for, amelia):
    _ask(client_for("ae.nurse"))
    grant = BreakGlassGrant.objects.get()
    client = client_for("stranger")
    response = client.get("/emergency-access/")
    assert response.status_code == 404
    assert "Brought in unconscious" not in text(response)
    assert client.post(f"/emergency-access/{grant.pk}/reviewed/").status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_a_lead_elsewhere_does_not_see_another_organisations_grants(client_for, amelia):
    from seenheard.accounts.services import user_add

    user_add(
        username="brum.lead",
        org_code="E08000025",
        role="safeguarding-lead",
        password=None,
        given_name="Sam",
        family_name="Tester",
    )
    _ask(client_for("ae.nurse"))
    grant = BreakGlassGrant.objects.get()
    client = client_for("brum.lead")
    body = text(client.get("/emergency-access/"))
    assert "Brought in unconscious" not in body
    assert client.post(f"/emergency-access/{grant.pk}/reviewed/").status_code == 404


@pytest.mark.parametrize("username", ["board", "admin"])
def test_board_and_sysadmin_get_no_review_page(client_for, username):
    assert client_for(username).get("/emergency-access/").status_code == 404
