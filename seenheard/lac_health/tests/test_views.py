"""The looked-after children's health pages (issue 11 item 9): happy paths, bad input against
its field, and strangers get "not found"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seenheard.audit.models import AuditEvent
from seenheard.lac_health.models import Episode, HealthAssessment, HealthPlan, PlanReview
from seenheard.lac_health.tests import files as f
from seenheard.lac_health.tests.conftest import assess

pytestmark = pytest.mark.django_db

VOICE_POST = {"voice-words": "I like my school nurse.", "voice-methods": ["seen-alone"]}


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def test_the_tracker_shows_what_is_late(client_for, in_care):
    response = client_for("lac.nurse").get("/lac/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Amelia Hart" in body and "Initial assessment overdue since 21 Jan 2026" in body
    assert AuditEvent.objects.filter(object_type="LacTracker", child_id=in_care.pk).exists()


def test_the_tracker_on_a_day_before_it_was_due(client_for, in_care):
    body = client_for("lac.nurse").get("/lac/?as_of=2026-01-21").content.decode()
    assert "Up to date" in body


def test_a_stranger_sees_nobody_in_the_tracker(client_for, in_care):
    body = client_for("stranger").get("/lac/").content.decode()
    assert "Amelia" not in body


def test_the_health_record(client_for, in_care):
    response = client_for("lac.nurse").get(f"/lac/children/{in_care.pk}/")
    assert response.status_code == 200
    assert "Periods of care" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/lac/children/{id}/",
        "/lac/children/{id}/assessments/new/",
        "/lac/children/{id}/plan/new/",
    ],
)
def test_a_stranger_gets_not_found(client_for, in_care, url):
    assert client_for("stranger").get(url.format(id=in_care.pk)).status_code == 404


def _assessment_post(**changes: object) -> dict[str, object]:
    post: dict[str, object] = {
        "kind": "initial",
        "outcome": "done",
        **_date("assessed_on", dt.date(2026, 1, 23)),
        "assessor_name": "Dr Ruth Okafor",
        "assessor_role": "Paediatrician",
        "place": "Foster home",
        "findings": "Healthy; needs a dental check.",
        **VOICE_POST,
    }
    post.update(changes)
    return post


def test_an_assessment_is_recorded_from_the_form(client_for, in_care):
    client = client_for("lac.nurse")
    assert client.get(f"/lac/children/{in_care.pk}/assessments/new/").status_code == 200
    response = client.post(f"/lac/children/{in_care.pk}/assessments/new/", _assessment_post())
    assert response.status_code == 302
    assert HealthAssessment.objects.get().place == "Foster home"


def test_an_assessment_in_the_future_is_refused_against_its_date(client_for, in_care):
    post = _assessment_post(**_date("assessed_on", dt.date(2026, 2, 1)))
    response = client_for("lac.nurse").post(f"/lac/children/{in_care.pk}/assessments/new/", post)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date of the assessment cannot be in the future." in body
    assert 'href="#assessed_on-day"' in body
    assert not HealthAssessment.objects.exists()


def test_a_declined_assessment_and_whether_the_next_approach_worked(client_for, in_care, lac_nurse):
    declined = assess(
        lac_nurse,
        in_care,
        outcome="declined",
        decline_reason="Does not like doctors",
        engagement="person",
    )
    client = client_for("lac.nurse")
    response = client.post(f"/lac/assessments/{declined.pk}/engagement/", {"worked": "yes"})
    assert response.status_code == 302
    declined.refresh_from_db()
    assert declined.engagement_worked is True
    assert (
        client_for("stranger")
        .post(f"/lac/assessments/{declined.pk}/engagement/", {"worked": "no"})
        .status_code
        == 404
    )


def _objective(slot: int, **changes: str) -> dict[str, str]:
    p = f"objective-{slot}-"
    post = {
        p + "need": "Two teeth need filling",
        p + "action": "Register with a dentist",
        p + "measure": "Check-up attended",
        p + "target": "Seen by a dentist",
        p + "owner": "Mrs Okafor, foster carer",
        p + "child_view": "Wants a dentist near school",
        **_date(p + "due_on", dt.date(2026, 3, 31)),
    }
    post.update({p + k: v for k, v in changes.items()})
    return post


def test_a_plan_without_a_measure_is_refused_and_then_written_and_reviewed(
    client_for, in_care, lac_nurse
):
    client = client_for("lac.nurse")
    url = f"/lac/children/{in_care.pk}/plan/new/"
    response = client.post(url, {**_objective(0, measure=""), **VOICE_POST})
    assert response.status_code == 400
    assert "Enter how it will be measured." in response.content.decode()
    assert not HealthPlan.objects.exists()
    assert client.post(url, {**_objective(0), **VOICE_POST}).status_code == 302
    plan = HealthPlan.objects.get()
    review = assess(lac_nurse, in_care, kind="review")
    objective = plan.objectives.get()
    page = client.get(f"/lac/plans/{plan.pk}/review/")
    assert page.status_code == 200
    response = client.post(
        f"/lac/plans/{plan.pk}/review/",
        {
            "assessment": str(review.pk),
            f"progress-{objective.pk}": "achieved",
            f"note-{objective.pk}": "Seen in March",
        },
    )
    assert response.status_code == 302
    assert PlanReview.objects.count() == 1
    assert client_for("stranger").get(f"/lac/plans/{plan.pk}/review/").status_code == 404


def test_the_council_uploads_its_tables(client_for, amelia):
    client = client_for("flag.admin")
    assert client.get("/lac/import/").status_code == 200
    response = client.post(
        "/lac/import/",
        {
            "header": SimpleUploadedFile("header.csv", f.header(f.AMELIA)),
            "episodes": SimpleUploadedFile("episodes.csv", f.episodes(f.AMELIA_EPISODES)),
        },
    )
    assert response.status_code == 200
    assert "The files were imported" in response.content.decode()
    assert Episode.objects.count() == 2


def test_bad_tables_are_listed_and_nothing_imported(client_for, amelia):
    response = client_for("flag.admin").post(
        "/lac/import/",
        {
            "header": SimpleUploadedFile("header.csv", f.header(f.AMELIA)),
            "episodes": SimpleUploadedFile(
                "episodes.csv", f.episodes("A100,06/05/2024,S,C1,N1,U1,PR1,01/01/2024,E13,,,,\n")
            ),
        },
    )
    assert response.status_code == 400
    assert "The episode ceases before it begins." in response.content.decode()
    assert not Episode.objects.exists()


def test_the_council_records_one_childs_episode(client_for, amelia):
    post = {
        "child_ref": "A100",
        "nhs_number": "999 000 0018",
        **_date("date_of_birth", amelia.date_of_birth),
        "sex": "F",
        "ethnic": "WBRI",
        "uasc": "no",
        **_date("decom", dt.date(2026, 1, 5)),
        "rne": "S",
        "ls": "C1",
        "cin": "N1",
        "place": "U1",
        "place_provider": "PR1",
    }
    client = client_for("flag.admin")
    assert client.get("/lac/episodes/new/").status_code == 200
    assert client.post("/lac/episodes/new/", post).status_code == 302
    assert Episode.objects.get().period_start == dt.date(2026, 1, 5)
    response = client.post("/lac/episodes/new/", {**post, "ls": "C9"})
    assert response.status_code == 400
    assert "is not one of the DfE&#39;s codes for LS" in response.content.decode()


@pytest.mark.parametrize("who", ["stranger", "lac.nurse", "social.worker"])
def test_only_the_councils_flag_administrators_import(client_for, who):
    assert client_for(who).get("/lac/import/").status_code == 404
    assert client_for(who).get("/lac/episodes/new/").status_code == 404
