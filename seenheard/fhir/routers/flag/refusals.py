"""The flag index's refusals and the API's answer to each (ADR 025), and who may write flags."""

from __future__ import annotations

from collections.abc import Callable

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.fhir.errors import FhirError, not_found
from seenheard.fhir.routers.common import refusal_row
from seenheard.fhir.routers.flag.support import (
    BIRTH_DATE,
    NOT_YOURS,
)
from seenheard.flags.errors import (
    CouncilUnknown,
    FlagNotHeld,
    FlagRecordRejected,
    FlagUploadRefused,
    GapNotOpen,
    GapReasonMissing,
    NotCouncilFlagAdministrator,
)
from seenheard.flags.upload.parse import RejectCode

# Rejections from the index -> (status, IssueType, expression). Well-formed Flags that break a
# rule of the index are 422, as the FHIR RESTful API says for business rules.
_REJECTIONS: dict[RejectCode, tuple[int, str, tuple[str, ...]]] = {
    RejectCode.INVALID_NHS_NUMBER: (400, "value", ("Flag.subject",)),
    RejectCode.INVALID_PLAN_TYPE: (400, "code-invalid", ("Flag.code",)),
    RejectCode.END_BEFORE_START: (400, "invariant", ("Flag.period.end",)),
    RejectCode.START_IN_FUTURE: (422, "business-rule", ("Flag.period.start",)),
    RejectCode.NO_MATCH: (422, "not-found", ("Flag.subject",)),
    RejectCode.DOB_MISMATCH: (422, "business-rule", ("Flag.subject", BIRTH_DATE)),
}

# invalid-date says which date by the column of the upload file it would be in.
_DATE_COLUMNS = {2: BIRTH_DATE, 4: "Flag.period.start", 5: "Flag.period.end"}


def _rejected(exc: FlagRecordRejected) -> FhirError:
    rejection = exc.rejection
    if rejection.code == RejectCode.INVALID_DATE:
        expression: tuple[str, ...] = (_DATE_COLUMNS.get(rejection.column, "Flag.period"),)
        return FhirError(400, code="value", diagnostics=rejection.message, expression=expression)
    status, code, expression = _REJECTIONS.get(rejection.code, (422, "business-rule", ()))
    return FhirError(status, code=code, diagnostics=rejection.message, expression=expression)


def _forbidden(exc: FlagUploadRefused) -> FhirError:
    return FhirError(403, code="forbidden", diagnostics=exc.message, expression=("Flag.author",))


def _not_yours(exc: FlagUploadRefused) -> FhirError:
    return not_found(NOT_YOURS, expression=["Flag.id"])


def _record_rejected(exc: FlagUploadRefused) -> FhirError:
    assert isinstance(exc, FlagRecordRejected)
    return _rejected(exc)


def _business_rule(exc: FlagUploadRefused) -> FhirError:
    return FhirError(422, code="business-rule", diagnostics=exc.message)


#: Every refusal of the flag index and the API's answer to it, in one place (ADR 025): the
#: rules are the services' alone; a test fails when a refusal in flags.errors has no row here.
REFUSALS: dict[type[FlagUploadRefused], Callable[[FlagUploadRefused], FhirError]] = {
    CouncilUnknown: _forbidden,
    NotCouncilFlagAdministrator: _forbidden,
    FlagNotHeld: _not_yours,
    FlagRecordRejected: _record_rejected,
    # The API does not close gaps (the uploads page does); the rows say how it would answer.
    GapNotOpen: _business_rule,
    GapReasonMissing: _business_rule,
}


def refused(exc: FlagUploadRefused) -> FhirError:
    """The OperationOutcome for a refusal of the flag index, from ``REFUSALS``."""
    return refusal_row(REFUSALS, exc)(exc)


def may_manage_flags(actor: Actor, *, doing: str) -> None:
    """Refuse at once, before reading the body, anyone whose role never records flags."""
    if not policy_for(actor.role).manages_flags:
        raise FhirError(
            403,
            code="forbidden",
            diagnostics=f"Only a council's flag administrators can {doing}.",
        )
