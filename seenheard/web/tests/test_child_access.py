"""Who has seen this child (issue 2 item 6; R-FLAG-4, R-FLAG-10)."""

from __future__ import annotations

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def test_social_worker_sees_who_looked_including_themselves(client_for, amelia):
    client_for("lac.nurse").get(f"/children/{amelia.pk}/")
    client = client_for("social.worker")
    client.get(f"/children/{amelia.pk}/")
    response = client.get(f"/children/{amelia.pk}/access/")
    assert response.status_code == 200
    body = text(response)
    assert "Who has seen this child" in body
    # Columns: when, who, role, organisation, what, how.
    for heading in ("When", "Who", "Role", "Organisation", "What", "How"):
        assert f">{heading}</th>" in body
    assert "Lola Adeyemi" in body
    assert "Looked-after children&#39;s nurse" in body
    assert "Demo Looked-after Children&#39;s Health Team" in body
    assert "Sofia Walsh" in body
    assert "Local-authority social worker" in body
    assert "Viewed the child&#39;s record" in body
    assert "Website" in body


def test_opening_who_has_seen_is_itself_audited(client_for, amelia):
    client_for("social.worker").get(f"/children/{amelia.pk}/access/")
    assert AuditEvent.objects.filter(
        actor_username="social.worker", object_type="ChildAccessHistory", child_id=amelia.pk
    ).exists()


def test_safeguarding_lead_sees_who_has_seen(client_for, amelia):
    assert client_for("safeguarding.lead").get(f"/children/{amelia.pk}/access/").status_code == 200


def test_lac_nurse_may_see_the_child_but_not_who_has_seen(client_for, amelia):
    response = client_for("lac.nurse").get(f"/children/{amelia.pk}/access/")
    assert response.status_code == 404
    assert "Sofia" not in text(response)


def test_stranger_gets_the_not_found_page(client_for, amelia):
    client = client_for("stranger")
    not_allowed = client.get(f"/children/{amelia.pk}/access/")
    missing = client.get("/children/999999/access/")
    assert not_allowed.status_code == missing.status_code == 404
    assert main_text(not_allowed) == main_text(missing)
    assert "Amelia" not in text(not_allowed)


@pytest.mark.parametrize("username", ["board", "admin"])
def test_board_and_sysadmin_get_nothing(client_for, amelia, username):
    response = client_for(username).get(f"/children/{amelia.pk}/access/")
    assert response.status_code == 404
    assert "Amelia" not in text(response)


def test_finding_a_child_in_a_search_counts_as_seeing_them(client_for, amelia):
    """An A&E nurse who only searched for Amelia still appears in who has seen her."""
    client_for("ae.nurse").post("/children/search/", {"by": "nhs", "nhs_number": "9990000018"})
    body = text(client_for("social.worker").get(f"/children/{amelia.pk}/access/"))
    assert "Alex Reid" in body


def test_what_column_says_in_plain_english_what_was_done(client_for, amelia):
    """Issue 7: the "What" column showed "Viewed FlagViews" and "Viewed EncounterList"."""
    from seenheard.encounters.tests.factories import flag_add

    flag_add(amelia)
    client_for("social.worker").get(f"/flags/{amelia.pk}/views/")
    client_for("lac.nurse").get(f"/children/{amelia.pk}/")
    body = main_text(client_for("social.worker").get(f"/children/{amelia.pk}/access/"))
    assert "Viewed who has looked at the child&#39;s protection flag" in body
    assert "Viewed the child&#39;s attendances" in body
    assert "Viewed the child&#39;s protection flags" in body
    for identifier in ("FlagViews", "EncounterList", "FlagLookup", "social.worker", "lac.nurse"):
        assert identifier not in body
