"""Scheduling child protection conferences, inviting, the GP's report, attendance (R-REF-5).

Who may do what (decided here and in ``access.roles``):
- schedule: a role whose policy ``schedules_conferences`` (the council's social workers), for a
  child they may see; they become the organiser.
- answer an invitation, send the GP's report: the person invited, while they may see the child.
- record attendance: people of the organiser's organisation (or one above it) who schedule
  conferences, once the conference has started.
Anyone else is told the conference does not exist (DESIGN rule 2). Every change is audited in
the same transaction; nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Role, User
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.children.models import Child
from seenheard.conferences import errors, rules
from seenheard.conferences.models import (
    TEXT_LIMIT,
    Attendance,
    Conference,
    ConferenceInvitation,
    ConferenceKind,
    ConferenceStatus,
    GpReport,
    InvitationResponse,
    RemoteJoining,
)
from seenheard.conferences.selectors import InviteeCandidate, invitee_candidates, may_manage
from seenheard.core import clock, workingdays
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import protocol_value
from seenheard.voice.errors import VoiceIncomplete
from seenheard.voice.rules import VoiceInput
from seenheard.voice.services import voice_record

CONFERENCE = "Conference"


@dataclass(frozen=True)
class ConferencePlan:
    """What the social worker asks for (R-REF-5)."""

    kind: ConferenceKind
    starts_at: dt.datetime
    location: str
    remote_joining: RemoteJoining
    remote_details: str = ""
    strategy_on: dt.date | None = None
    reason: str = ""
    invitee_ids: tuple[int, ...] = ()


def text_checked(value: str, *, field: str, what: str, required: bool = True) -> str:
    """A free-text field, stripped: refused when empty (if required) or over the limit."""
    value = value.strip()
    if required and not value:
        raise errors.TextRefused(f"Enter {what}.", field=field)
    if len(value) > TEXT_LIMIT:
        raise errors.TextRefused(
            f"{what[0].upper()}{what[1:]} must be {TEXT_LIMIT} characters or fewer.", field=field
        )
    return value


def _visible_child(actor: Actor, child_id: int) -> Child:
    child = (
        children_visible_to(actor)
        .select_related("gp_practice", "responsible_la")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise errors.ConferenceNotFound
    return child


def _previous(child: Child) -> Conference | None:
    return (
        Conference.objects.filter(child=child)
        .exclude(status=ConferenceStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def _timescale(
    actor: Actor, child: Child, plan: ConferencePlan
) -> tuple[rules.Timescale, Conference | None]:
    area = actor.organisation
    if plan.kind == ConferenceKind.INITIAL:
        if plan.strategy_on is None:
            raise errors.StrategyDateNeeded
        if plan.strategy_on > clock.today():
            raise errors.StrategyDateInFuture
        return rules.initial_timescale(
            strategy_on=plan.strategy_on,
            working_days=protocol_value("conference.initial_working_days", area=area),
            add_working_days=workingdays.add_working_days,
        ), None
    previous = _previous(child)
    if previous is None:
        raise errors.NoEarlierConference
    return rules.review_timescale(
        previous_on=timezone.localdate(previous.starts_at),
        previous_was_initial=previous.kind == ConferenceKind.INITIAL,
        first_months=protocol_value("conference.first_review_months", area=area),
        later_months=protocol_value("conference.review_months", area=area),
    ), previous


def _checked_plan(
    actor: Actor, child: Child, plan: ConferencePlan
) -> tuple[rules.Timescale, Conference | None, str]:
    if plan.starts_at <= clock.now():
        raise errors.ConferenceInPast
    timescale, previous = _timescale(actor, child, plan)
    reason = text_checked(plan.reason, field="reason", what="the reason", required=False)
    problem = rules.outside_timescale_problem(
        day=timezone.localdate(plan.starts_at), timescale=timescale, reason=reason
    )
    if problem:
        raise errors.OutsideTimescale(problem, due_by=timescale.due_by)
    if not plan.invitee_ids:
        raise errors.NoInvitees
    return timescale, previous, reason


@transaction.atomic
def conference_schedule(*, actor: Actor, child_id: int, plan: ConferencePlan) -> Conference:
    """Schedule a conference and invite the professionals involved (R-REF-5). Refused,
    changing nothing, when the actor does not schedule conferences or cannot see the child, the
    date is past or outside the timescale without a reason, or an invitee is not involved."""
    if not policy_for(actor.role).schedules_conferences:
        raise errors.ConferenceNotFound
    child = _visible_child(actor, child_id)
    location = text_checked(plan.location, field="location", what="where the conference is")
    details = text_checked(
        plan.remote_details, field="remote_details", what="how to join", required=False
    )
    timescale, previous, reason = _checked_plan(actor, child, plan)
    people = {p.user_id: p for p in invitee_candidates(actor=actor, child=child)}
    if any(pk not in people for pk in plan.invitee_ids):
        raise errors.InviteeNotInvolved
    organiser = User.objects.filter(pk=actor.user_id).only("email").first()
    conference = Conference.objects.create(
        child=child,
        kind=plan.kind,
        previous=previous,
        strategy_discussion_on=plan.strategy_on if plan.kind == ConferenceKind.INITIAL else None,
        starts_at=plan.starts_at,
        due_by=timescale.due_by,
        outside_timescale_reason=(
            "" if timescale.allows(timezone.localdate(plan.starts_at)) else reason
        ),
        location=location,
        remote_joining=plan.remote_joining,
        remote_details=details,
        organiser_org=actor.organisation,
        organiser_user_id=actor.user_id,
        organiser_name=actor.name,
        organiser_email=organiser.email if organiser else "",
        created_at=clock.now(),
    )
    for pk in dict.fromkeys(plan.invitee_ids):
        _invite(actor, conference, people[pk])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=CONFERENCE,
        object_id=conference.pk,
        child_id=child.pk,
        detail={
            "kind": conference.kind,
            "starts_at": conference.starts_at.isoformat(),
            "due_by": conference.due_by.isoformat(),
            "outside_timescale": bool(conference.outside_timescale_reason),
            "invited": sorted(people[pk].user_id for pk in plan.invitee_ids),
        },
    )
    return conference


def _when_text(at: dt.datetime) -> str:
    local = timezone.localtime(at)
    return local.strftime("%A %-d %B %Y at %H:%M")


def _invite(actor: Actor, conference: Conference, person: InviteeCandidate) -> ConferenceInvitation:
    """One invitation: recorded with the GP's notice and surgery hours, and sent to the person's
    inbox and e-mail. The message names no child (the inbox behind sign-in shows who)."""
    area = actor.organisation
    local = timezone.localtime(conference.starts_at)
    invitation = ConferenceInvitation.objects.create(
        conference=conference,
        child_id=conference.child_id,
        invitee_user_id=person.user_id,
        invitee_name=person.name,
        invitee_role=person.role,
        invitee_org=person.organisation,
        invitee_email=person.email,
        is_gp=person.role == Role.GP,
        sent_at=clock.now(),
        notice_days=rules.notice_days(sent_on=clock.today(), conference_on=local.date()),
        outside_surgery_hours=rules.outside_surgery_hours(
            starts_at_local=local,
            opens_minute=protocol_value("conference.surgery_opens_minute", area=area),
            closes_minute=protocol_value("conference.surgery_closes_minute", area=area),
            is_working_day=workingdays.is_working_day(local.date()),
        ),
    )
    joining = (
        f" You can join by {conference.get_remote_joining_display().lower()}."
        if conference.remote_joining != RemoteJoining.NONE
        else ""
    )
    report = (
        " If you cannot attend, please send your report before the conference."
        if invitation.is_gp
        else ""
    )
    notification_send(
        recipient_user_id=person.user_id,
        recipient_email=person.email,
        topic="conference-invitation",
        subject="Invitation to a child protection conference",
        body=f"{actor.name} ({actor.organisation.name}) invites you to a child protection "
        f"conference on {_when_text(conference.starts_at)}.{joining}{report} Please say "
        "whether you can attend.",
        link=f"/conferences/invitations/{invitation.pk}/",
        child_id=conference.child_id,
    )
    return invitation


def _own_invitation(actor: Actor, invitation_id: int) -> ConferenceInvitation:
    invitation = (
        ConferenceInvitation.objects.select_for_update(of=("self",))
        .select_related("conference")
        .filter(pk=invitation_id, invitee_user_id=actor.user_id)
        .first()
    )
    if invitation is None or not children_visible_to(actor).filter(pk=invitation.child_id).exists():
        raise errors.ConferenceNotFound
    if invitation.conference.status == ConferenceStatus.CANCELLED:
        raise errors.ConferenceNotOpen
    return invitation


@transaction.atomic
def invitation_respond(
    *, actor: Actor, invitation_id: int, response: InvitationResponse
) -> ConferenceInvitation:
    """The person invited says whether they will attend, join remotely or send a report."""
    invitation = _own_invitation(actor, invitation_id)
    if response == InvitationResponse.AWAITING or response not in InvitationResponse.values:
        raise errors.TextRefused("Choose whether you can attend.", field="response")
    if invitation.conference.starts_at <= clock.now():
        raise errors.ReportAfterConference
    invitation.response = response
    invitation.responded_at = clock.now()
    invitation.save(update_fields=["response", "responded_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="ConferenceInvitation",
        object_id=invitation.pk,
        child_id=invitation.child_id,
        detail={"response": str(response)},
    )
    return invitation


@dataclass(frozen=True)
class GpReportText:
    """The GP's report (R-REF-5): what the report found GP submissions lacked."""

    health_and_development: str
    parents_health: str
    child_with_parents: str
    attendances: str
    #: The child's voice (R-VOICE-1), through the shared voice component.
    voice: VoiceInput


