"""Refusals of outcomes over time (ADR 025): one base, one subclass per reason. Nothing has
changed when one is raised."""

from __future__ import annotations


class OutcomeRefused(Exception):
    """A measure or a value was refused; nothing changed."""

    message = "This could not be recorded."
    field = ""

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class CouncilNotYours(OutcomeRefused):
    """No council whose children in care the actor's team looks after has that code (not
    found and not allowed are the same answer)."""

    def __init__(self, code: str = "") -> None:
        super().__init__(f"You do not look after the children in care of a council '{code}'.")


class ChildNotFound(OutcomeRefused):
    """No child the actor may see is in the care of the measure's council."""

    message = "No child in this council's care that you may see was found."
    field = "patient"


class MeasureNotFound(OutcomeRefused):
    """No measure of a council the actor works for has that code or id."""

    message = "There is no outcome measure with that code."
    field = "measure"


class MeasureRetired(OutcomeRefused):
    """The measure is no longer in use: no new values are recorded against it."""

    message = "This outcome measure is no longer in use: no new values can be recorded."
    field = "measure"


class MeasureRejected(OutcomeRefused):
    """A measure's definition breaks rules: ``problems`` maps each field to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        self.field = next(iter(problems))
        super().__init__(problems[self.field])


class ValueRejected(OutcomeRefused):
    """A value breaks rules (off the scale, dated before birth or in the future):
    ``problems`` maps each field (value, measured_on) to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        self.field = next(iter(problems))
        super().__init__(problems[self.field])
