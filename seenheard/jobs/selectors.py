"""Reads of the in-app inbox, for the person signed in (DESIGN rule 2: reads take the actor)."""

from __future__ import annotations

from seenheard.access.actor import Actor
from seenheard.jobs.models import Notification, NotificationPriority


def inbox_for(*, actor: Actor, limit: int) -> list[Notification]:
    """The actor's own messages: the unread urgent ones first, then the rest, each newest
    first; never anyone else's."""
    mine = Notification.objects.filter(recipient_user_id=actor.user_id)
    urgent = list(
        mine.filter(priority=NotificationPriority.HIGH, read_at__isnull=True).order_by(
            "-created_at", "-pk"
        )[:limit]
    )
    rest = mine.exclude(pk__in=[n.pk for n in urgent]).order_by("-created_at", "-pk")
    return urgent + list(rest[: limit - len(urgent)])


def unread_count_for(*, actor: Actor) -> int:
    """How many of the actor's own messages are unread."""
    return Notification.objects.filter(
        recipient_user_id=actor.user_id, read_at__isnull=True
    ).count()


def urgent_unread_count_for(*, actor: Actor) -> int:
    """How many of the actor's own urgent messages are unread."""
    return Notification.objects.filter(
        recipient_user_id=actor.user_id,
        priority=NotificationPriority.HIGH,
        read_at__isnull=True,
    ).count()
