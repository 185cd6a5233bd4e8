"""The weekly safeguarding meeting (R-WNB-2, with R-WNB-3 and R-WNB-6): its agenda, built from
the records whenever it is read, and what the meeting decided about each child.

The meeting of ISO week W discusses what happened in week W-1 (``rules.agenda_window``): every
child with 2 or more "was not brought" in the last 12 months or 3 or more family cancellations
(protocol parameters), every "was not brought" of a child on a plan or looked after, 2 or more
missed immunisations of a child on a plan, every triage that asked for it, and the
organisation's open frequent-attendance reviews. An organisation's agenda covers its settings.
The cost is the week's events, not the organisation's history (bench/wnb.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to, holds_meetings
from seenheard.accounts.models import Membership, Organisation, OrgKind, Role
from seenheard.appointments import errors
from seenheard.appointments.kinds import MEETING_ACTION, task_new
from seenheard.appointments.models import (
    Appointment,
    Meeting,
    MeetingDecision,
    Outcome,
    Service,
    Triage,
    WnbAction,
)
from seenheard.appointments.rules import (
    ChildCounts,
    agenda_window,
    iso_week_monday,
    meeting_reasons,
    months_before,
)
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change, audit_record_many
from seenheard.children.models import Child
from seenheard.flags.models import PlanType, ProtectionFlag
from seenheard.protocols.selectors import area_chain, protocol_values_for
from seenheard.tasks.kinds import TaskKind
from seenheard.tasks.models import Task, TaskStatus

KEYS = (
    "wnb.meeting_threshold",
    "wnb.reschedule_threshold",
    "wnb.window_months",
    "wnb.immunisation_meeting_threshold",
)


def meeting_actor(org: Organisation, *, channel: str) -> Actor:
    """The organisation's safeguarding team acting through an operator's command: a GP
    practice's meeting is its GPs', any other organisation's its safeguarding leads'."""
    role = Role.GP if org.kind == OrgKind.GP_PRACTICE else Role.SAFEGUARDING_LEAD
    return Actor(
        user_id=0,
        username="system",
        name="Seen and Heard",
        role=role,
        organisation=org,
        channel=channel,
    )


def week_parse(text: str) -> dt.date:
    try:
        return iso_week_monday(text)
    except ValueError:
        raise errors.WeekInvalid(text) from None


@dataclass
class AgendaItem:
    child: Child
    reasons: list[str]
    wnbs: int
    decision: MeetingDecision | None = None


@dataclass
class Agenda:
    organisation: Organisation
    week: str
    covers: tuple[dt.date, dt.date]
    items: list[AgendaItem] = field(default_factory=list)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class _Window:
    scope: frozenset[int]
    start: dt.datetime
    end: dt.datetime
    year_start: dt.datetime


def _candidates(actor: Actor, w: _Window) -> dict[int, ChildCounts]:
    """The children with something in the week (or an open frequent-attendance review)."""
    in_scope = Appointment.objects.filter(organisation_id__in=w.scope)
    ids = set(
        in_scope.filter(
            starts_at__gte=w.start,
            starts_at__lt=w.end,
            outcome__in=[Outcome.WAS_NOT_BROUGHT, Outcome.FAMILY_CANCELLED],
        ).values_list("child_id", flat=True)
    )
    asked = set(
        Triage.objects.filter(
            appointment__organisation_id__in=w.scope,
            action=WnbAction.MEETING,
            decided_at__gte=w.start,
            decided_at__lt=w.end,
        ).values_list("child_id", flat=True)
    )
    reviews = set(
        Task.objects.filter(
            owner_org_id__in=w.scope,
            kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW,
            status=TaskStatus.OPEN,
        ).values_list("child_id", flat=True)
    )
    wanted = ids | asked | reviews
    visible = set(children_visible_to(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    return {
        child_id: ChildCounts(
            wnbs=0,
            reschedules=0,
            missed_immunisations=0,
            wnbs_on_plan_this_week=0,
            asked_for_discussion=int(child_id in asked),
            open_frequent_review=child_id in reviews,
        )
        for child_id in visible
    }


def _on_plan_that_day() -> Exists:
    """Whether an appointment's child was on a plan or looked after on the appointment's day
    (``day``: the appointment's date in local time, as the agenda shows it)."""
    day = OuterRef("day")
    return Exists(
        ProtectionFlag.objects.filter(
            child_id=OuterRef("child_id"),
            entered_in_error=False,
            plan_type__in=[PlanType.CPP, PlanType.LAC],
            start_date__lte=day,
        ).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    )


def _counted(base: dict[int, ChildCounts], w: _Window) -> dict[int, ChildCounts]:
    """Each candidate's appointments in the window, counted by the database in one grouped
    query on (child, outcome, start): a row a child, whatever the length of their history."""
    wnb = Q(outcome=Outcome.WAS_NOT_BROUGHT)
    on_plan = _on_plan_that_day()
    rows = (
        Appointment.objects.filter(
            child_id__in=list(base),
            organisation_id__in=w.scope,
            starts_at__gte=w.year_start,
            starts_at__lt=w.end,
            outcome__in=[Outcome.WAS_NOT_BROUGHT, Outcome.FAMILY_CANCELLED],
        )
        .annotate(day=TruncDate("starts_at"))
        .values("child_id")
        .annotate(
            wnbs=Count("pk", filter=wnb),
            reschedules=Count("pk", filter=Q(outcome=Outcome.FAMILY_CANCELLED)),
            missed_immunisations=Count(
                "pk", filter=wnb & Q(service=Service.IMMUNISATION) & Q(on_plan)
            ),
            wnbs_on_plan_this_week=Count("pk", filter=wnb & Q(starts_at__gte=w.start) & Q(on_plan)),
        )
        .order_by()
    )
    counted = dict(base)  # a candidate with nothing in the window keeps its zeros
    for row in rows:
        counted[row["child_id"]] = replace(
            base[row["child_id"]],
            wnbs=row["wnbs"],
            reschedules=row["reschedules"],
            missed_immunisations=row["missed_immunisations"],
            wnbs_on_plan_this_week=row["wnbs_on_plan_this_week"],
        )
    return counted


@transaction.atomic
def agenda_build(*, actor: Actor, week: str) -> Agenda:
    """R-WNB-2: the agenda of the actor's organisation's meeting in ``week`` (YYYY-Www), each
    child with why they are on it. Audited for every child shown. WeekInvalid for a week that
    does not exist."""
    monday = week_parse(week)
    first, last = agenda_window(monday)
    org = actor.organisation
    values = protocol_values_for(KEYS, chain=area_chain(org))
    months = values["wnb.window_months"]
    w = _Window(
        scope=actor.scope_org_ids,
        start=_aware(first),
        end=_aware(last + dt.timedelta(days=1)),
        year_start=_aware(months_before(last, months)),
    )
    counted = _counted(_candidates(actor, w), w)
    agenda = Agenda(organisation=org, week=week, covers=(first, last))
    children = Child.objects.in_bulk(list(counted))
    decisions = {
        d.child_id: d
        for d in MeetingDecision.objects.filter(
            meeting__organisation=org, meeting__week=week
        ).prefetch_related("actions")
    }
    for child_id, counts in counted.items():
        reasons = meeting_reasons(
            counts,
            wnb_threshold=values["wnb.meeting_threshold"],
            reschedule_threshold=values["wnb.reschedule_threshold"],
            immunisation_threshold=values["wnb.immunisation_meeting_threshold"],
            window_months=months,
        )
        if reasons:
            agenda.items.append(
                AgendaItem(children[child_id], reasons, counts.wnbs, decisions.get(child_id))
            )
    agenda.items.sort(key=lambda i: (i.child.family_name, i.child.given_name, i.child.pk))
    audit_record_many(
        actor=actor,
        items=[
            (AuditAction.VIEW, "MeetingAgenda", week, item.child.pk, {"org": org.code})
            for item in agenda.items
        ],
    )
    return agenda


def organisation_by_code(code: str) -> Organisation:
    """An organisation or a setting by its code (any case)."""
    org = Organisation.objects.filter(code__iexact=code.strip(), active=True).first()
    if org is None:
        raise errors.OrganisationUnknown(code)
    return org


def meeting_owners(actor: Actor) -> list[Membership]:
    """Who the meeting may give an action to: staff of the organisation and its settings in a
    role that sees children's records."""
    roles = [r for r in Role if policy_for(r).sees_child_data]
    return list(
        Membership.objects.select_related("user", "organisation")
        .filter(
            organisation_id__in=actor.scope_org_ids,
            role__in=roles,
            active=True,
            user__is_active=True,
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def meeting_get(*, actor: Actor, week: str) -> Meeting | None:
    return Meeting.objects.filter(organisation=actor.organisation, week=week).first()


@dataclass(frozen=True)
class ActionGiven:
    """One action the meeting agrees: what, for whom (a membership from ``meeting_owners``)
    and by when."""

    what: str
    owner_membership_id: int | None
    due_on: dt.date | None


def _actions_checked(
    actor: Actor, actions: list[ActionGiven]
) -> list[tuple[ActionGiven, Membership]]:
    owners = {m.pk: m for m in meeting_owners(actor)}
    today = timezone.localdate()
    checked = []
    for i, action in enumerate(actions, start=1):
        if not action.what.strip():
            raise errors.DecisionIncomplete(f"action_{i}", "Say what the action is.")
        owner = owners.get(action.owner_membership_id or 0)
        if owner is None:
            raise errors.DecisionIncomplete(f"owner_{i}", "Choose who will do the action.")
        if action.due_on is None or action.due_on < today:
            raise errors.DecisionIncomplete(
                f"due_{i}", "Enter the date the action is due: today or later."
            )
        checked.append((action, owner))
    return checked


@transaction.atomic
def meeting_decision_record(
    *, actor: Actor, week: str, child_id: int, decision: str, actions: list[ActionGiven]
) -> MeetingDecision:
    """R-WNB-2: what the meeting decided about a child on its agenda, and its actions as tasks
    with owners and due dates. Recorded once per child and week; never overwritten."""
    if not holds_meetings(actor):
        raise errors.AppointmentNotFound()
    agenda = agenda_build(actor=actor, week=week)
    item = next((i for i in agenda.items if i.child.pk == child_id), None)
    if item is None:
        raise errors.AppointmentNotFound("This child is not on the meeting's agenda.")
    if item.decision is not None:
        raise errors.DecisionRecorded()
    decision = decision.strip()
    if not decision:
        raise errors.DecisionIncomplete("decision", "Record what the meeting decided.")
    if len(decision) > 4000:
        raise errors.DecisionIncomplete("decision", "Write 4000 characters or fewer.")
    checked = _actions_checked(actor, actions)
    now = timezone.now()
    meeting, _ = Meeting.objects.get_or_create(
        organisation=actor.organisation, week=week, defaults={"created_at": now}
    )
    if MeetingDecision.objects.filter(meeting=meeting, child_id=child_id).exists():
        raise errors.DecisionRecorded()
    recorded = MeetingDecision.objects.create(
        meeting=meeting,
        child_id=child_id,
        reasons=item.reasons,
        decision=decision,
        decided_at=now,
        decided_by=f"{actor.name} ({actor.role.label})",
    )
    for action, owner in checked:
        recorded.actions.add(
            task_new(
                kind=MEETING_ACTION,
                child_id=child_id,
                owner_org=owner.organisation,
                owner_role=owner.role,
                owner_user_id=owner.user_id,
                title=action.what.strip(),
                detail=f"Agreed at the safeguarding meeting of {week}: {decision}",
                requirement="R-WNB-2",
                due_on=action.due_on or now.date(),
            )
        )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="MeetingDecision",
        object_id=recorded.pk,
        child_id=child_id,
        detail={"week": week, "actions": len(checked)},
    )
    return recorded
