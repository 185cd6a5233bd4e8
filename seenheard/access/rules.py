"""Access rules as plain functions with their requirement IDs."""

from __future__ import annotations

import datetime as dt


def relationship_is_current(
    ended_on: dt.date | None, *, today: dt.date, grace_days: int = 90
) -> bool:
    """R-FLAG-10: a relationship stays legitimate for a while after it ends, so the team that
    discharged a child can still finish the paperwork and answer follow-up questions."""
    return ended_on is None or ended_on >= today - dt.timedelta(days=grace_days)


def break_glass_reason_problem(reason: str, *, minimum_length: int = 10) -> str | None:
    """R-FLAG-10: emergency access needs a stated reason that a reviewer can judge."""
    text = (reason or "").strip()
    if not text:
        return "Enter the reason you need emergency access to this child's record."
    if len(text) < minimum_length:
        return (
            f"Give a fuller reason (at least {minimum_length} characters): the safeguarding "
            "lead will review it."
        )
    return None
