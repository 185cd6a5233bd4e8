"""The pages of emergency access review when the organisation has no safeguarding lead
(R-FLAG-10, issue 7 section 2, ADR 020): the form says who will be told, the grant says who was
(or that nobody could be), the area's designated nurse reviews a practice's grants, and the
system's safeguarding oversight has a page of its own."""

from __future__ import annotations

import html

import pytest

from seenheard.access.models import BreakGlassGrant
from seenheard.accounts.models import Membership
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.web.tests import helpers

pytestmark = pytest.mark.django_db

REASON = "Collapsed in the waiting room, mother not answering her phone."
NOAH = "999 000 0034"


def text(response) -> str:
    return html.unescape(helpers.text(response))


def _ask(client, nhs_number=NOAH, reason=REASON):
    return client.post("/children/emergency-access/", {"nhs_number": nhs_number, "reason": reason})


def test_the_gps_form_names_the_areas_designated_nurse(client_for):
    body = text(client_for("gp").get("/children/emergency-access/"))
    assert "Your organisation has no safeguarding lead" in body
    assert "Dana Price, Demo Integrated Care Board" in body
    assert "your organisation's safeguarding lead is told" not in body


def test_the_ae_nurses_form_names_the_trusts_lead(client_for):
    body = text(client_for("ae.nurse").get("/children/emergency-access/"))
    assert "Sam Gordon, your organisation's safeguarding lead, is told straight away" in body


def test_two_leads_are_both_named(client_for):
    from seenheard.accounts.services import user_add

    user_add(
        username="ed.lead",
        org_code="RDEMO-ED",
        role="safeguarding-lead",
        password=None,
        given_name="Ed",
        family_name="Lane",
    )
    body = text(client_for("ae.nurse").get("/children/emergency-access/"))
    assert "Ed Lane and Sam Gordon, your organisation's safeguarding leads, are told" in body


def test_gp_at_demo_surgery_is_told_who_reviews_and_the_designated_nurse_reviews_it(
    client_for, noah
):
    gp = client_for("gp")
    response = _ask(gp)
    assert response.status_code == 302
    summary = text(gp.get(response["Location"]))
    assert "sent to your area's designated safeguarding professional (Dana Price)" in summary

    nurse = client_for("designated.nurse")
    home = text(nurse.get("/"))
    assert 'href="/emergency-access/"' in home
    body = text(nurse.get("/emergency-access/"))
    assert "Priya Shah" in body
    assert "GP, Demo Surgery" in body
    assert "Collapsed in the waiting room" in body
    # Noah is not a child the integrated care board knows: no link to his record.
    assert f'href="/children/{noah.pk}/"' not in body
    assert "Not a record you can open" in body
    grant = BreakGlassGrant.objects.get()
    assert nurse.post(f"/emergency-access/{grant.pk}/reviewed/").status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by_name == "Dana Price"
    # The trust's lead does not see the surgery's grant.
    assert "Collapsed in the waiting room" not in text(
        client_for("safeguarding.lead").get("/emergency-access/")
    )


def test_oversight_page_lists_grants_nobody_could_be_named_for(client_for):
    Membership.objects.filter(user__username="safeguarding.oversight").update(active=False)
    stranger = client_for("stranger")
    response = _ask(stranger)
    assert response.status_code == 302
    summary = text(stranger.get(response["Location"]))
    assert "Nobody in your organisation or area reviews emergency access" in summary
    assert "listed for the system's safeguarding oversight" in summary

    Membership.objects.filter(user__username="safeguarding.oversight").update(active=True)
    oversight = client_for("safeguarding.oversight")
    assert 'href="/emergency-access/oversight/"' in text(oversight.get("/"))
    page = oversight.get("/emergency-access/oversight/")
    assert page.status_code == 200
    body = text(page)
    assert "Emergency access for oversight" in body
    assert "Steve Ranger" in body
    assert "Birmingham" in body
    assert "Nobody was named to review this" in body
    assert "Collapsed in the waiting room" in body
    assert AuditEvent.objects.filter(
        actor_username="safeguarding.oversight",
        action=AuditAction.VIEW,
        object_type="BreakGlassGrantList",
    ).exists()
    grant = BreakGlassGrant.objects.get()
    response = oversight.post(f"/emergency-access/{grant.pk}/reviewed/")
    assert response["Location"] == "/emergency-access/oversight/"
    grant.refresh_from_db()
    assert grant.reviewed_by == "safeguarding.oversight"


def test_oversight_is_sent_straight_to_its_page(client_for):
    response = client_for("safeguarding.oversight").get("/emergency-access/")
    assert response.status_code == 302
    assert response["Location"] == "/emergency-access/oversight/"


def test_oversight_does_not_see_grants_an_organisation_reviews(client_for):
    _ask(client_for("ae.nurse"))
    body = text(client_for("safeguarding.oversight").get("/emergency-access/oversight/"))
    assert "Collapsed in the waiting room" not in body
    assert "No emergency access in the last 90 days needed oversight" in body


@pytest.mark.parametrize(
    "username", ["safeguarding.lead", "designated.nurse", "ae.nurse", "gp", "admin", "stranger"]
)
def test_only_oversight_has_the_oversight_page(client_for, username):
    Membership.objects.filter(user__username="safeguarding.oversight").update(active=False)
    _ask(client_for("stranger"))
    response = client_for(username).get("/emergency-access/oversight/")
    assert response.status_code == 404
    assert "Collapsed in the waiting room" not in text(response)


def test_oversight_cannot_use_emergency_access_or_open_a_record(client_for, noah):
    client = client_for("safeguarding.oversight")
    assert client.get("/children/emergency-access/").status_code == 404
    assert _ask(client).status_code == 404
    assert client.get(f"/children/{noah.pk}/").status_code == 404
    assert not BreakGlassGrant.objects.exists()
