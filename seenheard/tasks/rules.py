"""The rules of tasks between professionals, as pure functions (R-REF-7).

A task has an owner and a due date; an overdue task escalates to the owner's manager, and again
to the next manager up each time it is still open after the protocol's interval
(``task.escalate_again_days``). Parameters come from ``protocols``; these functions take them.
"""

from __future__ import annotations

import datetime as dt


def due_in_past(*, due_on: dt.date, today: dt.date) -> bool:
    """R-REF-7: a task cannot be due before today (today itself is allowed)."""
    return due_on < today


def default_due(*, today: dt.date, days: int) -> dt.date:
    """R-REF-7: the due date of a task given without one: ``days`` from today."""
    return today + dt.timedelta(days=max(days, 0))


def is_overdue(*, due_on: dt.date | None, today: dt.date) -> bool:
    """R-REF-7: overdue from the day after its due date; a task with no due date never is."""
    return due_on is not None and due_on < today


def escalation_due(
    *,
    due_on: dt.date | None,
    level: int,
    escalated_on: dt.date | None,
    today: dt.date,
    again_days: int,
    max_level: int,
) -> bool:
    """R-REF-7: whether an open task escalates (one level more) today.

    The first escalation is the day after the due date; each further one ``again_days`` after
    the last, while the level is below ``max_level``."""
    if not is_overdue(due_on=due_on, today=today) or level >= max_level:
        return False
    if level == 0 or escalated_on is None:
        return True
    return today >= escalated_on + dt.timedelta(days=max(again_days, 1))
