"""Why a change to the flag index or to a risk flag was refused, as typed exceptions (ADR 025).

The services (``flags.upload``, ``flags.services``, ``flags.risk``) decide every refusal and
raise one of these, having changed nothing. Each way in maps every type to its own answer in one
table and never works a rule out again: the pages in ``flags.refusal_pages.REFUSAL_PAGES``, the
FHIR API in ``fhir.routers.flag.REFUSALS``, the command line in
``flags.management.commands.flags.REFUSAL_EXITS``. A new refusal is a new subclass here and a new
row in each table that can meet it (``flags/tests/test_refusals.py`` reads this module and fails
until it has them).

Every message is plain English for the person acting: councils, plans and dates, never ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seenheard.flags.upload.checks import Rejection

#: The one answer for a risk flag or child that is not there and one not the actor's to change.
RISK_FLAG_NOT_FOUND = "No such risk flag or child was found."


class FlagRefused(Exception):
    """A change to flags was refused; ``message`` says why in plain English. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the flag index: council uploads, single records, gaps (R-FLAG-2) -------------------------


class FlagUploadRefused(FlagRefused):
    """A council's upload, record or gap was refused (the base of the index's refusals)."""


class CouncilUnknown(FlagUploadRefused):
    """No local authority has the code given."""

    def __init__(self, code: str) -> None:
        super().__init__(f"No local authority has the code '{code}'.")
        self.code = code


class NotCouncilFlagAdministrator(FlagUploadRefused):
    """The actor is not one of this council's flag administrators (the message says for what:
    uploading, managing uploads, recording flags)."""


class FlagNotHeld(FlagUploadRefused):
    """No flag with that id is held by the actor's council: the same answer for none and for
    another council's (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__("No flag with that id is held by your council.")


class GapNotOpen(FlagUploadRefused):
    """The files named are not (or no longer) a gap in the council's sequence."""


class GapReasonMissing(FlagUploadRefused):
    """No reason was given for closing a gap, or it is too long."""


class FlagRecordRejected(FlagUploadRefused):
    """A single record from the API was not applied; ``rejection`` says why (a reason code and
    the column it is about), ``field_name`` the record's field at fault."""

    def __init__(self, rejection: Rejection, field_name: str) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection
        self.field_name = field_name


# -- shared risk flags (R-FLAG-9) ----------------------------------------------------------------


class RiskFlagRefused(FlagRefused):
    """A risk flag change was refused. ``field`` names the form field it is about; ``not_found``
    means the child or flag is unknown or not the actor's to change (one answer for both)."""

    def __init__(self, message: str, *, field: str = "", not_found: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.not_found = not_found


class RiskFlagNotFound(RiskFlagRefused):
    """The child or flag is unknown, or not the actor's to see or change (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__(RISK_FLAG_NOT_FOUND, not_found=True)


class RiskKindUnknown(RiskFlagRefused):
    """The kind of risk is not one of the risk flag types."""

    def __init__(self) -> None:
        super().__init__("Choose the kind of risk.", field="flag_type")


class RiskDetailMissing(RiskFlagRefused):
    """The flag does not say what the risk is."""

    def __init__(self) -> None:
        super().__init__(
            "Say what the risk is, so others who see the flag know what to look out for.",
            field="detail",
        )


class ReviewDateOutOfRange(RiskFlagRefused):
    """The review date is not after today and within the area's months (``rules``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="review_on")


class RiskFlagNotForChild(RiskFlagRefused):
    """The child already has an open flag of the kind, or an FGM flag is not for this child."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="flag_type")


class RiskFlagEnded(RiskFlagRefused):
    """The flag had already ended (someone else ended it meanwhile); ``field`` is the form's."""

    def __init__(self, *, field: str) -> None:
        super().__init__("This flag has already ended.", field=field)


class ReviewNoteMissing(RiskFlagRefused):
    """A review does not say what it found."""

    def __init__(self) -> None:
        super().__init__(
            "Say what the review found, for example: risk continues, strategy meeting on Friday.",
            field="note",
        )


class EndReasonMissing(RiskFlagRefused):
    """Ending a flag needs a reason (``rules.risk_flag_end_reason_problem``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="reason")
