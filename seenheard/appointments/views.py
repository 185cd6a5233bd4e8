"""Appointment pages: the clinic's list, booking, recording what happened (R-WNB-1) and the
clinician's triage of a "was not brought" (R-WNB-5). Refusals are the service's; the pages say
where each goes in one table (ADR 025). Not found and not allowed are the same page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.appointments import errors
from seenheard.appointments.models import Appointment, Outcome, RiskLevel, Service, WnbAction
from seenheard.appointments.presenters import history_rows
from seenheard.appointments.selectors import (
    appointment_get,
    clinic_appointments,
    triage_of,
    triage_view,
)
from seenheard.appointments.services import (
    appointment_book,
    appointment_outcome_record,
    books_appointments,
    triage_record,
)
from seenheard.web.pages import not_found, page, request_actor

#: Where each refusal is shown on a page: the field it is about; None is the "not found" page.
REFUSAL_FIELDS: dict[type[errors.AppointmentRefused], str | None] = {
    errors.AppointmentRefused: "__all__",
    errors.CannotBook: None,
    errors.NhsNumberInvalid: "nhs_number",
    errors.ChildNotFound: "nhs_number",
    errors.ServiceUnknown: "service",
    errors.StartInPast: "starts",
    errors.AppointmentNotFound: None,
    errors.OutcomeInFuture: "outcome",
    errors.OutcomeAlreadyRecorded: "outcome",
    errors.OutcomeUnknown: "outcome",
    errors.ReasonNeeded: "reason",
    errors.TriageClosed: "risk",
    errors.TriageIncomplete: "risk",  # its own field, below
    errors.WeekInvalid: None,
    errors.OrganisationUnknown: None,
    errors.DecisionIncomplete: "decision",  # its own field, below
    errors.DecisionRecorded: "decision",
}

#: A second outcome is a conflict with what is recorded; the rest are bad input.
CONFLICTS = (errors.OutcomeAlreadyRecorded, errors.TriageClosed, errors.DecisionRecorded)


def refusal_field(exc: errors.AppointmentRefused) -> str | None:
    own = getattr(exc, "field", None)
    if isinstance(own, str):
        return own
    return next(REFUSAL_FIELDS[kind] for kind in type(exc).__mro__ if kind in REFUSAL_FIELDS)


def _booking_actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    return actor if actor is not None and books_appointments(actor) else None


def clinic(request: HttpRequest) -> HttpResponse:
    actor = _booking_actor(request)
    if actor is None:
        return not_found(request)
    now = timezone.now()
    rows = clinic_appointments(actor=actor)
    return page(
        request,
        "appointments/clinic.jinja",
        {
            "due": [_clinic_row(a) for a in rows if a.starts_at <= now],
            "upcoming": [_clinic_row(a) for a in rows if a.starts_at > now],
        },
        title="Appointments",
    )


def _clinic_row(a: Appointment) -> dict[str, Any]:
    return {"a": a, "when": timezone.localtime(a.starts_at)}


def _starts(data: dict[str, str]) -> dt.datetime:
    """The date and time entered, in England's time; ValueError in plain English."""
    try:
        day = dt.date(int(data["year"]), int(data["month"]), int(data["day"]))
    except (KeyError, ValueError):
        raise ValueError("Enter the date of the appointment, for example 7 12 2026.") from None
    try:
        hours, minutes = (int(p) for p in data.get("time", "").strip().split(":"))
        at = dt.time(hours, minutes)
    except ValueError:
        raise ValueError("Enter the time as hours and minutes, for example 14:30.") from None
    return timezone.make_aware(dt.datetime.combine(day, at))


def _services() -> list[dict[str, Any]]:
    return [{"value": value, "text": label} for value, label in Service.choices]


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    actor = _booking_actor(request)
    if actor is None:
        return not_found(request)
    data = (
        {k: request.POST.get(k, "").strip() for k in request.POST}
        if request.method == "POST"
        else {}
    )
    found: dict[str, str] = {}
    if request.method == "POST":
        try:
            starts_at = _starts(data)
            made = appointment_book(
                actor=actor,
                nhs_number=data.get("nhs_number", ""),
                service=data.get("service", ""),
                starts_at=starts_at,
            )
            return redirect(f"/appointments/{made.pk}/")
        except ValueError as exc:
            found["starts"] = str(exc)
        except errors.AppointmentRefused as exc:
            field = refusal_field(exc)
            if field is None:
                return not_found(request)
            found[field] = exc.message
    return page(
        request,
        "appointments/book.jinja",
        {"data": data, "errors": found, "services": _services()},
        title="Book an appointment",
        status=400 if found else 200,
    )


def _outcome_items() -> list[dict[str, Any]]:
    return [
        {"value": value, "text": label}
        for value, label in Outcome.choices
        if value != Outcome.BOOKED
    ]


@require_http_methods(["GET", "POST"])
def appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    found: dict[str, str] = {}
    status = 200
    data: dict[str, str] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in ("outcome", "reason")}
        try:
            appointment_outcome_record(
                actor=actor,
                appointment_id=appointment_id,
                outcome=data["outcome"],
                reason=data["reason"],
            )
            return redirect(f"/appointments/{appointment_id}/")
        except errors.AppointmentRefused as exc:
            field = refusal_field(exc)
            if field is None:
                return not_found(request)
            found[field] = exc.message
            status = 409 if isinstance(exc, CONFLICTS) else 400
    shown = appointment_get(actor=actor, appointment_id=appointment_id)
    if shown is None:
        return not_found(request)
    recordable = books_appointments(actor) and shown.organisation_id in actor.scope_org_ids
    return page(
        request,
        "appointments/appointment.jinja",
        {
            "a": shown,
            "starts_at": timezone.localtime(shown.starts_at),
            "recordable": recordable and shown.outcome == Outcome.BOOKED,
            "outcomes": _outcome_items(),
            "data": data,
            "errors": found,
            "triage_id": triage_of(actor=actor, appointment_id=shown.pk),
        },
        title=f"{shown.get_service_display()} appointment",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def triage(request: HttpRequest, triage_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    found: dict[str, str] = {}
    status = 200
    keys = ("risk", "reason", "action", "action_detail")
    data: dict[str, str] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in keys}
        try:
            triage_record(actor=actor, triage_id=triage_id, **data)
            return redirect(f"/appointments/triage/{triage_id}/")
        except errors.AppointmentRefused as exc:
            field = refusal_field(exc)
            if field is None:
                return not_found(request)
            found[field] = exc.message
            status = 409 if isinstance(exc, CONFLICTS) else 400
    view = triage_view(actor=actor, triage_id=triage_id)
    if view is None:
        return not_found(request)
    if not data:
        data = {"risk": view.triage.suggested_risk}
    return page(
        request,
        "appointments/triage.jinja",
        {
            "v": view,
            "history": history_rows(view.history),
            "starts_at": timezone.localtime(view.appointment.starts_at),
            "decided_at": (
                timezone.localtime(view.triage.decided_at) if view.triage.decided_at else None
            ),
            "risks": RiskLevel.choices,
            "actions": WnbAction.choices,
            "data": data,
            "errors": found,
        },
        title="Was not brought: triage",
        status=status,
    )
