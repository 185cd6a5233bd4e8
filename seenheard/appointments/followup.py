"""What a "was not brought" sets off, in the transaction that records it:

- R-WNB-1, R-WNB-5: a triage task for the service's clinicians, due in 2 working days, with a
  suggested risk from ``rules.risk_suggested``;
- R-WNB-3: for a child on a child protection plan or looked after, a copy to the organisation's
  safeguarding team, a task for the child's health visitor (under 5) or school nurse (from 5),
  and the responsible council told as for an attendance (the flags app's council inbox, and an
  e-mail naming no child: ``flags.inbox.services.council_not_brought_raise``);
- R-WNB-6: a missed immunisation of a child on a plan, a follow-up task for the GP practice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.selectors import organisation_and_parents, safeguarding_leads_at
from seenheard.accounts.models import Organisation, Role, SettingType
from seenheard.appointments.kinds import (
    IMMUNISATION_FOLLOW_UP,
    PLAN_FOLLOW_UP,
    WNB_TRIAGE,
    task_new,
)
from seenheard.appointments.models import Appointment, Outcome, Service, Triage
from seenheard.appointments.presenters import appointment_phrase
from seenheard.appointments.rules import (
    immunisation_followup_needed,
    months_before,
    practitioner_service,
    risk_suggested,
)
from seenheard.children.models import CareRelationship, Child
from seenheard.core import clock
from seenheard.core.workingdays import add_working_days
from seenheard.flags.inbox.services import council_not_brought_raise
from seenheard.flags.models import PlanType
from seenheard.flags.selectors import FlagBanner, flag_banner_for
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import area_chain, protocol_values_for
from seenheard.tasks.models import Task

KEYS = (
    "wnb.triage_working_days",
    "wnb.meeting_threshold",
    "wnb.window_months",
    "wnb.young_child_under_age",
    "wnb.health_visiting_until_age",
    "wnb.practitioner_task_working_days",
    "wnb.immunisation_followup_working_days",
)

PRACTITIONER_SETTINGS = {
    Service.HEALTH_VISITING: SettingType.HEALTH_VISITING,
    Service.SCHOOL_NURSING: SettingType.SCHOOL_NURSING,
}


@dataclass(frozen=True)
class WnbContext:
    appointment: Appointment
    child: Child
    org: Organisation
    age: int
    banner: FlagBanner
    values: dict[str, int]
    today: dt.date

    @property
    def on_plan(self) -> bool:
        return any(f.plan_type == PlanType.CPP for f in self.banner.open)

    @property
    def looked_after(self) -> bool:
        return any(f.plan_type == PlanType.LAC for f in self.banner.open)

    @property
    def what(self) -> str:
        when = timezone.localtime(self.appointment.starts_at)
        return f"{self.appointment.get_service_display()} appointment on {when:%-d %B %Y at %H:%M}"


def wnb_follow_up(*, appointment: Appointment, actor: Actor) -> Triage:
    org = Organisation.objects.select_related("parent").get(pk=appointment.organisation_id)
    today = clock.today()
    child = appointment.child
    ctx = WnbContext(
        appointment=appointment,
        child=child,
        org=org,
        age=clock.age_on(child.date_of_birth, today),
        banner=flag_banner_for(child, today=today),
        values=protocol_values_for(KEYS, chain=area_chain(org)),
        today=today,
    )
    triage = _triage_open(ctx)
    if ctx.on_plan or ctx.looked_after:
        _safeguarding_team_copy(ctx)
        _practitioner_task(ctx)
        _councils_tell(ctx)
    if immunisation_followup_needed(
        service=appointment.service, outcome=Outcome.WAS_NOT_BROUGHT, on_plan=ctx.on_plan
    ):
        _gp_follow_up(ctx)
    return triage


def wnbs_before(*, child_id: int, since: dt.date, excluding: int) -> int:
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    return (
        Appointment.objects.filter(
            child_id=child_id, outcome=Outcome.WAS_NOT_BROUGHT, starts_at__gte=start
        )
        .exclude(pk=excluding)
        .count()
    )


def _triage_open(ctx: WnbContext) -> Triage:
    """R-WNB-1, R-WNB-5: every "was not brought" asks why, of the clinicians who booked it."""
    v = ctx.values
    before = wnbs_before(
        child_id=ctx.child.pk,
        since=months_before(ctx.today, v["wnb.window_months"]),
        excluding=ctx.appointment.pk,
    )
    suggestion = risk_suggested(
        on_plan=ctx.on_plan,
        looked_after=ctx.looked_after,
        other_risk_flags=len(ctx.banner.risks),
        age_years=ctx.age,
        wnbs_before=before,
        meeting_threshold=v["wnb.meeting_threshold"],
        under_age_medium=v["wnb.young_child_under_age"],
    )
    task = task_new(
        kind=WNB_TRIAGE,
        child_id=ctx.child.pk,
        owner_org=ctx.org,
        owner_role=ctx.appointment.booked_by_role,
        title=f"Was not brought: triage the {ctx.what}",
        detail=(
            f"{ctx.child.full_name} was not brought to the {ctx.what} at {ctx.org.name}. "
            "Find out why if you can, judge the risk and choose a proportionate action."
        ),
        requirement="R-WNB-5",
        due_on=add_working_days(ctx.today, v["wnb.triage_working_days"]),
    )
    return Triage.objects.create(
        appointment=ctx.appointment,
        child=ctx.child,
        task=task,
        suggested_risk=suggestion.level,
        suggested_because=suggestion.because,
    )


def _plan_words(ctx: WnbContext) -> str:
    return "on a child protection plan" if ctx.on_plan else "looked after"


def _safeguarding_team_copy(ctx: WnbContext) -> None:
    """R-WNB-3: a copy, at once, in the inbox of each safeguarding lead of the organisation
    (and those above it). No e-mail: the message is about an identifiable child."""
    chain = [o.pk for o in organisation_and_parents(ctx.org)]
    for user_id in sorted({m.user_id for m in safeguarding_leads_at(chain)}):
        notification_send(
            recipient_user_id=user_id,
            recipient_email="",
            recipient_org_code=ctx.org.code,
            topic="wnb-plan",
            subject=f"A child {_plan_words(ctx)} was not brought",
            body=(
                f"{ctx.child.full_name} ({_plan_words(ctx)}) was not brought to the "
                f"{ctx.what} at {ctx.org.name}. The clinic's triage and the child's community "
                "practitioner's follow-up are under way."
            ),
            link=f"/children/{ctx.child.pk}/",
            child_id=ctx.child.pk,
        )


def _practitioner_org(ctx: WnbContext, service: Service) -> Organisation | None:
    """The community setting whose caseload the child is on: the right service's first, else
    another community nursing setting (a combined health visiting and school nursing team)."""
    wanted = PRACTITIONER_SETTINGS[service]
    rows = list(
        CareRelationship.objects.select_related("organisation")
        .filter(child_id=ctx.child.pk, ended_on__isnull=True)
        .filter(
            organisation__setting_type__in=[SettingType.HEALTH_VISITING, SettingType.SCHOOL_NURSING]
        )
        .order_by("pk")
    )
    exact = [r.organisation for r in rows if r.organisation.setting_type == wanted]
    found = exact or [r.organisation for r in rows]
    return found[0] if found else None


def _practitioner_task(ctx: WnbContext) -> Task:
    """R-WNB-3: forwarded to the child's named community practitioner as a task; to the
    safeguarding team when no practitioner is named (so that it is never lost)."""
    service = practitioner_service(
        age_years=ctx.age, health_visiting_until=ctx.values["wnb.health_visiting_until_age"]
    )
    practitioner = _practitioner_org(ctx, service)
    who = "health visitor" if service == Service.HEALTH_VISITING else "school nurse"
    owner_org = practitioner or organisation_and_parents(ctx.org)[-1]
    role = Role.COMMUNITY_NURSE if practitioner else Role.SAFEGUARDING_LEAD
    missing = "" if practitioner else f" No {who} is named for this child: find one."
    return task_new(
        kind=PLAN_FOLLOW_UP,
        child_id=ctx.child.pk,
        owner_org=owner_org,
        owner_role=role,
        title=f"Child {_plan_words(ctx)} not brought: follow up as the {who}",
        detail=(
            f"{ctx.child.full_name} ({_plan_words(ctx)}) was not brought to the {ctx.what} at "
            f"{ctx.org.name}. Contact the family and the child's social worker.{missing}"
        ),
        requirement="R-WNB-3",
        due_on=add_working_days(ctx.today, ctx.values["wnb.practitioner_task_working_days"]),
    )


def _councils_tell(ctx: WnbContext) -> None:
    """R-WNB-3: the council holding the plan is told as for an attendance (R-FLAG-5): an entry
    in the council's inbox (who, which appointment, where) and an e-mail naming no child."""
    council_not_brought_raise(
        flags=[f for f in ctx.banner.open if f.plan_type in (PlanType.CPP, PlanType.LAC)],
        child_id=ctx.child.pk,
        what=appointment_phrase(ctx.appointment.service),
        setting_name=ctx.org.name,
        recorded_by=ctx.appointment.outcome_by,
        at=ctx.appointment.starts_at,
    )


def _gp_follow_up(ctx: WnbContext) -> Task | None:
    """R-WNB-6: the GP practice follows up the missed immunisation."""
    practice = ctx.child.gp_practice
    if practice is None:
        return None
    return task_new(
        kind=IMMUNISATION_FOLLOW_UP,
        child_id=ctx.child.pk,
        owner_org=practice,
        owner_role=Role.GP,
        title="Missed immunisation of a child on a plan: follow up",
        detail=(
            f"{ctx.child.full_name} (on a child protection plan) was not brought to the "
            f"{ctx.what} at {ctx.org.name}. Offer the immunisation again and tell the child's "
            "social worker."
        ),
        requirement="R-WNB-6",
        due_on=add_working_days(ctx.today, ctx.values["wnb.immunisation_followup_working_days"]),
    )


def open_flags_q(today: dt.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gt=today)
