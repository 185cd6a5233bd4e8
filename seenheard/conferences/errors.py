"""Why a conference action was refused, as typed exceptions (ADR 025, R-REF-5).

The services decide every refusal and raise one of these having changed nothing; the pages map
each type to their answer in one table (``conferences.views.REFUSAL_FIELDS``). Messages are
plain English for the person acting, never ids.
"""

from __future__ import annotations

import datetime as dt

NOT_FOUND = "No such conference or child was found."


class ConferenceRefused(Exception):
    """A conference action was refused; ``message`` says why. Nothing was changed."""

    #: The form field the message belongs against ("" for the page as a whole).
    field = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConferenceNotFound(ConferenceRefused):
    """The child, conference or invitation is unknown or not the actor's to act on: one answer
    for both (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class StrategyDateNeeded(ConferenceRefused):
    field = "strategy_on"

    def __init__(self) -> None:
        super().__init__("Enter the date of the strategy discussion.")


class StrategyDateInFuture(ConferenceRefused):
    field = "strategy_on"

    def __init__(self) -> None:
        super().__init__("The strategy discussion must be today or in the past.")


class NoEarlierConference(ConferenceRefused):
    field = "kind"

    def __init__(self) -> None:
        super().__init__(
            "There is no earlier conference to review. Schedule an initial conference."
        )


class ConferenceInPast(ConferenceRefused):
    field = "starts_at"

    def __init__(self) -> None:
        super().__init__("The conference must be in the future.")


class OutsideTimescale(ConferenceRefused):
    """R-REF-5: the date is outside the timescale and no reason was given."""

    field = "reason"

    def __init__(self, message: str, *, due_by: dt.date) -> None:
        super().__init__(message)
        self.due_by = due_by


class NoInvitees(ConferenceRefused):
    field = "invitees"

    def __init__(self) -> None:
        super().__init__("Choose at least one professional to invite.")


class InviteeNotInvolved(ConferenceRefused):
    field = "invitees"

    def __init__(self) -> None:
        super().__init__("Invite only the professionals involved with this child, from the list.")


class TextRefused(ConferenceRefused):
    """A free-text field missing or over the limit; ``field`` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class ReportAfterConference(ConferenceRefused):
    def __init__(self) -> None:
        super().__init__(
            "The conference has started, so a report can no longer be sent. Speak to the "
            "social worker or the conference chair."
        )


class ConferenceNotOpen(ConferenceRefused):
    def __init__(self) -> None:
        super().__init__("This conference was cancelled.")


class AttendanceTooEarly(ConferenceRefused):
    def __init__(self) -> None:
        super().__init__("Attendance can be recorded once the conference has started.")


class VoiceNotRecorded(ConferenceRefused):
    """R-VOICE-1: the report must carry the child's words, or why there are none. ``problems``
    are the voice component's, each naming its field."""

    def __init__(self, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__("Record the child's views and wishes, or why they could not be heard.")
        self.problems = problems or []
