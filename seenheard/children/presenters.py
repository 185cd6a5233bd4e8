"""How the child summary describes a care relationship (R-FLAG-10), in plain words."""

from __future__ import annotations

import datetime as dt

from seenheard.children.models import CareRelationship, CareRelationshipKind


def care_relationship_status(rel: CareRelationship, *, today: dt.date) -> str:
    """Whether the relationship is current, and since or until when.

    An attendance is recorded as a relationship that ends on the day of the latest attendance
    (encounters.services), so "Ended" on the day the child attended read as if the child had
    left: say when they last attended instead. An end date today or later has not happened yet.
    """
    if rel.kind == CareRelationshipKind.ATTENDS and rel.ended_on is not None:
        when = "today" if rel.ended_on == today else f"on {rel.ended_on:%-d %B %Y}"
        return f"Last attended {when}"
    if rel.ended_on is None:
        return "Current"
    if rel.ended_on > today:
        return f"Current, ends on {rel.ended_on:%-d %B %Y}"
    if rel.ended_on == today:
        return "Current, ends today"
    return f"Ended on {rel.ended_on:%-d %B %Y}"
