"""The inbox: messages for the signed-in member of staff, newest first."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from seenheard.audit.services import audit_view
from seenheard.core import clock
from seenheard.jobs.models import Notification
from seenheard.web.pages import not_found, page, request_actor

INBOX_SIZE = 100


def inbox(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    notes = list(
        Notification.objects.filter(recipient_user_id=actor.user_id).order_by("-created_at", "-pk")[
            :INBOX_SIZE
        ]
    )
    rows = [{"note": n, "created_at": timezone.localtime(n.created_at)} for n in notes]
    unread = sum(1 for n in notes if n.read_at is None)
    return page(request, "web/inbox.jinja", {"rows": rows, "unread": unread}, title="Inbox")


def message(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Open one message; opening it marks it read. Someone else's message is "not found"."""
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, recipient_user_id=actor.user_id)
            .first()
        )
        if note is None:
            return not_found(request)
        if note.read_at is None:
            note.read_at = clock.now()
            note.save(update_fields=["read_at"])
        if note.child_id is not None:
            # A message about a child is part of that child's story (DESIGN rule 3).
            audit_view(
                actor=actor, object_type="Notification", object_id=note.pk, child_id=note.child_id
            )
    return page(
        request,
        "web/inbox_message.jinja",
        {"note": note, "created_at": timezone.localtime(note.created_at), "back_href": "/inbox/"},
        title=note.subject,
    )
