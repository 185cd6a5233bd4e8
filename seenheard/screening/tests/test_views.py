"""The SDQ pages for the looked-after children's nurse (R-OUT-3, R-OUT-4): recording an SDQ in
the browser, bad answers shown against their question, the child's scores over time, the
reviews waiting and recording one seen; a stranger gets the "not found" page."""

from __future__ import annotations

import html

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.screening.models import SdqRecord, SdqReview, SdqReviewStatus
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    today = clock.today()
    data = {
        "informant": "carer",
        "outcome": "completed",
        "day": str(today.day),
        "month": str(today.month),
        "year": str(today.year),
        **{f"item{n}": "1" for n in range(1, 26)},
    }
    data.update(overrides)
    return data


def test_the_nurse_records_an_sdq_and_sees_it_with_its_review(client_for, amelia):
    client = client_for("lac.nurse")
    page = client.get(f"/children/{amelia.pk}/sdq/new/")
    assert page.status_code == 200
    assert "Considerate of other people" in main_text(page)
    done = client.post(f"/children/{amelia.pk}/sdq/new/", _form())
    assert done.status_code == 302
    assert done["Location"] == f"/children/{amelia.pk}/sdq/"
    history = main_text(client.get(done["Location"]))
    assert "Waiting for a specialist review" in history
    assert "Cause for concern" in history
    assert "20" in history
    assert "Total difficulties over time" in history and "<svg" in history
    review = SdqReview.objects.get()
    waiting = main_text(client.get("/sdq/reviews/"))
    assert "Amelia Hart" in waiting
    form = client.get(f"/sdq/reviews/{review.pk}/seen/")
    assert form.status_code == 200
    today = clock.today()
    seen = client.post(
        f"/sdq/reviews/{review.pk}/seen/",
        {
            "day": str(today.day),
            "month": str(today.month),
            "year": str(today.year),
            "seen_by": "Dr Asha Patel, clinical psychologist",
            "service": "CAMHS looked-after children's team",
            "outcome": "Therapy offered and accepted.",
        },
    )
    assert seen.status_code == 302
    review.refresh_from_db()
    assert review.status == SdqReviewStatus.SEEN
    assert "No review is waiting" in main_text(client.get("/sdq/reviews/"))
    assert "Dr Asha Patel" in main_text(client.get(f"/children/{amelia.pk}/sdq/"))


@pytest.mark.parametrize(("value", "field"), [("3", "item7"), ("yes", "item7")])
def test_an_answer_of_3_or_yes_is_shown_against_its_question(client_for, amelia, value, field):
    client = client_for("lac.nurse")
    before = AuditEvent.objects.count()
    page = client.post(f"/children/{amelia.pk}/sdq/new/", _form(**{field: value}))
    assert page.status_code == 400
    text = main_text(page)
    assert "There is a problem" in text
    assert "is not an answer here: choose 0, 1 or 2" in text
    assert f'"{value}" is not an answer' in html.unescape(text)
    assert f'href="#{field}"' in page.content.decode()
    assert not SdqRecord.objects.exists()
    # Only the views of the child's record were audited; nothing was recorded.
    assert not AuditEvent.objects.filter(seq__gt=before, object_type="SdqRecord").exists()


def test_date_and_reason_errors(client_for, amelia):
    client = client_for("lac.nurse")
    page = client.post(f"/children/{amelia.pk}/sdq/new/", _form(day="31", month="2"))
    assert "must be a real date" in main_text(page)
    page = client.post(
        f"/children/{amelia.pk}/sdq/new/", _form(outcome="not-completed", year="2099")
    )
    assert page.status_code == 400
    page = client.post(f"/children/{amelia.pk}/sdq/new/", _form(outcome="not-completed"))
    assert "Say why the SDQ was not completed" in main_text(page)
    page = client.post(
        f"/children/{amelia.pk}/sdq/new/",
        _form(outcome="not-completed", not_completed_reason="SDQ2"),
    )
    assert page.status_code == 302
    assert "The carer refused" in main_text(client.get(f"/children/{amelia.pk}/sdq/"))


def test_a_stranger_gets_not_found(client_for, amelia):
    client = client_for("stranger")
    for path in (f"/children/{amelia.pk}/sdq/", f"/children/{amelia.pk}/sdq/new/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/children/{amelia.pk}/sdq/new/", _form()).status_code == 404
    assert not SdqRecord.objects.exists()
    client_for("lac.nurse").post(f"/children/{amelia.pk}/sdq/new/", _form())
    review = SdqReview.objects.get()
    assert "Amelia" not in main_text(client.get("/sdq/reviews/"))
    assert client.get(f"/sdq/reviews/{review.pk}/seen/").status_code == 404