REPORT_FIELDS = {
    "health_and_development": "the child's health and development",
    "parents_health": "the parents' health as it affects their parenting",
    "child_with_parents": "what you have seen of the child with their parents",
    "attendances": "the child's attendances and missed appointments",
}


@transaction.atomic
def gp_report_submit(*, actor: Actor, invitation_id: int, text: GpReportText) -> GpReport:
    """The invited GP sends their report before the conference starts (R-REF-5). A second
    report supersedes the first; after the start it is refused, changing nothing."""
    invitation = _own_invitation(actor, invitation_id)
    if not invitation.is_gp:
        raise errors.ConferenceNotFound
    checked = {
        name: text_checked(getattr(text, name), field=name, what=what)
        for name, what in REPORT_FIELDS.items()
    }
    if invitation.conference.starts_at <= clock.now():
        raise errors.ReportAfterConference
    earlier = invitation.reports.filter(superseded_by__isnull=True).select_related("voice").first()
    try:
        voice = voice_record(
            actor=actor,
            child_id=invitation.child_id,
            record_kind="conference-report",
            voice=text.voice,
            supersedes=earlier.voice if earlier else None,
        )
    except VoiceIncomplete as exc:
        raise errors.VoiceNotRecorded([(p.field, p.message) for p in exc.problems]) from None
    report = GpReport.objects.create(
        invitation=invitation,
        child_id=invitation.child_id,
        voice=voice,
        submitted_at=clock.now(),
        author_name=actor.name,
        **checked,
    )
    if earlier is not None:
        earlier.superseded_by = report
        earlier.save(update_fields=["superseded_by"])
    if invitation.response in (InvitationResponse.AWAITING, InvitationResponse.CANNOT):
        invitation.response = InvitationResponse.REPORT
        invitation.responded_at = clock.now()
        invitation.save(update_fields=["response", "responded_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="GpReport",
        object_id=report.pk,
        child_id=invitation.child_id,
        detail={
            "conference": invitation.conference_id,
            "supersedes": earlier.pk if earlier else None,
        },
    )
    conference = invitation.conference
    notification_send(
        recipient_user_id=conference.organiser_user_id,
        recipient_email=conference.organiser_email,
        topic="conference-gp-report",
        subject="A GP's report for a child protection conference has arrived",
        body=f"{actor.name} ({actor.organisation.name}) sent their report for the conference on "
        f"{_when_text(conference.starts_at)}.",
        link=f"/conferences/{conference.pk}/",
        child_id=conference.child_id,
    )
    return report


@transaction.atomic
def conference_attendance_record(
    *, actor: Actor, conference_id: int, attendance: dict[int, Attendance]
) -> Conference:
    """After it starts, the organiser's team records who attended (R-REF-5: GP attendance is
    tracked); the conference is then held."""
    conference = Conference.objects.select_for_update().filter(pk=conference_id).first()
    if conference is None or not may_manage(actor, conference):
        raise errors.ConferenceNotFound
    if conference.status == ConferenceStatus.CANCELLED:
        raise errors.ConferenceNotOpen
    if conference.starts_at > clock.now():
        raise errors.AttendanceTooEarly
    invitations = {i.pk: i for i in conference.invitations.all()}
    recorded: dict[str, str] = {}
    for pk, value in attendance.items():
        invitation = invitations.get(pk)
        if invitation is None or value not in Attendance.values:
            raise errors.TextRefused("Say whether each person attended.", field="attendance")
        invitation.attendance = value
        invitation.save(update_fields=["attendance"])
        recorded[str(pk)] = str(value)
    conference.status = ConferenceStatus.HELD
    conference.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=CONFERENCE,
        object_id=conference.pk,
        child_id=conference.child_id,
        detail={"change": "attendance", "attendance": recorded},
    )
    return conference
