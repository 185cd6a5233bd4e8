"""Reading appointments and triages. Every read starts from the children the actor may see
(``children_visible_to``) and is audited when it shows a child (DESIGN rules 2 and 3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.appointments.models import Appointment, Outcome, Triage
from seenheard.appointments.rules import months_before
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many, audit_view
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.flags.selectors import FlagBanner, flag_banner_for
from seenheard.protocols.selectors import protocol_value
from seenheard.tasks.selectors import tasks_owned_by


def appointments_visible_to(actor: Actor) -> QuerySet[Appointment]:
    """Appointments of any service for the children the actor may see."""
    if not policy_for(actor.role).sees_child_data:
        return Appointment.objects.none()
    return Appointment.objects.filter(child_id__in=children_visible_to(actor).values("pk"))


def appointments_recordable_by(actor: Actor) -> QuerySet[Appointment]:
    """Appointments whose outcome the actor may record: their own organisation's (or a setting
    inside it), for a child they may see."""
    return appointments_visible_to(actor).filter(organisation_id__in=actor.scope_org_ids)


def appointment_recordable(actor: Actor, appointment_id: int) -> Appointment | None:
    """One appointment whose outcome the actor may record (as ``appointments_recordable_by``),
    found by its key and then its child checked: the cost of one child, whatever the size of
    the organisation's caseload (bench/wnb.py)."""
    if not policy_for(actor.role).sees_child_data:
        return None
    found = (
        Appointment.objects.select_related("child")
        .filter(pk=appointment_id, organisation_id__in=actor.scope_org_ids)
        .first()
    )
    if found is None or not children_visible_to(actor).filter(pk=found.child_id).exists():
        return None
    return found


def triages_for(actor: Actor) -> QuerySet[Triage]:
    """The triages whose task is the actor's (R-WNB-5)."""
    return Triage.objects.filter(task_id__in=tasks_owned_by(actor).values("pk"))


@transaction.atomic
def appointment_get(*, actor: Actor, appointment_id: int) -> Appointment | None:
    found = (
        Appointment.objects.select_related("child", "organisation")
        .filter(pk=appointment_id)
        .first()
        if policy_for(actor.role).sees_child_data
        else None
    )
    if found is not None and not children_visible_to(actor).filter(pk=found.child_id).exists():
        found = None
    if found is not None:
        audit_view(
            actor=actor, object_type="Appointment", object_id=found.pk, child_id=found.child_id
        )
    return found


@transaction.atomic
def appointments_for_child(
    *, actor: Actor, child_id: int, purpose: str = "appointments"
) -> list[Appointment] | None:
    """A child's appointments with every service, newest first; None when the child is not
    one the actor may see (the same answer as no such child)."""
    if not children_visible_to(actor).filter(pk=child_id).exists():
        return None
    rows = list(
        Appointment.objects.select_related("organisation")
        .filter(child_id=child_id)
        .order_by("-starts_at", "-pk")[:500]
    )
    audit_view(
        actor=actor,
        object_type="ChildAppointments",
        object_id=child_id,
        child_id=child_id,
        detail={"purpose": purpose},
    )
    return rows


@dataclass(frozen=True)
class TriageView:
    """What the clinician sees beside the triage form (R-WNB-5)."""

    triage: Triage
    appointment: Appointment
    child: Child
    age: int
    banner: FlagBanner
    history: list[Appointment]
    window_months: int

    @property
    def wnbs(self) -> int:
        return sum(1 for a in self.history if a.outcome == Outcome.WAS_NOT_BROUGHT)

    @property
    def attended(self) -> int:
        return sum(1 for a in self.history if a.outcome == Outcome.ATTENDED)


@transaction.atomic
def triage_view(*, actor: Actor, triage_id: int) -> TriageView | None:
    triage = (
        triages_for(actor)
        .select_related("appointment", "appointment__organisation", "child", "task")
        .filter(pk=triage_id)
        .first()
    )
    if triage is None:
        return None
    today = clock.today()
    months = protocol_value("wnb.window_months", area=triage.appointment.organisation)
    since = timezone.make_aware(dt.datetime.combine(months_before(today, months), dt.time.min))
    history = list(
        Appointment.objects.select_related("organisation")
        .filter(child_id=triage.child_id, starts_at__gte=since)
        .exclude(outcome=Outcome.BOOKED)
        .order_by("-starts_at", "-pk")
    )
    audit_view(actor=actor, object_type="WnbTriage", object_id=triage.pk, child_id=triage.child_id)
    return TriageView(
        triage=triage,
        appointment=triage.appointment,
        child=triage.child,
        age=clock.age_on(triage.child.date_of_birth, today),
        banner=flag_banner_for(triage.child, today=today),
        history=history,
        window_months=months,
    )


@transaction.atomic
def clinic_appointments(*, actor: Actor, limit: int = 200) -> list[Appointment]:
    """The actor's organisation's appointments still waiting for an outcome, earliest first
    (those past first), each child audited as seen."""
    rows = list(
        appointments_recordable_by(actor)
        .filter(outcome=Outcome.BOOKED)
        .select_related("child", "organisation")
        .order_by("starts_at", "pk")[:limit]
    )
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "ClinicList", "booked", child_id, {})
            for child_id in sorted({a.child_id for a in rows})
        ],
    )
    return rows


def triage_of(*, actor: Actor, appointment_id: int) -> int | None:
    """The triage of a "was not brought" the actor may decide, by its appointment (ids only)."""
    return (
        triages_for(actor)
        .filter(appointment_id=appointment_id)
        .values_list("pk", flat=True)
        .first()
    )


def triage_href(task_id: int) -> str:
    """The triage form of a "was not brought" by its task (ids only; the page checks who may
    open it): where the task is closed, with the decision (ADR 030)."""
    found = Triage.objects.filter(task_id=task_id).values_list("pk", flat=True).first()
    return "" if found is None else f"/appointments/triage/{found}/"


@dataclass(frozen=True)
class SummaryAppointments:
    """The child summary's appointments: those booked ahead, soonest first, and the recent
    ones (from ``since`` to now), newest first."""

    upcoming: list[Appointment]
    recent: list[Appointment]
    since: dt.date


@transaction.atomic
def appointments_for_summary(
    *, actor: Actor, child_id: int, months: int = 12, limit: int = 10
) -> SummaryAppointments | None:
    """A child's appointments with every service for the child's summary (R-WNB-1); None when
    the child is not one the actor may see. Audited as one view of the child's appointments."""
    if not policy_for(actor.role).sees_child_data:
        return None
    if not children_visible_to(actor).filter(pk=child_id).exists():
        return None
    now = clock.now()
    since = months_before(timezone.localdate(now), months)
    mine = Appointment.objects.select_related("organisation").filter(child_id=child_id)
    upcoming = list(
        mine.filter(starts_at__gte=now, outcome=Outcome.BOOKED).order_by("starts_at", "pk")[:limit]
    )
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    recent = list(
        mine.filter(starts_at__gte=start)
        .exclude(starts_at__gte=now, outcome=Outcome.BOOKED)
        .order_by("-starts_at", "-pk")[:limit]
    )
    audit_view(
        actor=actor,
        object_type="ChildAppointments",
        object_id=child_id,
        child_id=child_id,
        detail={"purpose": "summary"},
    )
    return SummaryAppointments(upcoming=upcoming, recent=recent, since=since)
