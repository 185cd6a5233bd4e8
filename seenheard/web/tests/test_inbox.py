"""The inbox (issue 2 item 7: notifications shown in-app)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.jobs.models import Notification
from seenheard.web.tests.helpers import text

pytestmark = pytest.mark.django_db


def _send(actor, subject, *, created_at=None, child_id=None):
    from seenheard.jobs.services import notification_send

    note = notification_send(
        recipient_user_id=actor.user_id,
        recipient_email="",
        topic="test",
        subject=subject,
        body="Please look at this.",
        link="/inbox/",
        child_id=child_id,
    )
    if created_at:
        Notification.objects.filter(pk=note.pk).update(created_at=created_at)
    return note


def test_inbox_lists_my_messages_newest_first_with_unread_marked(client_for, lac_nurse):
    _send(lac_nurse, "Older message", created_at=dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    _send(lac_nurse, "Newer message", created_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    body = text(client_for("lac.nurse").get("/inbox/"))
    assert body.index("Newer message") < body.index("Older message")
    assert "2 unread messages" in body
    assert body.count("nhsuk-tag--blue") == 2  # the "Unread" tag


def test_opening_a_message_marks_it_read(client_for, lac_nurse):
    note = _send(lac_nurse, "Health assessment due")
    client = client_for("lac.nurse")
    response = client.get(f"/inbox/{note.pk}/")
    assert response.status_code == 200
    assert "Health assessment due" in text(response)
    note.refresh_from_db()
    assert note.read_at is not None
    assert "0 unread messages" in text(client.get("/inbox/"))


def test_opening_a_message_about_a_child_is_audited(client_for, lac_nurse, amelia):
    from seenheard.audit.models import AuditEvent

    note = _send(lac_nurse, "About a child", child_id=amelia.pk)
    client_for("lac.nurse").get(f"/inbox/{note.pk}/")
    assert AuditEvent.objects.filter(
        actor_username="lac.nurse", object_type="Notification", child_id=amelia.pk
    ).exists()


def test_empty_inbox_says_so(client_for):
    assert "You have no messages." in text(client_for("social.worker").get("/inbox/"))


def test_stranger_sees_neither_the_list_nor_the_message_of_someone_else(client_for, lac_nurse):
    note = _send(lac_nurse, "Private to the nurse")
    client = client_for("stranger")
    assert "Private to the nurse" not in text(client.get("/inbox/"))
    response = client.get(f"/inbox/{note.pk}/")
    assert response.status_code == 404
    assert "Private to the nurse" not in text(response)
    note.refresh_from_db()
    assert note.read_at is None


def test_inbox_needs_sign_in(client):
    assert client.get("/inbox/").status_code == 302
