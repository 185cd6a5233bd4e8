"""Refusals of appointments and their outcomes (ADR 025): one base, one type per reason, each
with a plain-English message. Not found and not allowed are one type (DESIGN rule 2)."""

from __future__ import annotations


class AppointmentRefused(Exception):
    message = "The change was refused."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class CannotBook(AppointmentRefused):
    message = "Your role does not book appointments for children."


class NhsNumberInvalid(AppointmentRefused):
    message = "Enter a valid 10-digit NHS number."


class ChildNotFound(AppointmentRefused):
    message = "No child was found with that NHS number. Check the number."


class ServiceUnknown(AppointmentRefused):
    message = "Choose the service the appointment is with."


class StartInPast(AppointmentRefused):
    message = "A new appointment cannot be more than a year in the past. Check the date."


class AppointmentNotFound(AppointmentRefused):
    message = "No appointment was found."


class OutcomeInFuture(AppointmentRefused):
    message = (
        "This appointment has not happened yet: record whether the child was brought once "
        "it has started. A cancellation can be recorded now."
    )


class OutcomeAlreadyRecorded(AppointmentRefused):
    def __init__(self, *, outcome: str, by: str, when: str) -> None:
        super().__init__(
            f"An outcome was already recorded for this appointment: {outcome.lower()}, by {by} "
            f"on {when}. It has not been changed."
        )


class OutcomeUnknown(AppointmentRefused):
    message = "Choose what happened: attended, was not brought, or cancelled."


class ReasonNeeded(AppointmentRefused):
    message = "Say why the appointment was cancelled."


class TriageClosed(AppointmentRefused):
    message = "This was not brought has already been triaged."


class TriageIncomplete(AppointmentRefused):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class WeekInvalid(AppointmentRefused):
    def __init__(self, text: str) -> None:
        super().__init__(
            f"{text!r} is not a week that exists: give an ISO week as YYYY-Www, like 2026-W49."
        )


class OrganisationUnknown(AppointmentRefused):
    def __init__(self, code: str) -> None:
        super().__init__(f"No organisation or setting has the code {code!r}.")


class DecisionRecorded(AppointmentRefused):
    message = (
        "The meeting's decision about this child this week is already recorded. It has not "
        "been changed."
    )


class DecisionIncomplete(AppointmentRefused):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)
