"""Why a feedback action was refused, as typed exceptions (ADR 025, R-VOICE-2).

The child's page gives one answer for a code that is unknown, used or expired, so a code
reveals nothing about anyone; too many tries get their own answer, which names no code.
"""

from __future__ import annotations

NOT_FOUND = "No such child or feedback was found."


class FeedbackRefused(Exception):
    """A feedback action was refused; ``message`` says why. Nothing was changed (a try of a
    code is recorded on purpose)."""

    field = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FeedbackNotFound(FeedbackRefused):
    """The child or feedback is unknown or not the actor's to see: one answer (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class CodeNotAccepted(FeedbackRefused):
    """Unknown, already used or expired: the same words for each (R-VOICE-2)."""

    field = "code"

    def __init__(self) -> None:
        super().__init__(
            "That code does not work. Check it and try again, or ask the person who gave it "
            "to you for a new one."
        )


class TooManyTries(FeedbackRefused):
    """R-VOICE-2: too many tries from this address, or from everyone, in the window."""

    field = "code"

    def __init__(self) -> None:
        super().__init__(
            "There have been too many tries. Please wait an hour and try again, or ask the "
            "person who gave you the code for help."
        )


class FeedbackSessionEnded(FeedbackRefused):
    """The page was opened without a code that works (or too long ago)."""

    def __init__(self) -> None:
        super().__init__("Please start again with your code.")


class AnswerRefused(FeedbackRefused):
    """An answer missing or too long; ``field`` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
