"""Registering an attendance: the banner at once, the council told, silent reads (R-FLAG-3,
R-FLAG-4, R-FLAG-5, R-FLAG-6, R-FLAG-9, R-FLAG-10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from seenheard.audit.models import AuditEvent
from seenheard.children.models import CareRelationship, CareRelationshipKind
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.selectors import encounters_for_child
from seenheard.encounters.services import EncounterError, RequestKeyReused, encounter_register
from seenheard.encounters.tests.factories import flag_add, risk_flag_add
from seenheard.flags.models import FlagAttendanceAlert, PlanType
from seenheard.jobs.models import Notification
from seenheard.jobs.services import jobs_run_due

pytestmark = pytest.mark.django_db


def test_flagged_child_shows_open_plan_with_council_and_both_phone_numbers(ae_nurse, amelia):
    """R-FLAG-3: registration shows the flag at once: type, dates, council, both numbers."""
    flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert reg.banner.has_open_flag
    (shown,) = reg.banner.open
    assert shown.label == "Looked after child"
    assert shown.start_date == dt.date(2024, 9, 1)
    assert shown.council_name == "Islington"
    assert shown.phone_office_hours == "020 7946 0019"
    assert shown.phone_out_of_hours == "020 7946 0919"
    assert reg.encounter.unscheduled is True
    assert reg.encounter.setting_type == "emergency-department"
    assert reg.attendances == [reg.encounter]


def test_registration_audits_the_look_up_and_the_attendance(ae_nurse, amelia):
    """R-FLAG-4: the look-up is recorded with who, role, organisation and when."""
    flag_add(amelia)
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    events = list(AuditEvent.objects.filter(child_id=amelia.pk).order_by("seq"))
    kinds = [(e.object_type, e.action) for e in events]
    assert ("FlagLookup", "view") in kinds
    assert ("Encounter", "create") in kinds
    lookup = next(e for e in events if e.object_type == "FlagLookup")
    assert lookup.actor_username == "ae.nurse"
    assert lookup.actor_role == "unscheduled-care"
    assert lookup.actor_org_code == "RDEMO-ED"
    assert lookup.detail["purpose"] == "registration"
    created = next(e for e in events if e.object_type == "Encounter")
    assert created.object_id == str(reg.encounter.pk)


def test_council_is_told_in_its_inbox_and_by_email_naming_no_child(ae_nurse, amelia):
    """R-FLAG-5: the council's inbox at once, and an e-mail through the worker."""
    flag_add(amelia)
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert reg.notified_councils == ["Islington"]
    alert = FlagAttendanceAlert.objects.get()
    assert alert.la.code == "E09000019"
    assert alert.child_id == amelia.pk
    assert alert.setting_name == "Demo Hospital Emergency Department"
    assert "Alex Reid" in alert.registered_by
    note = Notification.objects.get(topic="flag-attendance")
    assert note.recipient_org_code == "E09000019"
    assert note.recipient_user_id is None
    assert mail.outbox == []
    jobs_run_due(worker_id="test")
    (sent,) = mail.outbox
    assert sent.to == ["childrens.services@islington.example"]
    assert "Demo Hospital Emergency Department" in sent.body
    for identifying in ("Amelia", "Hart", "9990000018", "999 000 0018"):
        assert identifying not in sent.body + sent.subject


@pytest.mark.parametrize("username", ["gp", "hv.nurse"])
def test_scheduled_care_look_up_is_a_silent_read(actor_named, amelia, username):
    """R-FLAG-5: a GP or health visitor look-up is recorded, not notified."""
    flag_add(amelia)
    reg = encounter_register(actor=actor_named(username), nhs_number=amelia.nhs_number)
    assert reg.banner.has_open_flag
    assert reg.encounter.unscheduled is False
    assert reg.notified_councils == []
    assert not FlagAttendanceAlert.objects.exists()
    assert not Notification.objects.filter(topic="flag-attendance").exists()
    assert AuditEvent.objects.filter(
        child_id=amelia.pk, object_type="FlagLookup", actor_username=username
    ).exists()


