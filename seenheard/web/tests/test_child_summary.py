"""The child summary (issue 2 item 5) and its "not found" twin (R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def amelia_family(amelia):
    """Amelia's mother (parental responsibility, same household) and a carer elsewhere."""
    from seenheard.children.models import Adult, ChildAdultRelationship, Household, Sex

    home = Household.objects.create(address="1 Demo Street", postcode="N1 9AA")
    amelia.household = home
    amelia.save()
    mother = Adult.objects.create(
        given_name="Rose", family_name="Hart", sex=Sex.FEMALE, household=home
    )
    carer = Adult.objects.create(given_name="Marcus", family_name="Oyelaran", sex=Sex.MALE)
    ChildAdultRelationship.objects.create(
        child=amelia, adult=mother, kind="parent", has_parental_responsibility=True
    )
    ChildAdultRelationship.objects.create(child=amelia, adult=carer, kind="carer")
    return amelia


@time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), tick=False)
def test_lac_nurse_sees_amelias_summary(client_for, amelia_family):
    response = client_for("lac.nurse").get(f"/children/{amelia_family.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Amelia Hart</h1>" in body
    assert "999 000 0018" in body
    assert "2 March 2014 (age 12)" in body
    assert "Female" in body
    assert "N1 9AA" in body
    assert "Demo Surgery (YDEMO1)" in body
    assert "Islington (E09000019)" in body
    # Adults and parental responsibility.
    assert "Rose Hart" in body
    assert "Marcus Oyelaran" in body
    assert "Parent" in body
    assert "Carer" in body
    # Which organisations know the child.
    assert "Demo Looked-after Children&#39;s Health Team" in body
    assert "Demo Health Visiting and School Nursing" in body
    assert "On the caseload of" in body


def test_viewing_the_summary_writes_an_audit_event(client_for, amelia, lac_nurse):
    client_for("lac.nurse").get(f"/children/{amelia.pk}/")
    event = AuditEvent.objects.filter(child_id=amelia.pk, action=AuditAction.VIEW).latest("seq")
    assert event.actor_username == "lac.nurse"
    assert event.actor_org_code == "RDEMO-LAC"
    assert event.object_type == "Child"
    assert event.channel == "web"


def test_summary_leaves_a_place_for_the_protection_flag_banner(client_for, amelia):
    # Issue 3 renders its banner from flags/banner.jinja inside this block, above the name.
    from pathlib import Path

    template = Path(__file__).parents[1] / "jinja2" / "web" / "child_summary.jinja"
    source = template.read_text()
    assert "{%- block flag_banner -%}" in source
    assert source.index("flag_banner") < source.index("<h1>")
    assert client_for("lac.nurse").get(f"/children/{amelia.pk}/").status_code == 200


def test_social_worker_summary_links_to_who_has_seen(client_for, amelia):
    body = text(client_for("social.worker").get(f"/children/{amelia.pk}/"))
    assert f'href="/children/{amelia.pk}/access/"' in body


def test_lac_nurse_summary_has_no_who_has_seen_link(client_for, amelia):
    body = text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))
    assert "/access/" not in body


def test_stranger_gets_the_same_not_found_page_as_for_a_child_that_does_not_exist(
    client_for, amelia
):
    client = client_for("stranger")
    not_allowed = client.get(f"/children/{amelia.pk}/")
    missing = client.get("/children/999999/")
    assert not_allowed.status_code == missing.status_code == 404
    assert main_text(not_allowed) == main_text(missing)
    assert "Amelia" not in text(not_allowed)
    assert "999 000 0018" not in text(not_allowed)
    assert not AuditEvent.objects.filter(actor_username="stranger", child_id=amelia.pk)


@pytest.mark.parametrize("username", ["board", "admin"])
def test_board_and_sysadmin_see_nothing_identifiable(client_for, amelia, username):
    response = client_for(username).get(f"/children/{amelia.pk}/")
    assert response.status_code == 404
    assert "Amelia" not in text(response)


def test_a_malformed_child_address_gets_the_same_not_found_page(client_for, amelia):
    client = client_for("stranger")
    malformed = client.get("/children/not-a-number/")
    not_allowed = client.get(f"/children/{amelia.pk}/")
    assert malformed.status_code == 404
    assert main_text(malformed) == main_text(not_allowed)
