"""R-LEAD-6: a health assessment records what it found of immunisations, teeth, development
checks and substance misuse (the SSDA903 return's OC2 items), on the form and through the
service; bad answers are refused against their field and change nothing; the record page
shows them."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.lac_health.errors import AssessmentRejected
from seenheard.lac_health.models import HealthAssessment
from seenheard.lac_health.tests.conftest import assess
from seenheard.lac_health.tests.test_views import _assessment_post, _date

pytestmark = pytest.mark.django_db


def test_the_form_records_what_the_assessment_found(client_for, in_care):
    client = client_for("lac.nurse")
    form = client.get(f"/lac/children/{in_care.pk}/assessments/new/").content.decode()
    assert "Are their immunisations up to date?" in form
    assert "When did a dentist last check their teeth?" in form
    assert "development checks" not in form  # Amelia is 11: not asked
    post = _assessment_post(
        immunisations_up_to_date="yes",
        substance_misuse="yes",
        substance_help="offered",
        **_date("dental_check_on", dt.date(2025, 11, 3)),
    )
    response = client.post(f"/lac/children/{in_care.pk}/assessments/new/", post)
    assert response.status_code == 302
    saved = HealthAssessment.objects.get()
    assert saved.immunisations_up_to_date is True
    assert saved.dental_check_on == dt.date(2025, 11, 3)
    assert (saved.substance_misuse, saved.substance_help) == (True, "offered")
    assert saved.development_checks_up_to_date is None
    record = client.get(f"/lac/children/{in_care.pk}/").content.decode()
    assert "Last dental check" in record and "3 Nov 2025" in record
    assert "Help was offered but they did not take it up" in record


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"immunisations_up_to_date": "maybe"}, "immunisations_up_to_date", "Choose yes or no"),
        (_date("dental_check_on", dt.date(2026, 1, 24)), "dental_check_on", "cannot be after"),
        ({"dental_check_on-day": "3", "dental_check_on-year": "2025"}, "dental_check_on", "month"),
        ({"substance_misuse": "yes"}, "substance_help", "Choose what help"),
        ({"substance_misuse": "no", "substance_help": "received"}, "substance_help", "Only say"),
        ({"substance_misuse": "yes", "substance_help": "lots"}, "substance_help", "from the list"),
    ],
)
def test_bad_answers_are_refused_against_their_field(client_for, in_care, changes, field, words):
    post = _assessment_post(**changes)
    response = client_for("lac.nurse").post(f"/lac/children/{in_care.pk}/assessments/new/", post)
    assert response.status_code == 400
    body = response.content.decode()
    assert words in body
    anchor = f"{field}-day" if field == "dental_check_on" else field
    assert f'href="#{anchor}"' in body
    assert not HealthAssessment.objects.exists()


def test_the_service_refuses_a_dental_check_before_birth(in_care, lac_nurse):
    with pytest.raises(AssessmentRejected) as refused:
        assess(lac_nurse, in_care, dental_check_on=dt.date(2010, 1, 1))
    assert "before the child was born" in refused.value.problems["dental_check_on"]


def test_a_declined_assessment_found_nothing(in_care, lac_nurse):
    declined = assess(
        lac_nurse,
        in_care,
        outcome="declined",
        findings="",
        decline_reason="Did not want to miss school.",
        engagement="place",
        immunisations_up_to_date=True,
        dental_check_on=dt.date(2025, 12, 1),
    )
    assert declined.immunisations_up_to_date is None
    assert declined.dental_check_on is None
