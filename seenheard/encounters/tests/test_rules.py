"""Frequent attendance through registration (the rule itself: test_frequent_review_decision.py),
sexual health (R-FLAG-8), recent views (R-FLAG-4)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.accounts.models import Organisation, Role
from seenheard.core import clock
from seenheard.encounters.rules import months_before
from seenheard.encounters.services import encounter_register
from seenheard.encounters.tests.factories import flag_add, staff_add
from seenheard.flags.models import PlanType
from seenheard.flags.selectors import flag_lookup, recent_flag_views
from seenheard.jobs.models import Notification
from seenheard.protocols.selectors import protocol_value, protocol_values_for
from seenheard.protocols.services import protocol_value_set
from seenheard.tasks.kinds import task_kind
from seenheard.tasks.models import Task, TaskKind, TaskStatus
from seenheard.tasks.services import task_close

pytestmark = pytest.mark.django_db


def _attend(actor, child, count, *, start_days_ago=300, step_days=20):
    """``count`` attendances, oldest first, all inside the last 12 months."""
    now = clock.now()
    regs = []
    for i in range(count):
        at = now - dt.timedelta(days=start_days_ago - i * step_days)
        regs.append(encounter_register(actor=actor, nhs_number=child.nhs_number, started_at=at))
    return regs


def _reviews():
    return Task.objects.filter(kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW)


def test_nine_unscheduled_attendances_raise_no_review(ae_nurse, noah):
    regs = _attend(ae_nurse, noah, 9)
    assert all(r.review is None for r in regs)
    assert not _reviews().exists()


def test_tenth_attendance_creates_one_review_at_the_trust_and_eleventh_joins_it(
    ae_nurse, noah, cast
):
    """Frequent attendance: the 10th in 12 months, across settings, creates ONE review for the
    safeguarding lead of the trust where it happened; the 11th adds to it."""
    miu = staff_add("miu.nurse", org_code="RDEMO-MIU", role=Role.UNSCHEDULED_CARE)
    _attend(ae_nurse, noah, 5, start_days_ago=300)
    _attend(miu, noah, 4, start_days_ago=190)
    assert not _reviews().exists()
    tenth = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert tenth.review is not None and tenth.review_created
    review = _reviews().get()
    assert review.owner_org.code == "RDEMO"
    assert review.owner_role == Role.SAFEGUARDING_LEAD
    assert review.requirement == task_kind(TaskKind.FREQUENT_ATTENDANCE_REVIEW).requirement
    assert review.status == TaskStatus.OPEN
    assert review.encounters.count() == 10
    assert {e.setting.code for e in review.encounters.all()} == {"RDEMO-ED", "RDEMO-MIU"}
    # the trust's safeguarding lead is told in the app
    lead_note = Notification.objects.get(topic="task-raised")
    assert (
        lead_note.recipient_user_id
        == cast["RDEMO"].members.get(role=Role.SAFEGUARDING_LEAD).user_id
    )

    eleventh = encounter_register(actor=miu, nhs_number=noah.nhs_number)
    assert eleventh.review == review and not eleventh.review_created
    assert _reviews().count() == 1
    assert review.encounters.count() == 11


def test_attendances_older_than_the_window_do_not_count(ae_nurse, noah):
    _attend(ae_nurse, noah, 3, start_days_ago=500)  # more than 12 months ago
    _attend(ae_nurse, noah, 8, start_days_ago=200)
    assert not _reviews().exists()


def test_scheduled_care_attendances_do_not_count(ae_nurse, actor_named, amelia):
    _attend(actor_named("hv.nurse"), amelia, 5, start_days_ago=320)
    _attend(ae_nurse, amelia, 9, start_days_ago=200)
    assert not _reviews().exists()


def test_area_protocol_of_five_makes_the_fifth_attendance_create_the_review(ae_nurse, noah, cast):
    """Frequent attendance: the area's protocol can change the threshold."""
    protocol_value_set(
        key="attendance.frequent_threshold",
        value=5,
        area=cast["RDEMO"],
        changed_by="safeguarding.lead",
        reason="Local agreement to review sooner",
    )
    regs = _attend(ae_nurse, noah, 5)
    assert [r.review_created for r in regs] == [False, False, False, False, True]
    assert _reviews().get().encounters.count() == 5


def test_area_protocol_window_of_three_months(ae_nurse, noah, cast):
    protocol_value_set(
        key="attendance.frequent_window_months",
        value=3,
        area=cast["RDEMO"],
        changed_by="safeguarding.lead",
        reason="Shorter window",
    )
    _attend(ae_nurse, noah, 10, start_days_ago=300, step_days=30)  # spread over 10 months
    assert not _reviews().exists()


def test_closed_review_is_not_reopened_by_the_next_attendance(ae_nurse, safeguarding_lead, noah):
    _attend(ae_nurse, noah, 10)
    review = _reviews().get()
    task_close(actor=safeguarding_lead, task_id=review.pk, outcome="Discussed with the GP.")
    nxt = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert nxt.review is None
    assert _reviews().count() == 1


def test_protocol_values_for_agrees_with_protocol_value(cast):
    protocol_value_set(
        key="attendance.frequent_threshold",
        value=7,
        area=None,
        changed_by="admin",
        reason="national",
    )
    protocol_value_set(
        key="attendance.frequent_threshold",
        value=6,
        area=cast["RDEMO"],
        changed_by="admin",
        reason="trust",
    )
    ed = cast["RDEMO-ED"]
    got = protocol_values_for(
        ("attendance.frequent_threshold", "flag.views_shown"), chain=[ed.pk, ed.parent_id]
    )
    assert got["attendance.frequent_threshold"] == protocol_value(
        "attendance.frequent_threshold", area=ed
    )
    assert got == {"attendance.frequent_threshold": 6, "flag.views_shown": 25}


