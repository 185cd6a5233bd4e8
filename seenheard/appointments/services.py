"""Booking appointments and recording their outcomes (R-WNB-1); the triage of a "was not
brought" (R-WNB-5). Keyword-only, typed and atomic; every change audited in its transaction.

What a "was not brought" sets off (the triage task, the copies for a child on a plan, the
immunisation follow-up) is in ``followup``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.appointments import errors
from seenheard.appointments.followup import wnb_follow_up
from seenheard.appointments.kinds import WNB_TRIAGE
from seenheard.appointments.models import (
    Appointment,
    Outcome,
    RiskLevel,
    Service,
    Triage,
    WnbAction,
)
from seenheard.appointments.rules import booking_too_old, outcome_too_early
from seenheard.appointments.selectors import appointment_recordable
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.tasks.services import TaskError, task_close

REASON_MAX = 4000


def books_appointments(actor: Actor) -> bool:
    """The clinical roles that register attendances also book appointments (ADR 026: asked
    of the role's policy)."""
    return policy_for(actor.role).registers_attendances


def actor_label(actor: Actor) -> str:
    return f"{actor.name} ({actor.role.label})"


@transaction.atomic
def appointment_book(
    *, actor: Actor, nhs_number: str, service: str, starts_at: dt.datetime
) -> Appointment:
    """Book an appointment with the actor's own organisation or setting for a child they may
    see; the same refusal for a child who does not exist and one they may not see."""
    if not books_appointments(actor):
        raise errors.CannotBook()
    if service not in Service.values:
        raise errors.ServiceUnknown()
    try:
        number = normalise_nhs_number(nhs_number)
    except InvalidNhsNumber as exc:
        raise errors.NhsNumberInvalid(str(exc)) from None
    now = clock.now()
    if booking_too_old(starts_at=starts_at, now=now):
        raise errors.StartInPast()
    child = children_visible_to(actor).filter(nhs_number=number).first()
    if child is None:
        raise errors.ChildNotFound()
    appointment = Appointment.objects.create(
        child=child,
        organisation=actor.organisation,
        service=service,
        starts_at=starts_at,
        booked_at=now,
        booked_by=actor_label(actor),
        booked_by_role=actor.role,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="Appointment",
        object_id=appointment.pk,
        child_id=child.pk,
        detail={"service": service},
    )
    return appointment


def _when(at: dt.datetime | None) -> str:
    return "" if at is None else f"{timezone.localtime(at):%-d %B %Y at %H:%M}"


def _already(appointment: Appointment) -> errors.OutcomeAlreadyRecorded:
    return errors.OutcomeAlreadyRecorded(
        outcome=appointment.get_outcome_display(),
        by=appointment.outcome_by or "someone",
        when=_when(appointment.outcome_at),
    )


def _outcome_checked(outcome: str, reason: str) -> tuple[Outcome, str]:
    if outcome not in Outcome.values or outcome == Outcome.BOOKED:
        raise errors.OutcomeUnknown()
    reason = (reason or "").strip()
    cancelled = outcome in (Outcome.FAMILY_CANCELLED, Outcome.SERVICE_CANCELLED)
    if cancelled and not reason:
        raise errors.ReasonNeeded()
    if len(reason) > REASON_MAX:
        raise errors.ReasonNeeded(f"The reason must be {REASON_MAX} characters or fewer.")
    return Outcome(outcome), reason if cancelled else ""


@transaction.atomic
def appointment_outcome_record(
    *, actor: Actor, appointment_id: int, outcome: str, reason: str = ""
) -> Appointment:
    """Record what happened, once (R-WNB-1). A second outcome is refused and nothing is
    overwritten; of two clerks recording at the same moment one wins, and only the winner's
    "was not brought" sets off its triage and copies (the conditional UPDATE decides)."""
    chosen, reason = _outcome_checked(outcome, reason)
    appointment = appointment_recordable(actor, appointment_id)
    if appointment is None:
        raise errors.AppointmentNotFound()
    if appointment.outcome != Outcome.BOOKED:
        raise _already(appointment)
    now = clock.now()
    if outcome_too_early(outcome=chosen, starts_at=appointment.starts_at, now=now):
        raise errors.OutcomeInFuture()
    won = Appointment.objects.filter(pk=appointment.pk, outcome=Outcome.BOOKED).update(
        outcome=chosen, outcome_at=now, outcome_by=actor_label(actor), cancel_reason=reason
    )
    appointment.refresh_from_db()
    if not won:
        raise _already(appointment)
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="Appointment",
        object_id=appointment.pk,
        child_id=appointment.child_id,
        detail={"outcome": str(chosen)},
    )
    if chosen == Outcome.WAS_NOT_BROUGHT:
        wnb_follow_up(appointment=appointment, actor=actor)
    return appointment


def _triage_checked(*, risk: str, reason: str, action: str, action_detail: str) -> None:
    if risk not in RiskLevel.values:
        raise errors.TriageIncomplete("risk", "Choose the risk: low, medium or high.")
    if action not in WnbAction.values:
        raise errors.TriageIncomplete("action", "Choose the action to take.")
    if not action_detail.strip():
        raise errors.TriageIncomplete(
            "action_detail", "Say what will be done, by whom: the decision is recorded."
        )
    for name, text in (("reason", reason), ("action_detail", action_detail)):
        if len(text) > REASON_MAX:
            raise errors.TriageIncomplete(name, f"Write {REASON_MAX} characters or fewer.")


@transaction.atomic
def triage_record(
    *, actor: Actor, triage_id: int, risk: str, reason: str, action: str, action_detail: str
) -> Triage:
    """R-WNB-5: the clinician's triage of a "was not brought": why, if known, the risk and a
    proportionate action. The task closes only with this decision recorded."""
    from seenheard.appointments.selectors import triages_for

    _triage_checked(risk=risk, reason=reason, action=action, action_detail=action_detail)
    triage = triages_for(actor).select_for_update().filter(pk=triage_id).first()
    if triage is None:
        raise errors.AppointmentNotFound("No triage was found.")
    if triage.decided_at is not None:
        raise errors.TriageClosed()
    label = WnbAction(action).label
    try:
        closed = task_close(
            actor=actor,
            task_id=triage.task_id,
            outcome=f"Risk {RiskLevel(risk).label.lower()}. {label}: {action_detail.strip()}",
            owning_kind=WNB_TRIAGE,
        )
    except TaskError as exc:
        raise errors.TriageClosed(str(exc)) from None
    if closed is None:
        raise errors.AppointmentNotFound("No triage was found.")
    triage.risk = risk
    triage.reason = reason.strip()
    triage.action = action
    triage.action_detail = action_detail.strip()
    triage.decided_at = clock.now()
    triage.decided_by = actor_label(actor)
    triage.save(
        update_fields=["risk", "reason", "action", "action_detail", "decided_at", "decided_by"]
    )
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="WnbTriage",
        object_id=triage.pk,
        child_id=triage.child_id,
        detail={"risk": risk, "action": action, "suggested": triage.suggested_risk},
    )
    return triage
