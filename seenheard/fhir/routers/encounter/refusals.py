"""Every refusal of registration and the API's answer to it (ADR 025)."""

from __future__ import annotations

from django.http import HttpResponse

from seenheard.access.actor import Actor
from seenheard.encounters.errors import (
    AttendanceAlreadyDischarged,
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    AttendanceNotUnscheduled,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RecordIncomplete,
    RecordNotNeeded,
    RecordProblems,
    RecordTooLong,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.services import (
    registering_setting_problem,
)
from seenheard.fhir.errors import FhirError
from seenheard.fhir.mappers.questionnaireresponse import element
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import Answer, refusal_row, refused_outcome
from seenheard.fhir.routers.encounter.support import (
    NO_CHILD,
)

#: Every refusal of registration, and the API's answer to it: the one place the API decides
#: what a refusal looks like (ADR 025). The rules themselves are the service's alone; a test
#: fails when a refusal in encounters.errors has no row here.
REFUSALS: dict[type[EncounterRefused], Answer] = {
    SettingCannotRegister: Answer(403, "forbidden"),
    PersonNotNamed: Answer(400, "required", ("Encounter.subject",)),
    PersonNotFound: Answer(422, "not-found", ("Encounter.subject",), NO_CHILD),
    StartInFuture: Answer(400, "value", ("Encounter.period.start",)),
    RequestKeyReused: Answer(
        409,
        "conflict",
        ("Encounter.identifier",),
        "This Encounter.identifier already registered another child's attendance. "
        "Use a new identifier for a new attendance.",
    ),
    # The API always registers a repeat (a retry is the same identifier, ADR 022); the row is
    # here so that every refusal has one answer.
    RepeatRegistration: Answer(409, "duplicate", ("Encounter.subject",)),
    # $left-before-seen (R-WNB-4): an attendance not registered at the caller's setting is
    # not found, as one that does not exist.
    AttendanceNotFound: Answer(404, "not-found", ("Encounter.id",)),
    AttendanceNotUnscheduled: Answer(422, "business-rule", ("Encounter.class",)),
    AttendanceAlreadyLeft: Answer(409, "conflict", ("Encounter.status",)),
    # The child's A&E record and discharge (R-REF-4): each problem is its own issue, naming
    # its QuestionnaireResponse item (refused_response).
    AttendanceAlreadyDischarged: Answer(409, "conflict", ("Encounter.status",)),
    RecordNotNeeded: Answer(422, "business-rule", ("Encounter.subject",)),
    RecordProblems: Answer(422, "required"),
    RecordIncomplete: Answer(422, "required"),
    RecordTooLong: Answer(422, "too-long"),
}


def refused(exc: EncounterRefused) -> FhirError:
    """The OperationOutcome for a refusal of registration, from ``REFUSALS``."""
    return refused_outcome(REFUSALS, exc)


class _Issues(FhirError):
    """A refusal with several problems: one OperationOutcome issue each."""

    def __init__(self, status: int, issues: list[dict[str, object]]) -> None:
        first = issues[0]
        super().__init__(status, code=str(first["code"]), diagnostics=str(first["diagnostics"]))
        self.issues = issues

    def response(self) -> HttpResponse:
        outcome = {"resourceType": "OperationOutcome", "issue": self.issues}
        return fhir_response(outcome, status=self.status)


def refused_response(exc: EncounterRefused) -> FhirError:
    """As ``refused``; a record's problems (R-REF-4) each their own issue, naming its item."""
    if not isinstance(exc, RecordProblems) or not exc.problems:
        return refused(exc)
    answer = refusal_row(REFUSALS, exc)
    issues: list[dict[str, object]] = []
    for problem in exc.problems:
        wrong = "characters or fewer" in problem.message or "from the list" in problem.message
        issues.append(
            {
                "severity": "error",
                "code": "value" if wrong and answer.code == "required" else answer.code,
                "diagnostics": problem.message,
                "expression": [element(problem.field)],
            }
        )
    return _Issues(answer.status, issues)


def registering(actor: Actor) -> None:
    """Refused before the body is read when the actor does not register attendances."""
    problem = registering_setting_problem(actor)
    if problem:
        raise refused(SettingCannotRegister(problem))
