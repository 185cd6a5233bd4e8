"""Why an access decision that changes something was refused, as typed exceptions (ADR 025).

Emergency access (``access.services.break_glass_grant``) is the one today: the service decides
every refusal and raises one of these; the emergency access page maps each type to the form
field it answers against in one table (``web.views.emergency.REFUSAL_FIELDS``), and a test reads
this module so that a new refusal fails until the page says how it answers it.
"""

from __future__ import annotations


class AccessRefused(Exception):
    """An access request was refused; ``message`` says why in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BreakGlassRefused(AccessRefused):
    """Emergency access to a child's record was refused (R-FLAG-10, ADR 020)."""


class EmergencyAccessNotForRole(BreakGlassRefused):
    """The actor's role does not use emergency access."""

    def __init__(self) -> None:
        super().__init__("Your role cannot use emergency access.")


class EmergencyReasonProblem(BreakGlassRefused):
    """The reason is missing or does not say enough (``access.rules``)."""


class EmergencyNhsNumberInvalid(BreakGlassRefused):
    """The NHS number is not a valid one; the message says what is wrong with it."""


class EmergencyChildUnknown(BreakGlassRefused):
    """Nobody has that NHS number. The attempt is recorded in the audit trail all the same."""

    def __init__(self) -> None:
        super().__init__("No child with that NHS number is known. This attempt is recorded.")