def test_child_with_no_flag_has_a_clear_banner_and_no_alert(ae_nurse, noah):
    reg = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert reg.banner.is_clear
    assert reg.notified_councils == []
    assert not FlagAttendanceAlert.objects.exists()


def test_previously_on_a_plan_shown_within_twelve_months_and_not_after(ae_nurse, amelia, noah):
    """R-FLAG-1: 'previously on a plan' for 12 months after the end date."""
    today = clock.today()
    flag_add(amelia, start=dt.date(2023, 1, 1), end=today - dt.timedelta(days=200))
    flag_add(noah, start=dt.date(2022, 1, 1), end=today - dt.timedelta(days=400))
    recent = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert [f.end_date for f in recent.banner.previous] == [today - dt.timedelta(days=200)]
    assert not recent.banner.open
    assert recent.notified_councils == []  # an ended plan is not notified
    old = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert old.banner.is_clear


def test_risk_flag_owner_is_told_the_child_was_seen(ae_nurse, lac_nurse, amelia):
    """R-FLAG-9: the owner of an open risk flag is told when the child is seen anywhere."""
    risk_flag_add(amelia, owner=lac_nurse, owner_email="lola@demo.example")
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert reg.risk_owners_told == 1
    assert [r.label for r in reg.banner.risks] == ["Missing child"]
    note = Notification.objects.get(topic="risk-flag-seen")
    assert note.recipient_user_id == lac_nurse.user_id
    assert "Demo Hospital Emergency Department" in note.body


def test_setting_gets_a_relationship_so_it_can_see_the_child_afterwards(ae_nurse, noah):
    """R-FLAG-10: the attendance is the legitimate relationship; it lasts for the grace period
    after the latest attendance (the relationship ends on the attendance day)."""
    assert encounters_for_child(actor=ae_nurse, child_id=noah.pk) is None
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    rel = CareRelationship.objects.get(child=noah, kind=CareRelationshipKind.ATTENDS)
    assert rel.organisation.code == "RDEMO-ED"
    assert rel.ended_on == clock.today()
    shown = encounters_for_child(actor=ae_nurse, child_id=noah.pk)
    assert shown is not None and len(shown) == 2


def test_attendances_across_every_setting_in_the_last_twelve_months(ae_nurse, actor_named, amelia):
    """R-FLAG-6: attendances elsewhere are shown together; older than 12 months are not."""
    now = clock.now()
    encounter_register(
        actor=ae_nurse, nhs_number=amelia.nhs_number, started_at=now - dt.timedelta(days=400)
    )
    encounter_register(actor=actor_named("gp"), nhs_number=amelia.nhs_number, started_at=now)
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    settings = [e.setting.code for e in reg.attendances]
    assert settings == ["RDEMO-ED", "YDEMO1"]
    listed = encounters_for_child(actor=actor_named("lac.nurse"), child_id=amelia.pk)
    assert listed is not None and len(listed) == 2


def test_stranger_cannot_register_and_nothing_changes(stranger, amelia):
    before = AuditEvent.objects.count()
    with pytest.raises(EncounterError, match="Your role does not register attendances"):
        encounter_register(actor=stranger, nhs_number=amelia.nhs_number)
    assert not Encounter.objects.exists()
    assert AuditEvent.objects.count() == before


def test_unknown_child_is_refused_plainly_and_nothing_changes(ae_nurse):
    before = AuditEvent.objects.count()
    with pytest.raises(EncounterError, match="No child found"):
        encounter_register(actor=ae_nurse, child_id=999_999)
    assert not Encounter.objects.exists()
    assert AuditEvent.objects.count() == before


def test_gp_cannot_register_a_child_outside_the_practice(actor_named, cast):
    """Scheduled care traces only within its relationships: the same answer as 'no child'."""
    from seenheard.children.models import Child

    other = Child.objects.create(  # scope-exempt: (test set-up)
        nhs_number="9990000042",
        given_name="Zara",
        family_name="Stone",
        date_of_birth=dt.date(2018, 1, 5),
    )
    with pytest.raises(EncounterError, match="No child found"):
        encounter_register(actor=actor_named("gp"), nhs_number=other.nhs_number)
    assert not Encounter.objects.exists()


