"""Defining measures and recording values (R-OUT-5): versions with who and why, values on the
scale, and every bad input refused with nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.lac_health.outcomes import errors, rules
from seenheard.lac_health.outcomes.models import OutcomeMeasureVersion, OutcomeRecord
from seenheard.lac_health.outcomes.services import measure_change, measure_define
from seenheard.lac_health.outcomes.tests.conftest import record, sleep_input

pytestmark = pytest.mark.django_db


def test_a_measure_is_defined_as_its_first_version_with_who_and_why(sleep, lac_nurse):
    (version,) = OutcomeMeasureVersion.objects.filter(measure=sleep)
    assert (version.number, version.name, version.unit) == (1, "Sleeping well", "nights")
    assert version.changed_by_name == "Lola Adeyemi"
    assert version.reason.startswith("Agreed at the Children in Care Council")
    assert sleep.code == "sleeping-well"
    assert AuditEvent.objects.filter(object_type="OutcomeMeasure", object_id=str(sleep.pk)).exists()


def test_a_change_is_a_new_version_and_the_old_one_is_kept(sleep, lac_nurse):
    measure_change(
        actor=lac_nurse,
        measure_id=sleep.pk,
        data=sleep_input(name="Sleeping through", reason="The young people chose a new name."),
    )
    names = list(sleep.versions.order_by("number").values_list("name", flat=True))
    assert names == ["Sleeping well", "Sleeping through"]


def test_two_measures_of_the_same_name_get_their_own_codes(sleep, lac_nurse, council):
    again = measure_define(actor=lac_nurse, la_code=council.code, data=sleep_input())
    assert again.code == "sleeping-well-2"


def test_a_measure_with_parts_missing_is_refused_field_by_field(lac_nurse, council):
    with pytest.raises(errors.MeasureRejected) as caught:
        measure_define(
            actor=lac_nurse,
            la_code=council.code,
            data=sleep_input(name=" ", co_produced_with="", reason="", direction="sideways"),
        )
    assert set(caught.value.problems) == {"name", "co_produced_with", "reason", "direction"}
    assert not OutcomeMeasureVersion.objects.exists()


def test_a_council_the_nurse_does_not_work_for_is_refused(lac_nurse, stranger, council):
    with pytest.raises(errors.CouncilNotYours):
        measure_define(actor=lac_nurse, la_code="E08000025", data=sleep_input())
    with pytest.raises(errors.CouncilNotYours):
        measure_define(actor=stranger, la_code=council.code, data=sleep_input())


def test_a_value_is_recorded_with_the_version_and_the_childs_view(sleep, lac_nurse, in_care):
    saved = record(lac_nurse, in_care, sleep, "4.5", dt.date(2026, 1, 20))
    assert saved.value == Decimal("4.5") and saved.version.number == 1
    assert saved.voice is not None and saved.voice.words.startswith("I sleep better")
    event = AuditEvent.objects.get(object_type="OutcomeRecord", object_id=str(saved.pk))
    assert event.child_id == in_care.pk


@pytest.mark.parametrize(
    ("value", "on", "field", "message"),
    [
        ("8", dt.date(2026, 1, 20), "value", "from 0 to 7 nights"),
        ("-1", dt.date(2026, 1, 20), "value", "from 0 to 7 nights"),
        ("3.333", dt.date(2026, 1, 20), "value", "at most 2 decimal places"),
        ("3", dt.date(2013, 1, 1), "measured_on", "before the child was born"),
        ("3", dt.date(2026, 1, 27), "measured_on", "cannot be in the future"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(
    sleep, lac_nurse, in_care, value, on, field, message
):
    with pytest.raises(errors.ValueRejected) as caught:
        record(lac_nurse, in_care, sleep, value, on)
    assert message in caught.value.problems[field]
    assert not OutcomeRecord.objects.exists()
    assert not AuditEvent.objects.filter(object_type="OutcomeRecord").exists()


def test_a_retired_measure_takes_no_new_values(sleep, lac_nurse, in_care):
    measure_change(
        actor=lac_nurse,
        measure_id=sleep.pk,
        data=sleep_input(active=False, reason="Replaced by the wellbeing star."),
    )
    with pytest.raises(errors.MeasureRetired):
        record(lac_nurse, in_care, sleep, "3", dt.date(2026, 1, 20))
    assert not OutcomeRecord.objects.exists()


def test_an_unknown_measure_is_refused(sleep, lac_nurse, in_care):
    sleep.pk += 1000
    with pytest.raises(errors.MeasureNotFound):
        record(lac_nurse, in_care, sleep, "3", dt.date(2026, 1, 20))


def test_a_child_the_nurse_may_not_see_is_not_found(sleep, lac_nurse, in_care, noah):
    with pytest.raises(errors.ChildNotFound):
        record(lac_nurse, noah, sleep, "3", dt.date(2026, 1, 20))


def test_labelled_points_take_only_their_values(lac_nurse, council, in_care):
    points = (rules.Point(0, "Never"), rules.Point(1, "Sometimes"), rules.Point(2, "Most days"))
    mood = measure_define(
        actor=lac_nurse,
        la_code=council.code,
        data=sleep_input(
            name="Feeling safe",
            scale=rules.Scale(Decimal(0), Decimal(2), points=points),
        ),
    )
    with pytest.raises(errors.ValueRejected) as caught:
        record(lac_nurse, in_care, mood, "1.5", dt.date(2026, 1, 20))
    assert "0 = Never, 1 = Sometimes, 2 = Most days" in caught.value.message
    assert record(lac_nurse, in_care, mood, "2", dt.date(2026, 1, 20)).value == 2
