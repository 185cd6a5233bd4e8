"""Reads of the in-app inbox, for the person signed in (DESIGN rule 2: reads take the actor)."""

from __future__ import annotations

from seenheard.access.actor import Actor
from seenheard.jobs.models import Notification


def inbox_for(*, actor: Actor, limit: int) -> list[Notification]:
    """The actor's own messages, newest first; never anyone else's."""
    return list(
        Notification.objects.filter(recipient_user_id=actor.user_id).order_by("-created_at", "-pk")[
            :limit
        ]
    )


def unread_count_for(*, actor: Actor) -> int:
    """How many of the actor's own messages are unread."""
    return Notification.objects.filter(
        recipient_user_id=actor.user_id, read_at__isnull=True
    ).count()
