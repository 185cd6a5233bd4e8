"""Why a change to a task was refused, as typed exceptions (ADR 025).

The services (``tasks.services``) decide every refusal and raise one of these, having changed
nothing. The task pages (``tasks.views.REFUSAL_FIELDS``), the FHIR API
(``fhir.routers.task.REFUSALS``) and the command line each map every type to their answer in one
table, and never work a rule out again. A new refusal is a new subclass here and a new row in
each table (a test fails until it has them).

Every message is plain English for the person giving or closing the task: names and dates,
never ids.
"""

from __future__ import annotations

import datetime as dt

#: The one answer for a child who is not there and one the actor may not see (DESIGN rule 2).
CHILD_NOT_FOUND = "No child found with those details. Check them and search again."


class TaskRefused(Exception):
    """The change was refused; ``message`` says why in plain English. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TaskChildNotFound(TaskRefused):
    """No child the actor may see has these details: the same answer for none and for not
    allowed."""

    def __init__(self) -> None:
        super().__init__(CHILD_NOT_FOUND)


class TaskKindUnknown(TaskRefused):
    """Nobody registered this kind of task (``tasks.kinds``)."""

    def __init__(self, key: str) -> None:
        super().__init__("Choose what kind of task this is.")
        self.key = key


class TaskOwnerMissing(TaskRefused):
    """Neither a team (organisation and role) nor a person was chosen to own the task."""

    def __init__(self) -> None:
        super().__init__("Choose who the task is for: a person or a team.")


class TaskOwnerNotFound(TaskRefused):
    """The chosen person does not work in that team, the team does not exist, or its role does
    not see children's records (a board, an administrator)."""

    def __init__(self) -> None:
        super().__init__("Nobody who could do this task was found. Choose a person or team again.")


class TaskTitleMissing(TaskRefused):
    def __init__(self) -> None:
        super().__init__("Enter what needs to be done.")


class TaskTextTooLong(TaskRefused):
    """A free-text part is over its limit. ``field`` is "title", "detail", "outcome" or "note"."""

    def __init__(self, *, field: str, what: str, limit: int) -> None:
        super().__init__(f"{what} must be {limit:,} characters or fewer.")
        self.field = field
        self.limit = limit


class TaskDueMissing(TaskRefused):
    """A task between professionals needs a due date, and its kind has no default."""

    def __init__(self) -> None:
        super().__init__("Enter the date the task is due.")


class TaskDueInPast(TaskRefused):
    def __init__(self, due_on: dt.date) -> None:
        super().__init__("The due date must be today or in the future.")
        self.due_on = due_on


class TaskOutcomeMissing(TaskRefused):
    def __init__(self) -> None:
        super().__init__("Enter the outcome: what was done or decided, and what happens next.")


class TaskAlreadyClosed(TaskRefused):
    """The task was closed already; ``who`` and ``when`` say by whom and on which day."""

    def __init__(self, *, who: str = "", when: dt.date | None = None) -> None:
        super().__init__(
            f"This task was already closed by {who} on {when:%-d %B %Y}."
            if who and when
            else "This task is already closed."
        )
        self.who = who
        self.when = when


class TaskOwnerUnchanged(TaskRefused):
    """A reassignment to the person or team that already owns the task."""

    def __init__(self) -> None:
        super().__init__("The task already belongs to them. Choose someone else.")


class TaskClosedOnItsPage(TaskRefused):
    """The task's kind closes only with its own app's decision, on that app's page (ADR 030):
    a "was not brought" triage closes when the triage is recorded, not with a free-text
    outcome. ``page`` names the page; ``href`` is its address for this task ("" if none)."""

    def __init__(self, *, decision: str, page: str, href: str) -> None:
        super().__init__(f"This task closes only when {decision} is recorded. Record it on {page}.")
        self.decision = decision
        self.page = page
        self.href = href


class TaskKindRaisedElsewhere(TaskRefused):
    """Nobody gives a task of a kind that closes on its own app's page by hand: only that app
    raises it, with the record its page needs (ADR 030)."""

    def __init__(self, key: str) -> None:
        super().__init__(
            "Tasks of this kind are raised by their own service, not given by hand. "
            "Choose another kind."
        )
        self.key = key
