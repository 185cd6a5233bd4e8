"""High-priority messages ("I feel unsafe", urgent referrals, escalations): the inbox shows the
unread ones first, marked urgent with a warning; the e-mail says so in its subject, first line
and importance headers; the home page warns until they are read."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from seenheard.accounts.models import User
from seenheard.jobs.models import Notification, NotificationPriority
from seenheard.jobs.services import jobs_run_due, notification_send
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC)


def tell(username: str, subject: str, *, urgent: bool = False, minutes: int = 0) -> Notification:
    user = User.objects.get(username=username)
    with time_machine.travel(NOON + dt.timedelta(minutes=minutes), tick=False):
        return notification_send(
            recipient_user_id=user.pk,
            recipient_email=user.email,
            topic="test",
            subject=subject,
            body="Open Seen and Heard to see it.",
            link="/inbox/",
            priority=NotificationPriority.HIGH if urgent else NotificationPriority.NORMAL,
        )


def subjects_in_order(page: str, subjects: list[str]) -> list[str]:
    return sorted(subjects, key=page.index)


def test_unread_urgent_messages_come_first_marked_urgent(client_for):
    tell("lac.nurse", "Older urgent message", urgent=True, minutes=0)
    tell("lac.nurse", "Ordinary message", minutes=10)
    tell("lac.nurse", "Newest ordinary message", minutes=20)
    tell("lac.nurse", "Newer urgent message", urgent=True, minutes=5)
    nurse = client_for("lac.nurse")

    page = main_text(nurse.get("/inbox/"))

    subjects = [
        "Newer urgent message",
        "Older urgent message",
        "Newest ordinary message",
        "Ordinary message",
    ]
    assert subjects_in_order(page, subjects) == subjects
    assert "2 urgent unread messages" in page and "nhsuk-card--warning" in page
    assert page.count("nhsuk-tag--red") == 2
    home = main_text(nurse.get("/"))
    assert "You have 2 urgent unread messages" in home and "2 urgent)" in home
    assert "nhsuk-card--warning" in home


def test_a_read_urgent_message_takes_its_place_by_date(client_for):
    urgent = tell("lac.nurse", "Urgent, now read", urgent=True, minutes=0)
    tell("lac.nurse", "Newer ordinary message", minutes=10)
    nurse = client_for("lac.nurse")

    opened = main_text(nurse.get(f"/inbox/{urgent.pk}/"))
    assert "A child may be at risk now. Read this and act today." in opened
    assert "nhsuk-tag--red" in opened and "nhsuk-card--warning" in opened

    page = main_text(nurse.get("/inbox/"))
    order = ["Newer ordinary message", "Urgent, now read"]
    assert subjects_in_order(page, order) == order
    assert "urgent unread" not in page
    assert "nhsuk-tag--red" in page  # still marked urgent, no longer first
    assert "urgent unread" not in main_text(nurse.get("/"))


def test_an_ordinary_message_has_no_warning(client_for):
    note = tell("lac.nurse", "Ordinary message")
    nurse = client_for("lac.nurse")
    assert "nhsuk-card--warning" not in main_text(nurse.get("/inbox/"))
    assert "nhsuk-card--warning" not in main_text(nurse.get(f"/inbox/{note.pk}/"))


def test_the_urgent_e_mail_says_so_and_the_ordinary_one_does_not(cast):
    tell("lac.nurse", "A child said they feel unsafe", urgent=True)
    tell("lac.nurse", "You have a new task")
    jobs_run_due(worker_id="test")

    urgent, ordinary = sorted(mail.outbox, key=lambda m: "unsafe" not in m.subject)
    assert urgent.subject == "Urgent: A child said they feel unsafe"
    assert urgent.body.startswith("This message is urgent: please read it and act today.")
    assert urgent.extra_headers == {
        "Importance": "high",
        "X-Priority": "1 (Highest)",
        "Priority": "urgent",
    }
    assert "Importance: high" in urgent.message().as_string()
    assert ordinary.subject == "You have a new task" and ordinary.extra_headers == {}
    assert ordinary.body.startswith("Open Seen and Heard")


def test_someone_elses_urgent_message_is_not_shown(client_for):
    tell("social.worker", "Urgent for someone else", urgent=True)
    page = main_text(client_for("lac.nurse").get("/inbox/"))
    assert "Urgent for someone else" not in page and "urgent unread" not in page
