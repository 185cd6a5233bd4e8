"""A second registration of the same child at the same setting within minutes (issue 7,
section 4; ADR 022): the page asks before registering again, the API accepts it, and the
frequent-attendance count counts the visit once."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from seenheard.accounts.models import Role
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.rules import attendances_counted
from seenheard.encounters.services import RepeatRegistration, encounter_register
from seenheard.encounters.tests.factories import flag_add, staff_add
from seenheard.flags.models import FlagAttendanceAlert
from seenheard.protocols.catalogue import PARAMETERS
from seenheard.protocols.services import protocol_value_set
from seenheard.tasks.models import Task, TaskKind
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _at(setting_id: int, minutes: float) -> SimpleNamespace:
    return SimpleNamespace(setting_id=setting_id, started_at=T0 + dt.timedelta(minutes=minutes))


def _reviews():
    return Task.objects.filter(kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW)


def _earlier_visits(actor, child, count: int) -> None:
    """``count`` visits weeks apart, all inside the last 12 months."""
    now = clock.now()
    for i in range(count):
        encounter_register(
            actor=actor,
            nhs_number=child.nhs_number,
            started_at=now - dt.timedelta(days=300 - i * 20),
        )


# --- the rule ---------------------------------------------------------------------------------


def test_the_parameter_defaults_to_an_hour():
    assert PARAMETERS["attendance.repeat_minutes"].default == 60


def test_registrations_within_the_window_at_one_setting_count_once():
    ten_in_a_minute = [_at(1, m / 10) for m in range(10)]
    assert attendances_counted(ten_in_a_minute, repeat_minutes=60) == [ten_in_a_minute[0]]


def test_registrations_an_hour_or_more_apart_or_at_another_setting_each_count():
    visits = [_at(1, 0), _at(2, 5), _at(1, 60), _at(1, 100), _at(1, 130)]
    counted = attendances_counted(visits, repeat_minutes=60)
    assert counted == [visits[0], visits[1], visits[2], visits[4]]


def test_the_order_given_is_kept_newest_first_included():
    newest_first = [_at(1, 90), _at(1, 30), _at(1, 0)]
    assert attendances_counted(newest_first, repeat_minutes=60) == [
        newest_first[0],
        newest_first[2],
    ]


# --- the count (frequent attendance) ---------------------------------------------------------


def test_ten_registrations_in_one_minute_do_not_put_a_child_up_for_review(ae_nurse, noah):
    _earlier_visits(ae_nurse, noah, 8)
    regs = [encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number) for _ in range(10)]
    assert Encounter.objects.filter(child=noah).count() == 18  # all accepted, as the API does
    assert {r.unscheduled_in_window for r in regs} == {9}
    assert not _reviews().exists()


def test_a_real_tenth_visit_later_still_raises_the_review(ae_nurse, noah):
    _earlier_visits(ae_nurse, noah, 8)
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)  # the same visit, again
    with time_machine.travel(clock.now() + dt.timedelta(hours=2), tick=False):
        tenth = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert tenth.review_created and tenth.unscheduled_in_window == 10
    assert _reviews().get().encounters.count() == 10


def test_the_area_can_shorten_the_window(ae_nurse, noah, cast):
    protocol_value_set(
        key="attendance.repeat_minutes",
        value=5,
        area=cast["RDEMO"],
        changed_by="safeguarding.lead",
        reason="Our receptionists re-register within minutes",
    )
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    with time_machine.travel(clock.now() + dt.timedelta(minutes=10), tick=False):
        second = encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert second.unscheduled_in_window == 2


# --- the service asks when told to --------------------------------------------------------


def test_the_service_refuses_an_unconfirmed_repeat_changing_nothing(ae_nurse, amelia):
    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    with pytest.raises(RepeatRegistration) as asked:
        encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number, repeat_confirmed=False)
    at = timezone.localtime(Encounter.objects.get().started_at).strftime("%H:%M")
    assert str(asked.value) == (
        f"Registered here at {at} by Alex Reid, Unscheduled-care clinician or receptionist: "
        "register again?"
    )
    assert Encounter.objects.filter(child=amelia).count() == 1
    assert FlagAttendanceAlert.objects.filter(child=amelia).count() == 1


def test_another_setting_is_not_asked(ae_nurse, amelia):
    miu = staff_add("miu.nurse", org_code="RDEMO-MIU", role=Role.UNSCHEDULED_CARE)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    encounter_register(actor=miu, nhs_number=amelia.nhs_number, repeat_confirmed=False)
    assert Encounter.objects.filter(child=amelia).count() == 2


# --- the page -----------------------------------------------------------------------------


def _key(client, nhs_number: str) -> str:
    found = main_text(client.post("/register/", {"by": "nhs", "nhs_number": nhs_number}))
    return found.split('name="request_key" value="')[1].split('"')[0]


def test_the_page_asks_before_registering_the_same_child_again(client_for, amelia):
    flag_add(amelia)
    client = client_for("ae.nurse")
    first = {"child_id": amelia.pk, "request_key": _key(client, "9990000018")}
    assert client.post("/register/attend/", first).status_code == 200
    at = timezone.localtime(Encounter.objects.get().started_at).strftime("%H:%M")

    second = {"child_id": amelia.pk, "request_key": _key(client, "9990000018")}
    asked = client.post("/register/attend/", second)
    assert asked.status_code == 409
    body = main_text(asked)
    assert (
        f"Registered here at {at} by Alex Reid, Unscheduled-care clinician or receptionist: "
        "register again?" in body
    )
    assert "Yes, register again" in body
    assert 'href="/register/"' in body
    assert Encounter.objects.filter(child=amelia).count() == 1
    assert FlagAttendanceAlert.objects.filter(child=amelia).count() == 1

    confirmed = {**second, "repeat": "confirmed"}
    assert f'name="request_key" value="{second["request_key"]}"' in body
    done = client.post("/register/attend/", confirmed)
    assert done.status_code == 200
    assert 'id="flag-banner"' in main_text(done)
    assert "they count as one visit when frequent attendance is checked" in main_text(done)
    assert Encounter.objects.filter(child=amelia).count() == 2
    # Pressing "Yes" twice still registers once (the same request key).
    client.post("/register/attend/", confirmed)
    assert Encounter.objects.filter(child=amelia).count() == 2


def test_the_page_does_not_ask_after_the_window(client_for, ae_nurse, amelia):
    encounter_register(
        actor=ae_nurse,
        nhs_number=amelia.nhs_number,
        started_at=clock.now() - dt.timedelta(minutes=61),
    )
    later = client_for("ae.nurse").post(
        "/register/attend/", {"child_id": amelia.pk, "request_key": "k-2"}
    )
    assert later.status_code == 200
    assert "count as one visit" not in main_text(later)
    assert Encounter.objects.filter(child=amelia).count() == 2
