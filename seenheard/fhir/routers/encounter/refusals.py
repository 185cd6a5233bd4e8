"""Every refusal of registration and the API's answer to it (ADR 025)."""

from __future__ import annotations

from dataclasses import dataclass

from seenheard.access.actor import Actor
from seenheard.encounters.errors import (
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    AttendanceNotUnscheduled,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.services import (
    registering_setting_problem,
)
from seenheard.fhir.errors import FhirError
from seenheard.fhir.routers.encounter.support import (
    NO_CHILD,
)


@dataclass(frozen=True)
class _Answer:
    """The API's answer to one kind of refusal: the HTTP status, the OperationOutcome's issue
    code and the element at fault; ``diagnostics`` replaces the service's message when the API
    says it its own way (naming the element a client sends)."""

    status: int
    code: str
    expression: tuple[str, ...] = ()
    diagnostics: str | None = None


#: Every refusal of registration, and the API's answer to it: the one place the API decides
#: what a refusal looks like (ADR 025). The rules themselves are the service's alone; a test
#: fails when a refusal in encounters.errors has no row here.
REFUSALS: dict[type[EncounterRefused], _Answer] = {
    SettingCannotRegister: _Answer(403, "forbidden"),
    PersonNotNamed: _Answer(400, "required", ("Encounter.subject",)),
    PersonNotFound: _Answer(422, "not-found", ("Encounter.subject",), NO_CHILD),
    StartInFuture: _Answer(400, "value", ("Encounter.period.start",)),
    RequestKeyReused: _Answer(
        409,
        "conflict",
        ("Encounter.identifier",),
        "This Encounter.identifier already registered another child's attendance. "
        "Use a new identifier for a new attendance.",
    ),
    # The API always registers a repeat (a retry is the same identifier, ADR 022); the row is
    # here so that every refusal has one answer.
    RepeatRegistration: _Answer(409, "duplicate", ("Encounter.subject",)),
    # $left-before-seen (R-WNB-4): an attendance not registered at the caller's setting is
    # not found, as one that does not exist.
    AttendanceNotFound: _Answer(404, "not-found", ("Encounter.id",)),
    AttendanceNotUnscheduled: _Answer(422, "business-rule", ("Encounter.class",)),
    AttendanceAlreadyLeft: _Answer(409, "conflict", ("Encounter.status",)),
}


def refused(exc: EncounterRefused) -> FhirError:
    """The OperationOutcome for a refusal of registration, from ``REFUSALS``."""
    answer = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
    return FhirError(
        answer.status,
        code=answer.code,
        diagnostics=answer.diagnostics or exc.message,
        expression=answer.expression,
    )


def registering(actor: Actor) -> None:
    """Refused before the body is read when the actor does not register attendances."""
    problem = registering_setting_problem(actor)
    if problem:
        raise refused(SettingCannotRegister(problem))
