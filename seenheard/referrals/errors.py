"""Why a referral or its decision was refused (ADR 025): one base, one type per reason.

The pages show each problem against its field, the API an OperationOutcome issue per problem
naming its element; nothing is changed.
"""

from __future__ import annotations

from seenheard.referrals.rules import ReferralProblem


class ReferralRefused(Exception):
    """The referral, or its decision, was refused. ``message`` says why in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReferralNotFound(ReferralRefused):
    """No such referral or child, or one the actor may not see or act on: the same answer."""

    def __init__(self) -> None:
        super().__init__("No such referral or child was found.")


class ReferralNotReceived(ReferralNotFound):
    """Deciding on a referral that does not exist or was not sent to the actor's team (the
    referrer's own, another team's): the same answer for both."""

    def __init__(self) -> None:
        ReferralRefused.__init__(self, "No referral sent to your team was found with this id.")


class ReferralProblems(ReferralRefused):
    """A refusal carrying every problem at once, each against its field."""

    def __init__(self, problems: list[ReferralProblem]) -> None:
        super().__init__(problems[0].message if problems else "The referral was refused.")
        self.problems = problems


class ReferralIncomplete(ReferralProblems):
    """A part the report asks for is missing or wrong (R-REF-1): it cannot be sent."""


class ReferralTooLong(ReferralProblems):
    """A draft part is longer than a referral may hold: not even the draft is saved."""


class ReferralNotDraft(ReferralRefused):
    """A sent referral is never changed."""

    def __init__(self) -> None:
        super().__init__("This referral has been sent, so it can no longer be changed.")


class ReferralAlreadyDecided(ReferralRefused):
    """A decision is made once."""

    def __init__(self, when: str) -> None:
        super().__init__(f"A decision on this referral was already recorded on {when}.")
        self.when = when


class DecisionIncomplete(ReferralProblems):
    """The decision needs its outcome, its reasons and, when redirected, where to (R-REF-3)."""


class AuditIncomplete(ReferralProblems):
    """A quality audit needs a score for every heading, and a comment wherever it is not met
    in full (R-REF-2)."""
