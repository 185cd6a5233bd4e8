"""Every refusal of registration and the API's answer to it (ADR 025)."""

from __future__ import annotations

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
from seenheard.fhir.routers.common import Answer, refused_outcome
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
}


def refused(exc: EncounterRefused) -> FhirError:
    """The OperationOutcome for a refusal of registration, from ``REFUSALS``."""
    return refused_outcome(REFUSALS, exc)


def registering(actor: Actor) -> None:
    """Refused before the body is read when the actor does not register attendances."""
    problem = registering_setting_problem(actor)
    if problem:
        raise refused(SettingCannotRegister(problem))