def test_months_before_keeps_the_day_or_uses_the_last_day_of_a_shorter_month():
    at = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
    assert months_before(at, 1) == dt.datetime(2026, 2, 28, 9, 30, tzinfo=dt.UTC)
    assert months_before(at, 12) == dt.datetime(2025, 3, 31, 9, 30, tzinfo=dt.UTC)
    assert months_before(at, 15) == dt.datetime(2024, 12, 31, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def sh_nurse(cast):
    return staff_add("sh.nurse", org_code="RDEMO-SH", role=Role.UNSCHEDULED_CARE)


def test_sexual_health_attendance_under_13_is_flagged_with_a_task(sh_nurse, amelia):
    """R-FLAG-8: a child under 13 at a sexual-health setting: flagged and a task raised."""
    assert clock.age_on(amelia.date_of_birth, clock.today()) < 13
    reg = encounter_register(actor=sh_nurse, nhs_number=amelia.nhs_number)
    assert reg.encounter.flag_reasons == [
        "Under 13: cannot consent to sexual activity in law",
    ]
    task = reg.sexual_health_task
    assert task is not None
    assert task.kind == TaskKind.SEXUAL_HEALTH_SAFEGUARDING
    assert task.owner_org.code == "RDEMO"
    assert task.owner_role == Role.SAFEGUARDING_LEAD
    assert list(task.encounters.all()) == [reg.encounter]


def test_sexual_health_attendance_by_a_looked_after_16_year_old_is_flagged(sh_nurse, noah):
    flag_add(noah, plan_type=PlanType.LAC)
    reg = encounter_register(actor=sh_nurse, nhs_number=noah.nhs_number)
    assert reg.encounter.flag_reasons == ["Looked after"]
    assert reg.sexual_health_task is not None


def test_sexual_health_attendance_by_a_16_year_old_not_looked_after_is_not(sh_nurse, noah):
    reg = encounter_register(actor=sh_nurse, nhs_number=noah.nhs_number)
    assert reg.encounter.flag_reasons == []
    assert reg.sexual_health_task is None
    assert not Task.objects.exists()


def test_age_is_taken_on_the_attendance_date(sh_nurse, cast):
    """A child who turned 13 yesterday is not flagged as under 13; registered a week ago,
    before the birthday, they were."""
    from seenheard.children.models import Child

    today = clock.today()
    child = Child.objects.create(  # scope-exempt: (test set-up)
        nhs_number="9990000042",
        given_name="Zara",
        family_name="Stone",
        date_of_birth=today.replace(year=today.year - 13) - dt.timedelta(days=1),
    )
    now_reg = encounter_register(actor=sh_nurse, nhs_number=child.nhs_number)
    assert now_reg.encounter.flag_reasons == []
    earlier = encounter_register(
        actor=sh_nurse, nhs_number=child.nhs_number, started_at=clock.now() - dt.timedelta(days=7)
    )
    assert earlier.encounter.flag_reasons != []


def test_ed_attendance_under_13_is_not_a_sexual_health_flag(ae_nurse, amelia):
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert reg.encounter.flag_reasons == []
    assert reg.sexual_health_task is None


def test_recent_views_repeat_within_24_hours_shown_once_and_at_most_25(
    ae_nurse, lac_nurse, amelia, cast
):
    """R-FLAG-4: newest first, repeats by one person within 24 hours shown once, 25 shown."""
    start = clock.now() - dt.timedelta(days=40)
    with time_machine.travel(start, tick=False) as traveller:
        flag_lookup(actor=ae_nurse, child_id=amelia.pk)
        traveller.shift(dt.timedelta(hours=2))
        flag_lookup(actor=ae_nurse, child_id=amelia.pk)  # repeat within 24 h: not shown
        traveller.shift(dt.timedelta(hours=1))
        flag_lookup(actor=lac_nurse, child_id=amelia.pk)
        traveller.shift(dt.timedelta(hours=30))
        flag_lookup(actor=ae_nurse, child_id=amelia.pk)  # a day later: shown again
    views = recent_flag_views(child_id=amelia.pk)
    assert [v.username for v in views] == ["ae.nurse", "lac.nurse", "ae.nurse"]
    assert views[0].org_name == "Demo Hospital Emergency Department"
    assert views[0].role == "unscheduled-care"

    with time_machine.travel(start + dt.timedelta(days=2), tick=False) as traveller:
        for _ in range(30):
            traveller.shift(dt.timedelta(hours=25))
            flag_lookup(actor=ae_nurse, child_id=amelia.pk)
    views = recent_flag_views(child_id=amelia.pk)
    assert len(views) == 25
    assert views == sorted(views, key=lambda v: v.at, reverse=True)


def test_registration_shows_the_views_before_this_one(ae_nurse, lac_nurse, amelia):
    flag_lookup(actor=lac_nurse, child_id=amelia.pk)
    reg = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert [v.username for v in reg.recent_views] == ["lac.nurse"]
    again = encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert [v.username for v in again.recent_views] == ["ae.nurse", "lac.nurse"]


def test_no_organisation_outside_the_demo_trust_gets_the_review(ae_nurse, noah):
    _attend(ae_nurse, noah, 10)
    assert not _reviews().exclude(owner_org=Organisation.objects.get(code="RDEMO")).exists()
