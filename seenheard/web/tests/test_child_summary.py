"""The child summary (issue 2 item 5) and its "not found" twin (R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

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
    event = AuditEvent.objects.get(child_id=amelia.pk, action=AuditAction.VIEW, object_type="Child")
    assert event.actor_username == "lac.nurse"
    assert event.actor_org_code == "RDEMO-LAC"
    assert event.detail["purpose"] == "summary"
    assert event.channel == "web"


def test_summary_shows_the_protection_flag_banner_and_audits_the_flag_look_up(client_for, amelia):
    # R-FLAG-3: wherever a child is looked up the flag shows at once; R-FLAG-4: that is audited.
    from seenheard.accounts.models import Organisation
    from seenheard.flags.models import PlanType, ProtectionFlag

    now = timezone.now()
    ProtectionFlag.objects.create(
        la=Organisation.objects.get(code="E09000019"),
        plan_type=PlanType.LAC,
        nhs_number=amelia.nhs_number,
        child=amelia,
        date_of_birth=amelia.date_of_birth,
        start_date=dt.date(2024, 1, 8),
        created_at=now,
        updated_at=now,
    )
    body = text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))
    assert 'id="flag-banner"' in body
    assert "On a plan now: Looked after child" in body
    # Straight after the name, before the rest of the summary.
    assert body.index("<h1>Amelia Hart</h1>") < body.index("flag-banner") < body.index("NHS number")
    assert AuditEvent.objects.filter(
        actor_username="lac.nurse", object_type="FlagLookup", child_id=amelia.pk
    ).exists()


def test_summary_without_a_flag_says_so(client_for, amelia):
    assert "No protection flag." in text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))


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


@time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_banner_names_every_council_that_holds_a_plan(client_for, amelia):
    """Issue 7 (R-FLAG-2): Islington is responsible for Amelia; Birmingham, where she is placed,
    holds a child protection plan too. The banner says both, with each council's numbers."""
    from seenheard.accounts.models import Organisation
    from seenheard.flags.models import PlanType, ProtectionFlag

    now = timezone.now()
    for code, plan in (("E09000019", PlanType.LAC), ("E08000025", PlanType.CPP)):
        ProtectionFlag.objects.create(
            la=Organisation.objects.get(code=code),
            plan_type=plan,
            nhs_number=amelia.nhs_number,
            child=amelia,
            date_of_birth=amelia.date_of_birth,
            start_date=dt.date(2024, 1, 8),
            created_at=now,
            updated_at=now,
        )
    body = main_text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))
    councils = body[body.index('id="flag-councils"') :]
    councils = councils[: councils.index("</p>")]
    assert "2 councils hold plans for this child:" in councils
    assert "Birmingham" in councils and "Islington" in councils
    assert "On a plan now: Looked after child" in body
    assert "On a plan now: Child protection plan" in body


def test_a_relationship_started_today_does_not_say_it_ended(client_for, ae_nurse, noah):
    """Issue 7: an attendance today showed "Ended 3 December 2026" on the summary."""
    from seenheard.encounters.services import encounter_register

    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    body = main_text(client_for("ae.nurse").get(f"/children/{noah.pk}/"))
    assert "Last attended today" in body
    assert "Ended" not in body


def test_care_relationship_status_reads_truly_either_side_of_today():
    from seenheard.children.models import CareRelationship, CareRelationshipKind
    from seenheard.children.presenters import care_relationship_status

    today = dt.date(2026, 12, 3)

    def status(kind, ended):
        rel = CareRelationship(kind=kind, started_on=dt.date(2026, 1, 5), ended_on=ended)
        return care_relationship_status(rel, today=today)

    caseload = CareRelationshipKind.CASELOAD
    assert status(caseload, None) == "Current"
    assert status(caseload, today) == "Current, ends today"
    assert status(caseload, dt.date(2027, 1, 4)) == "Current, ends on 4 January 2027"
    assert status(caseload, dt.date(2026, 12, 2)) == "Ended on 2 December 2026"
    attends = CareRelationshipKind.ATTENDS
    assert status(attends, today) == "Last attended today"
    assert status(attends, dt.date(2026, 11, 2)) == "Last attended on 2 November 2026"


def test_the_summary_lists_attendances_and_audits_the_list(client_for, ae_nurse, noah):
    """Issue 7: the summary lists the child's attendances everywhere (R-FLAG-6), audited."""
    from seenheard.encounters.services import encounter_register

    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    response = client_for("ae.nurse").get(f"/children/{noah.pk}/")
    body = main_text(response)
    assert "Attendances at every setting in the last 12 months" in body
    assert "1 attendance, newest first" in body
    assert "Demo Hospital Emergency Department" in body
    assert "Unscheduled-care clinician or receptionist" in body  # who registered, by role
    event = AuditEvent.objects.filter(object_type="EncounterList", child_id=noah.pk).get()
    assert event.actor_username == "ae.nurse"
    assert event.detail["shown"] == 1


def test_the_summary_says_when_there_are_no_attendances(client_for, amelia):
    body = main_text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))
    assert "Amelia has not attended any setting in the last 12 months." in body