def test_attendance_in_the_future_is_refused(ae_nurse, amelia):
    with pytest.raises(EncounterError, match="cannot start in the future"):
        encounter_register(
            actor=ae_nurse,
            nhs_number=amelia.nhs_number,
            started_at=clock.now() + dt.timedelta(hours=2),
        )
    assert not Encounter.objects.exists()


def test_stranger_cannot_list_attendances(stranger, ae_nurse, amelia):
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert encounters_for_child(actor=stranger, child_id=amelia.pk) is None


def test_registration_query_budget(ae_nurse, amelia, django_assert_max_num_queries):
    """The hot path stays within a fixed number of queries, flagged child included."""
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    with django_assert_max_num_queries(26):
        encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)


def test_registration_and_listing_by_nhs_number_for_the_api(ae_nurse, amelia):
    reg = encounter_register(actor=ae_nurse, nhs_number="9990000018")
    assert reg.child.pk == amelia.pk
    listed = encounters_for_child(actor=ae_nurse, nhs_number="9990000018")
    assert listed == [reg.encounter]
    with pytest.raises(EncounterError, match="No child found"):
        encounter_register(actor=ae_nurse, nhs_number="9434765919")


def test_registration_needs_exactly_one_way_to_name_the_child(ae_nurse, amelia):
    with pytest.raises(EncounterError, match="Say which child"):
        encounter_register(actor=ae_nurse)
    with pytest.raises(EncounterError, match="Say which child"):
        encounter_register(actor=ae_nurse, child_id=amelia.pk, nhs_number="9990000018")
    assert not Encounter.objects.exists()


def test_a_later_attendance_moves_the_relationship_on_and_an_open_one_is_left(ae_nurse, noah):
    """R-FLAG-10: an attendance gives the setting 90 days' relationship from its latest day;
    a relationship someone left open stays open."""
    now = clock.now()
    earlier = now - dt.timedelta(days=40)
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number, started_at=earlier)
    rel = CareRelationship.objects.get(child=noah, kind=CareRelationshipKind.ATTENDS)
    # The day is the London day of the attendance: 40 days before 23:30 in winter can be
    # the next calendar day in summer time.
    assert rel.ended_on == timezone.localdate(earlier)
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number, started_at=now)
    rel.refresh_from_db()
    assert rel.ended_on == timezone.localdate(now)
    assert (
        CareRelationship.objects.filter(child=noah, kind=CareRelationshipKind.ATTENDS).count() == 1
    )
    rel.ended_on = None
    rel.save()
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    rel.refresh_from_db()
    assert rel.ended_on is None


def test_one_request_key_racing_for_two_children_is_refused_not_a_server_error(
    ae_nurse, amelia, noah, monkeypatch
):
    """ADR 010: a form sent twice at the same moment for two different children. The second
    request missed the first's attendance when it looked (the first had not committed yet);
    the database's uniqueness of the key stops its insert, and it is answered as if it had come
    just after: refused for another child, with nothing of it kept."""
    from seenheard.encounters import registration

    first = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number, request_key="form-7")
    looked = registration.earlier_registration
    calls = []

    def missed_once(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else looked(**kwargs)

    monkeypatch.setattr(registration, "earlier_registration", missed_once)
    with pytest.raises(RequestKeyReused, match="another child"):
        encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number, request_key="form-7")
    assert len(calls) == 2
    assert list(Encounter.objects.values_list("pk", flat=True)) == [first.encounter.pk]
    assert not CareRelationship.objects.filter(child=noah).exists()


def test_the_council_email_links_to_the_inbox_by_its_full_address(ae_nurse, amelia, settings):
    """Issue 7: the e-mail said "/council/attendances/", which no mail client can open."""
    settings.SEENHEARD_BASE_URL = "https://seenheard.example.nhs.uk"
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    jobs_run_due(worker_id="test")
    (sent,) = mail.outbox
    assert "https://seenheard.example.nhs.uk/council/attendances/" in sent.body
    assert " /council/attendances/" not in sent.body
    # The inbox inside the service keeps the path, which the page links to directly.
    assert Notification.objects.get(topic="flag-attendance").link == "/council/attendances/"
