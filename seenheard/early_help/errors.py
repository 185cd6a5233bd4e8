"""Why a change to an early help record was refused (ADR 025): one base, one type per reason,
a plain-English message; nothing was changed. The pages map them in
``early_help.views.REFUSAL_FIELDS`` (a test fails until every type has a row)."""

from __future__ import annotations

#: The one answer for a child who is not there and one the actor may not see (DESIGN rule 2).
CHILD_NOT_FOUND = "No child found with those details. Check them and search again."


class EarlyHelpRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EarlyHelpChildNotFound(EarlyHelpRefused):
    def __init__(self) -> None:
        super().__init__(CHILD_NOT_FOUND)


class EarlyHelpTextMissing(EarlyHelpRefused):
    """``field``: needs, help_offered or note."""

    def __init__(self, *, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class EarlyHelpTextTooLong(EarlyHelpRefused):
    def __init__(self, *, field: str, what: str, limit: int) -> None:
        super().__init__(f"{what} must be {limit:,} characters or fewer.")
        self.field = field


class EarlyHelpLeadNotFound(EarlyHelpRefused):
    def __init__(self) -> None:
        super().__init__("Choose the lead professional from the list.")


class EarlyHelpReviewDateInvalid(EarlyHelpRefused):
    """The review date is in the past, or further ahead than the area's longest interval."""

    def __init__(self, *, weeks: int, past: bool) -> None:
        super().__init__(
            "The review date must be today or in the future."
            if past
            else f"The review date must be within {weeks} weeks: children's needs are reviewed "
            "at least that often."
        )


class EarlyHelpAlreadyOpen(EarlyHelpRefused):
    def __init__(self) -> None:
        super().__init__("This child already has open early help. Review it or close it instead.")


class EarlyHelpClosed(EarlyHelpRefused):
    def __init__(self) -> None:
        super().__init__("This early help record is closed.")


class EarlyHelpCloseReasonMissing(EarlyHelpRefused):
    def __init__(self) -> None:
        super().__init__("Choose why early help is ending.")
