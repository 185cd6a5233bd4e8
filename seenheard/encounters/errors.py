"""Why registering an attendance was refused, as typed exceptions (ADR 025).

The service (``encounters.services.encounter_register``) decides every refusal and raises one
of these, having changed nothing. It is the only place a registration rule is written: the
registration page (``encounters.views``) and the FHIR API (``fhir.routers.encounter``) each map
every type to their own answer in one table, and never work a rule out again. A new refusal
is a new subclass here and a new row in both tables (a test fails until it has them).

Every message is plain English for the person registering: names, roles and times, never ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from seenheard.accounts.models import Role

if TYPE_CHECKING:
    from seenheard.encounters.models import Encounter
    from seenheard.encounters.record.rules import RecordProblem

#: The one answer for a child (or woman) who is not there and one the actor may not find.
NOT_FOUND = "No child found with those details. Check them and search again."


class EncounterRefused(Exception):
    """Registration was refused; ``message`` says why in plain English. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SettingCannotRegister(EncounterRefused):
    """The actor's role does not register attendances, or their organisation is not a care
    setting (``services.registering_setting_problem`` says which)."""


class PersonNotNamed(EncounterRefused):
    """Neither a child nor a pregnant woman was named, or a child was named twice over."""

    def __init__(self) -> None:
        super().__init__("Say which child is attending: their NHS number.")


class PersonNotFound(EncounterRefused):
    """No child (or pregnant woman) the actor may find has these details: the same answer for
    none and for not allowed (DESIGN rule 2, R-FLAG-10)."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class StartInFuture(EncounterRefused):
    """The attendance's start is further ahead of now than the allowance for clocks that
    differ (``rules.START_ALLOWANCE``)."""

    def __init__(self) -> None:
        super().__init__("An attendance cannot start in the future. Check the time.")


class RequestKeyReused(EncounterRefused):
    """The request key already registered another child's (or person's) attendance (ADR 010).
    ``whom`` is "child" or "person"."""

    def __init__(self, whom: str = "child") -> None:
        super().__init__(f"This form was already used to register another {whom}. Search again.")
        self.whom = whom


class AttendanceNotFound(EncounterRefused):
    """No attendance with that id was registered at the actor's setting, or it is not a child's:
    the same answer for none and for another setting's (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__("No attendance was found. Search for the child and check the time.")


class AttendanceNotUnscheduled(EncounterRefused):
    """Only an attendance at unscheduled care (A&E, a minor injury unit, an urgent treatment
    centre) can end with the child leaving before being seen (R-WNB-4)."""

    def __init__(self) -> None:
        super().__init__(
            "Only an attendance at A&E, a minor injury unit or an urgent treatment centre can "
            "be recorded as left before being seen."
        )


class AttendanceAlreadyLeft(EncounterRefused):
    """The attendance was already recorded as left before being seen; nothing changed."""

    def __init__(self) -> None:
        super().__init__("This attendance is already recorded as left before being seen.")


class RepeatRegistration(EncounterRefused):
    """The child was registered at this setting a few minutes ago (within the area's
    ``attendance.repeat_minutes``) and the person registering has not said to register again.
    Nothing was changed; ``earlier`` is the latest of those registrations (ADR 022)."""

    def __init__(self, earlier: Encounter, *, name: str) -> None:
        at = timezone.localtime(earlier.started_at)
        when = at.strftime("%H:%M")
        if at.date() != timezone.localdate():
            when += at.strftime(" on %-d %B %Y")
        role = (
            Role(earlier.registered_by_role).label
            if earlier.registered_by_role in Role.values
            else ""
        )
        who = f"{earlier.registered_by_name}, {role}" if role else earlier.registered_by_name
        super().__init__(f"Registered here at {when} by {who}: register again?")
        self.earlier = earlier
        self.when = when
        self.who = who
        #: The child's name, as the search that found them showed it.
        self.name = name


class AttendanceAlreadyDischarged(EncounterRefused):
    """The child has been discharged (or their record closed): the record is never changed
    after that (R-REF-4); nothing changed."""

    def __init__(self) -> None:
        super().__init__("This child has already been discharged, so the record cannot change.")


class RecordNotNeeded(EncounterRefused):
    """Only an attendance of a child under 18 at unscheduled care has an A&E or minor-injury
    record (R-REF-4): a scheduled attendance, an adult's or a pregnant woman's has none."""

    def __init__(self) -> None:
        super().__init__(
            "Only the attendance of a child under 18 at A&E, a minor injury unit or an urgent "
            "treatment centre has this record."
        )


class RecordProblems(EncounterRefused):
    """A refusal carrying every problem with the record at once, each against its field."""

    def __init__(self, problems: list[RecordProblem]) -> None:
        super().__init__(problems[0].message if problems else "The record was refused.")
        self.problems = problems


class RecordIncomplete(RecordProblems):
    """The child cannot be discharged: a part the record needs is missing (R-REF-4), or it says
    it cannot be completed without saying why. The discharge changed nothing."""


class RecordTooLong(RecordProblems):
    """A part is longer than a record may hold, or not on its list: not even the draft is
    saved."""
