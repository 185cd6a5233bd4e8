"""The outcome pages (R-OUT-5, R-OUT-4): a nurse defines a measure, records values, sees them
over time on the child's health record and for the cohort; bad input is named against its field
and changes nothing; strangers get "not found"."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.lac_health.outcomes.models import OutcomeMeasure, OutcomeRecord
from seenheard.lac_health.outcomes.tests.conftest import record

pytestmark = pytest.mark.django_db

MEASURE_POST = {
    "name": "Sleeping well",
    "measures": "Nights last week slept through.",
    "scale_kind": "numbers",
    "scale_min": "0",
    "scale_max": "7",
    "unit": "nights",
    "direction": "higher",
    "co_produced_with": "Children in Care Council",
    "reason": "Agreed with the young people.",
}
VOICE_POST = {"voice-words": "I sleep better now.", "voice-methods": ["seen-alone"]}


def _value_post(measure: OutcomeMeasure, value: str, day: dt.date) -> dict[str, object]:
    return {
        "measure": str(measure.pk),
        "value": value,
        "measured_on-day": str(day.day),
        "measured_on-month": str(day.month),
        "measured_on-year": str(day.year),
        **VOICE_POST,
    }


def test_a_nurse_defines_a_measure_from_the_form(client_for, council):
    client = client_for("lac.nurse")
    assert "Define an outcome measure" in client.get("/lac/outcomes/measures/new/").content.decode()
    response = client.post("/lac/outcomes/measures/new/?la=E09000019", MEASURE_POST)
    measure = OutcomeMeasure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lac/outcomes/measures/{measure.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert "0 to 7 nights" in body and "Higher is better" in body and "Lola Adeyemi" in body
    listing = client.get("/lac/outcomes/").content.decode()
    assert "Sleeping well" in listing


def test_a_measure_form_with_problems_names_each_and_saves_nothing(client_for, council):
    post = {**MEASURE_POST, "scale_min": "ten", "name": "", "reason": "x" * 100_000}
    response = client_for("lac.nurse").post("/lac/outcomes/measures/new/", post)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the lowest number of the scale, like 0." in body
    assert "Enter the measure&#39;s name." in body
    assert "This must be at most 2,000 characters." in body
    assert not OutcomeMeasure.objects.exists()


def test_labelled_points_that_are_not_points_are_named(client_for, council):
    post = {**MEASURE_POST, "scale_kind": "points", "points": "0 = Never\nsometimes"}
    body = client_for("lac.nurse").post("/lac/outcomes/measures/new/", post).content.decode()
    assert "not &#39;sometimes&#39;" in body
    assert not OutcomeMeasure.objects.exists()


def test_a_measure_is_changed_and_retired_with_its_history(client_for, sleep):
    client = client_for("lac.nurse")
    form = client.get(f"/lac/outcomes/measures/{sleep.pk}/change/").content.decode()
    assert 'value="Sleeping well"' in form
    post = {**MEASURE_POST, "active": "no", "reason": "Replaced by the wellbeing star."}
    response = client.post(f"/lac/outcomes/measures/{sleep.pk}/change/", post)
    assert response.status_code == 302
    body = client.get(f"/lac/outcomes/measures/{sleep.pk}/").content.decode()
    assert "Replaced by the wellbeing star." in body and "No, retired" in body
    assert "Measures no longer in use" in client.get("/lac/outcomes/").content.decode()


def test_a_value_is_recorded_and_shown_over_time_on_the_health_record(
    client_for, sleep, in_care, lac_nurse
):
    record(lac_nurse, in_care, sleep, "2", dt.date(2026, 1, 5))
    client = client_for("lac.nurse")
    response = client.post(
        f"/lac/children/{in_care.pk}/outcomes/new/", _value_post(sleep, "5", dt.date(2026, 1, 22))
    )
    assert response.status_code == 302
    body = client.get(f"/lac/children/{in_care.pk}/").content.decode()
    assert "Outcomes over time" in body and "<svg" in body
    assert "Better than when first measured on 5 Jan 2026." in body
    assert "Sleeping well over time: the numbers" in body  # the table beside the chart
    assert "I sleep better now." in body
    assert AuditEvent.objects.filter(
        object_type="OutcomeRecord", child_id=in_care.pk, action="view"
    ).exists()


@pytest.mark.parametrize(
    ("value", "day", "message"),
    [
        ("9", dt.date(2026, 1, 22), "The value must be from 0 to 7 nights."),
        ("lots", dt.date(2026, 1, 22), "Enter the value as a number, like 7 or 7.5."),
        ("3", dt.date(2030, 1, 1), "The date cannot be in the future."),
        ("3", dt.date(2010, 1, 1), "The date is before the child was born."),
    ],
)
def test_a_bad_value_is_named_and_nothing_changes(client_for, sleep, in_care, value, day, message):
    response = client_for("lac.nurse").post(
        f"/lac/children/{in_care.pk}/outcomes/new/", _value_post(sleep, value, day)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OutcomeRecord.objects.exists()


def test_script_in_the_childs_words_is_shown_as_text(client_for, sleep, in_care):
    post = {**_value_post(sleep, "3", dt.date(2026, 1, 22)), "voice-words": "<script>x()</script>"}
    client = client_for("lac.nurse")
    assert client.post(f"/lac/children/{in_care.pk}/outcomes/new/", post).status_code == 302
    body = client.get(f"/lac/children/{in_care.pk}/").content.decode()
    assert "<script>x()</script>" not in body and "&lt;script&gt;x()&lt;/script&gt;" in body


def test_the_cohort_page_shows_figures_by_quarter_without_naming_a_child(
    client_for, sleep, in_care, lac_nurse
):
    record(lac_nurse, in_care, sleep, "2", dt.date(2025, 12, 22))
    record(lac_nurse, in_care, sleep, "6", dt.date(2026, 1, 20))
    body = client_for("lac.nurse").get("/lac/outcomes/cohort/").content.decode()
    assert "Sleeping well: children in care, by quarter" in body
    assert "Jan-Mar 2026" in body and "Oct-Dec 2025" in body
    assert "1 (100%)" in body  # better than when first measured
    assert "Amelia" not in body
    assert AuditEvent.objects.filter(object_type="OutcomeCohort").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/lac/outcomes/",
        "/lac/outcomes/cohort/",
        "/lac/outcomes/measures/new/",
        "/lac/outcomes/measures/{measure}/",
        "/lac/outcomes/measures/{measure}/change/",
        "/lac/children/{child}/outcomes/new/",
    ],
)
def test_a_stranger_gets_not_found(client_for, sleep, in_care, url):
    response = client_for("stranger").get(url.format(measure=sleep.pk, child=in_care.pk))
    assert response.status_code == 404


def test_every_refusal_has_an_answer_on_the_pages():
    import inspect

    from seenheard.lac_health.outcomes import errors
    from seenheard.lac_health.outcomes.views import REFUSAL_PAGES

    refusals = {
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.OutcomeRefused)
    }
    assert refusals == set(REFUSAL_PAGES)


def test_her_gp_sees_her_outcomes_but_records_none(client_for, sleep, in_care, lac_nurse):
    record(lac_nurse, in_care, sleep, "2", dt.date(2026, 1, 5))
    body = client_for("gp").get(f"/lac/children/{in_care.pk}/").content.decode()
    assert "Sleeping well over time" in body
    assert "Record an outcome" not in body


def test_script_in_a_measures_name_is_shown_as_text_everywhere(client_for, in_care, lac_nurse):
    client = client_for("lac.nurse")
    post = {**MEASURE_POST, "name": "<script>alert(1)</script>"}
    assert client.post("/lac/outcomes/measures/new/", post).status_code == 302
    measure = OutcomeMeasure.objects.get()
    record(lac_nurse, in_care, measure, "3", dt.date(2026, 1, 20))
    for url in ("/lac/outcomes/", "/lac/outcomes/cohort/", f"/lac/children/{in_care.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
