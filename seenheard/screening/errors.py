"""Why recording an SDQ, or a specialist review, is refused (ADR 025): one base, one type per
reason, each with a plain-English message. Nothing changes when one is raised."""

from __future__ import annotations

import datetime as dt


class ScreeningRefused(Exception):
    message = "This could not be recorded."
    #: The form field the refusal is about ("" for the whole form).
    field = ""

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class SdqChildNotFound(ScreeningRefused):
    """No such child, or one the actor may not see: the same answer (DESIGN rule 2)."""

    message = "There is no child with that record."


class SdqAnswerInvalid(ScreeningRefused):
    """An answer that is not one the questionnaire offers (an item 3, "yes")."""

    def __init__(self, *, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        super().__init__(f'"{value}" is not an answer here: choose {allowed}, or leave it empty.')


class SdqInformantNotAllowed(ScreeningRefused):
    """Outside the questionnaire's ages (4 to 17), or a self-report under 11."""

    field = "informant"


class SdqDateInvalid(ScreeningRefused):
    field = "completed_on"

    def __init__(self, *, when: dt.date, reason: str) -> None:
        self.when = when
        super().__init__(reason)


class SdqReasonMissing(ScreeningRefused):
    field = "not_completed_reason"
    message = "Say why the SDQ was not completed."


class SdqNothingAnswered(ScreeningRefused):
    field = "item1"
    message = (
        "No question is answered. Enter the answers as ticked, or record that the SDQ "
        "was not completed and why."
    )


class SdqReviewNotFound(ScreeningRefused):
    message = "There is no such review waiting to be seen."


class SdqReviewAlreadySeen(ScreeningRefused):
    message = "This review has already been recorded as seen."


class SdqReviewDetailsMissing(ScreeningRefused):
    def __init__(self, *, field: str, what: str) -> None:
        self.field = field
        super().__init__(f"Enter {what}.")
