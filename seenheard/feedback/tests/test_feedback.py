"""Children's feedback with one-time codes, and "I feel unsafe" (R-VOICE-2, R-VOICE-3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from seenheard.audit.models import AuditEvent
from seenheard.feedback import errors
from seenheard.feedback.models import AttemptOutcome, Feedback, FeedbackAttempt, FeedbackCode
from seenheard.feedback.services import (
    Answers,
    feedback_code_issue,
    feedback_code_open,
    feedback_submit,
)
from seenheard.jobs.models import Notification, NotificationPriority
from seenheard.jobs.services import jobs_run_due
from seenheard.tasks.models import Task
from seenheard.web.tests.world import table_counts

pytestmark = pytest.mark.django_db


def _code_from(page: str) -> str:
    found = re.search(r'id="feedback-code">([0-9A-Z-]{19})<', page)
    assert found, page
    return found[1]


def test_a_professional_gives_a_code_shown_once_and_stored_hashed(lac_nurse, amelia, client_for):
    client = client_for("lac.nurse")
    assert client.get(f"/children/{amelia.pk}/feedback-code/").status_code == 200
    response = client.post(f"/children/{amelia.pk}/feedback-code/")
    assert response.status_code == 200
    code = _code_from(response.content.decode())
    row = FeedbackCode.objects.get()
    assert code.replace("-", "") not in row.code_hash and row.issued_by_user_id == lac_nurse.user_id
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(object_type="FeedbackCode", child_id=amelia.pk).exists()


def test_stranger_gets_nothing(amelia, client_for, stranger):
    client = client_for("stranger")
    assert client.get(f"/children/{amelia.pk}/feedback-code/").status_code == 404
    assert client.post(f"/children/{amelia.pk}/feedback-code/").status_code == 404
    assert not FeedbackCode.objects.exists()
    with pytest.raises(errors.FeedbackNotFound):
        feedback_code_issue(actor=stranger, child_id=amelia.pk)


def test_a_child_gives_feedback_without_an_account_and_says_they_feel_unsafe(
    lac_nurse, amelia, client_for
):
    code = _code_from(
        client_for("lac.nurse").post(f"/children/{amelia.pk}/feedback-code/").content.decode()
    )
    child = Client()
    start = child.get("/feedback/")
    assert start.status_code == 200
    assert "Amelia" not in start.content.decode()
    response = child.post("/feedback/", {"code": code.lower().replace("-", " ")})
    assert response["Location"] == "/feedback/tell-us/"
    page = child.get("/feedback/tell-us/").content.decode()
    assert "Amelia" not in page and "Hart" not in page
    response = child.post(
        "/feedback/tell-us/",
        {
            "how_it_is_going": "not-good",
            "what_could_be_better": "<script>alert(1)</script>",
            "feels_unsafe": "on",
            "unsafe_words": "Someone at home scares me.",
        },
    )
    assert response["Location"] == "/feedback/thank-you/"
    thanks = child.get("/feedback/thank-you/").content.decode()
    assert "We have told the person who gave you the code" in thanks and "0800 1111" in thanks
    feedback = Feedback.objects.get()
    assert feedback.feels_unsafe and feedback.unsafe_words == "Someone at home scares me."
    # The lead professional and the trust's safeguarding lead are told at once, marked urgent.
    notes = Notification.objects.filter(topic="feedback-unsafe")
    told = {n.recipient_user_id for n in notes}
    assert lac_nurse.user_id in told and len(told) == 2
    assert all(n.priority == NotificationPriority.HIGH for n in notes)
    assert Task.objects.get(kind="feedback-unsafe").owner_user_id == lac_nurse.user_id
    jobs_run_due(worker_id="test")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        # The e-mail says it is urgent in its subject, first line and importance header.
        assert message.subject.startswith("Urgent: ")
        assert message.body.startswith("This message is urgent")
        assert message.extra_headers["Importance"] == "high"
        assert "Amelia" not in message.body and "Hart" not in message.body
        assert "scares" not in message.body
    # The lead professional opens the alert and sees the child and what they said, escaped.
    nurse = client_for("lac.nurse")
    page = nurse.get(f"/feedback/received/{feedback.pk}/").content.decode()
    assert "Amelia Hart" in page and "Someone at home scares me." in page
    assert "&lt;script&gt;" in page and "<script>alert(1)</script>" not in page
    assert client_for("stranger").get(f"/feedback/received/{feedback.pk}/").status_code == 404
    assert client_for("gp").get(f"/feedback/received/{feedback.pk}/").status_code == 404
    assert (
        client_for("safeguarding.lead").get(f"/feedback/received/{feedback.pk}/").status_code == 200
    )


def test_a_code_works_once(lac_nurse, amelia):
    issued = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    code_id = feedback_code_open(typed=issued.shown, client_address="10.0.0.1")
    feedback_submit(code_id=code_id, answers=Answers(how_it_is_going="good"))
    with pytest.raises(errors.CodeNotAccepted):
        feedback_code_open(typed=issued.shown, client_address="10.0.0.1")
    with pytest.raises(errors.FeedbackSessionEnded):
        feedback_submit(code_id=code_id, answers=Answers(how_it_is_going="good"))
    assert Feedback.objects.count() == 1


def test_unknown_used_and_expired_codes_get_the_same_answer(lac_nurse, amelia):
    used = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    feedback_code_open(typed=used.shown, client_address="10.0.0.2")
    expired = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    messages = []
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15), tick=False):
        for typed in ("KX7M-P2QD-9RTW-4HNB", used.shown, expired.shown, "nonsense"):
            with pytest.raises(errors.CodeNotAccepted) as refused:
                feedback_code_open(typed=typed, client_address="10.0.0.3")
            messages.append(refused.value.message)
    assert len(set(messages)) == 1
    page = Client()
    before = table_counts("feedback_feedback", "feedback_feedbackcode", "jobs_notification")
    response = page.post("/feedback/", {"code": "KX7M-P2QD-9RTW-4HNB"})
    assert response.status_code == 400 and messages[0] in response.content.decode().replace(
        "&#39;", "'"
    )
    assert table_counts("feedback_feedback", "feedback_feedbackcode", "jobs_notification") == before


def test_guessing_is_limited_by_address_and_overall_and_recorded(lac_nurse, amelia, settings):
    issued = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    for _ in range(10):
        with pytest.raises(errors.CodeNotAccepted):
            feedback_code_open(typed="AAAA-AAAA-AAAA-AAAA", client_address="203.0.113.9")
    # The eleventh try from this address is refused, even with the right code, and recorded.
    with pytest.raises(errors.TooManyTries):
        feedback_code_open(typed=issued.shown, client_address="203.0.113.9")
    assert FeedbackCode.objects.get().used_at is None
    assert FeedbackAttempt.objects.filter(outcome=AttemptOutcome.LIMITED).count() == 1
    assert "203.0.113.9" not in str(
        list(FeedbackAttempt.objects.values_list("address_hash", flat=True))
    )
    # Another address still may, and an hour later this one may again.
    assert feedback_code_open(typed=issued.shown, client_address="198.51.100.7")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
    with time_machine.travel(later, tick=False), pytest.raises(errors.CodeNotAccepted):
        feedback_code_open(typed="AAAA-AAAA-AAAA-AAAA", client_address="203.0.113.9")


def test_guessing_is_limited_overall(lac_nurse, amelia):
    # Someone tried 500 codes from 500 addresses in the last hour: everyone waits.
    FeedbackAttempt.objects.bulk_create(
        FeedbackAttempt(
            address_hash=f"{i:064x}", at=dt.datetime.now(dt.UTC), outcome=AttemptOutcome.REFUSED
        )
        for i in range(500)
    )
    issued = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    with pytest.raises(errors.TooManyTries):
        feedback_code_open(typed=issued.shown, client_address="192.0.2.1")


def test_answers_are_checked_and_limited(lac_nurse, amelia):
    issued = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
    code_id = feedback_code_open(typed=issued.shown, client_address="10.0.0.4")
    child = Client()
    session = child.session
    session["feedback_code_id"] = code_id
    session.save()
    before = table_counts("feedback_feedback", "jobs_notification")
    response = child.post(
        "/feedback/tell-us/", {"how_it_is_going": "good", "what_is_good": "x" * 100_000}
    )
    assert response.status_code == 400
    assert "What is good must be 2000 characters or fewer." in response.content.decode()
    response = child.post("/feedback/tell-us/", {})
    assert "Choose how things are going." in response.content.decode()
    assert table_counts("feedback_feedback", "jobs_notification") == before


def test_the_answers_page_needs_a_code(client):
    assert Client().get("/feedback/tell-us/")["Location"] == "/feedback/"


def test_only_the_childs_pages_are_open_without_signing_in(lac_nurse, amelia):
    anonymous = Client()
    for path in ("/feedback/", "/feedback/tell-us/", "/feedback/thank-you/"):
        assert not anonymous.get(path).get("Location", "").startswith("/sign-in/"), path
    for path in (
        "/feedback/report/",
        "/feedback/received/1/",
        f"/children/{amelia.pk}/feedback-code/",
        "/feedback/tell-us/x",
        "/feedback/x/",
    ):
        assert anonymous.get(path)["Location"].startswith("/sign-in/"), path


def test_feedback_by_service_for_leaders_names_no_child(lac_nurse, amelia, client_for):
    for how, unsafe in (("good", False), ("not-good", True), ("good", False)):
        issued = feedback_code_issue(actor=lac_nurse, child_id=amelia.pk)
        code_id = feedback_code_open(typed=issued.shown, client_address="10.0.0.5")
        feedback_submit(code_id=code_id, answers=Answers(how_it_is_going=how, feels_unsafe=unsafe))
    for person in ("safeguarding.lead", "board", "designated.nurse"):
        page = client_for(person).get("/feedback/report/")
        assert page.status_code == 200, person
        body = page.content.decode()
        assert "Amelia" not in body
    body = client_for("safeguarding.lead").get("/feedback/report/").content.decode()
    assert "Demo Looked-after Children&#39;s Health Team" in body and "67%" in body
    for person in ("lac.nurse", "stranger", "gp"):
        assert client_for(person).get("/feedback/report/").status_code == 404
