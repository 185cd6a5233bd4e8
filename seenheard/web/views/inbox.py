"""The inbox: messages for the signed-in member of staff, the unread urgent ones first (a
child may be at risk now), then newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from seenheard.jobs.models import NotificationPriority
from seenheard.jobs.selectors import inbox_for
from seenheard.jobs.services import notification_open
from seenheard.web.pages import not_found, page, request_actor

INBOX_SIZE = 100


def inbox(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    notes = inbox_for(actor=actor, limit=INBOX_SIZE)
    rows = [
        {
            "note": n,
            "created_at": timezone.localtime(n.created_at),
            "urgent": n.priority == NotificationPriority.HIGH,
        }
        for n in notes
    ]
    unread = sum(1 for n in notes if n.read_at is None)
    urgent = sum(1 for n in notes if n.priority == NotificationPriority.HIGH and n.read_at is None)
    return page(
        request,
        "web/inbox.jinja",
        {"rows": rows, "unread": unread, "urgent": urgent},
        title="Inbox",
    )


def message(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Open one message; opening it marks it read. Someone else's message is "not found"."""
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    note = notification_open(actor=actor, notification_id=notification_id)
    if note is None:
        return not_found(request)
    return page(
        request,
        "web/inbox_message.jinja",
        {
            "note": note,
            "created_at": timezone.localtime(note.created_at),
            "urgent": note.priority == NotificationPriority.HIGH,
            "back_href": "/inbox/",
        },
        title=note.subject,
    )
