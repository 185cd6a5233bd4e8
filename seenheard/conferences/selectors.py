"""Reading conferences (R-REF-5): every read names its actor and starts from the children the
actor may see; reads of a child's conference are audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to, relationships_giving_access
from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.audit.services import audit_view
from seenheard.children.models import CareRelationship, Child
from seenheard.conferences import rules
from seenheard.conferences.models import (
    Attendance,
    Conference,
    ConferenceInvitation,
    ConferenceStatus,
    GpReport,
)
from seenheard.core import clock
from seenheard.protocols.selectors import protocol_value


@dataclass(frozen=True)
class InviteeCandidate:
    """A professional involved with the child, as the form shows them: by name and role."""

    user_id: int
    name: str
    role: str
    role_label: str
    organisation: Organisation
    email: str

    @property
    def is_gp(self) -> bool:
        return self.role == Role.GP


def invitee_candidates(*, actor: Actor, child: Child) -> list[InviteeCandidate]:
    """The professionals involved with a child the actor sees (R-REF-5): the GPs of the child's
    practice, the staff of the teams with a current relationship with the child, and the social
    workers of the responsible council; never the actor, never a role that sees no child."""
    org_ids: set[int] = set(
        CareRelationship.objects.filter(child=child)
        .filter(relationships_giving_access(clock.today()))
        .values_list("organisation_id", flat=True)
    )
    wanted = Q(organisation_id__in=org_ids)
    if child.gp_practice_id:
        wanted |= Q(organisation_id=child.gp_practice_id, role=Role.GP)
    if child.responsible_la_id:
        wanted |= Q(organisation_id=child.responsible_la_id, role=Role.SOCIAL_WORKER)
    memberships = (
        Membership.objects.select_related("user", "organisation")
        .filter(wanted, active=True, user__is_active=True, organisation__active=True)
        .exclude(user_id=actor.user_id)
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
    seen: set[int] = set()
    people: list[InviteeCandidate] = []
    for m in memberships:
        if m.user_id in seen or not policy_for(m.role).sees_child_data:
            continue
        seen.add(m.user_id)
        people.append(
            InviteeCandidate(
                user_id=m.user_id,
                name=m.user.get_full_name() or m.user.username,
                role=m.role,
                role_label=Role(m.role).label,
                organisation=m.organisation,
                email=m.user.email,
            )
        )
    # The GP first: the report found GPs were the ones left out.
    people.sort(key=lambda p: not p.is_gp)
    return people


def may_manage(actor: Actor, conference: Conference) -> bool:
    """Whether the actor organises this conference: a scheduler at the organiser's
    organisation (or one above it) who may still see the child."""
    return (
        policy_for(actor.role).schedules_conferences
        and conference.organiser_org_id in actor.scope_org_ids
        and children_visible_to(actor).filter(pk=conference.child_id).exists()
    )


def _visible_conferences(actor: Actor) -> QuerySet[Conference]:
    return Conference.objects.filter(child__in=children_visible_to(actor))


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    gp_contributed: bool


@transaction.atomic
def conferences_organised_by(*, actor: Actor) -> list[ConferenceRow]:
    """The conferences the actor's team organises, for children they may see, soonest first
    (past ones after). Audited: the list names children."""
    if not policy_for(actor.role).schedules_conferences:
        return []
    conferences = list(
        _visible_conferences(actor)
        .filter(organiser_org_id__in=actor.scope_org_ids)
        .select_related("child")
        .prefetch_related("invitations__reports")
        .order_by("-starts_at")[:200]
    )
    now = clock.now()
    conferences.sort(key=lambda c: (c.starts_at < now, abs((c.starts_at - now).total_seconds())))
    for c in conferences:
        audit_view(
            actor=actor,
            object_type="Conference",
            object_id=c.pk,
            child_id=c.child_id,
            detail={"purpose": "list"},
        )
    return [ConferenceRow(c, _gp_contributed(c)) for c in conferences]


def _gp_contributed(conference: Conference) -> bool:
    """R-REF-5: a GP attended or sent a report before the start (prefetched invitations)."""
    for invitation in conference.invitations.all():
        if not invitation.is_gp:
            continue
        attended = invitation.attendance in (Attendance.IN_PERSON, Attendance.REMOTE)
        reported = any(r.submitted_at < conference.starts_at for r in invitation.reports.all())
        if rules.gp_contributed(attended=attended, report_before_start=reported):
            return True
    return False


@dataclass(frozen=True)
class InvitationView:
    invitation: ConferenceInvitation
    report: GpReport | None
    short_notice: bool


@dataclass(frozen=True)
class ConferenceView:
    conference: Conference
    child: Child
    invitations: list[InvitationView]
    may_manage: bool
    gp_contributed: bool
    #: The actor's own invitation to it, if any.
    own_invitation: ConferenceInvitation | None


@transaction.atomic
def conference_get(*, actor: Actor, conference_id: int) -> ConferenceView | None:
    """A conference for its organisers and the people invited to it who may see the child;
    None for anyone else (the same answer as no such conference). Audited."""
    conference = (
        _visible_conferences(actor)
        .select_related("child", "organiser_org")
        .prefetch_related("invitations__reports", "invitations__invitee_org")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        return None
    invitations = list(conference.invitations.all())
    own = next((i for i in invitations if i.invitee_user_id == actor.user_id), None)
    manages = may_manage(actor, conference)
    if not manages and own is None:
        return None
    audit_view(
        actor=actor, object_type="Conference", object_id=conference.pk, child_id=conference.child_id
    )
    wanted = protocol_value("conference.gp_notice_days", area=conference.organiser_org)
    views = [
        InvitationView(
            invitation=i,
            report=next((r for r in i.reports.all() if r.superseded_by_id is None), None),
            short_notice=i.is_gp and rules.short_notice(days=i.notice_days, wanted_days=wanted),
        )
        for i in sorted(invitations, key=lambda i: (not i.is_gp, i.invitee_name))
    ]
    return ConferenceView(
        conference=conference,
        child=conference.child,
        invitations=views,
        may_manage=manages,
        gp_contributed=_gp_contributed(conference),
        own_invitation=own,
    )


@dataclass(frozen=True)
class InvitationRow:
    invitation: ConferenceInvitation
    child: Child
    report: GpReport | None
    started: bool


@transaction.atomic
def invitations_for(*, actor: Actor) -> list[InvitationRow]:
    """The actor's own invitations, for children they may still see, soonest first. Audited."""
    invitations = list(
        ConferenceInvitation.objects.filter(
            invitee_user_id=actor.user_id, child__in=children_visible_to(actor)
        )
        .exclude(conference__status=ConferenceStatus.CANCELLED)
        .select_related("conference", "child")
        .prefetch_related("reports")
        .order_by("-conference__starts_at")[:200]
    )
    now = clock.now()
    for i in invitations:
        audit_view(
            actor=actor,
            object_type="ConferenceInvitation",
            object_id=i.pk,
            child_id=i.child_id,
            detail={"purpose": "list"},
        )
    rows = [
        InvitationRow(
            invitation=i,
            child=i.child,
            report=next((r for r in i.reports.all() if r.superseded_by_id is None), None),
            started=i.conference.starts_at <= now,
        )
        for i in invitations
    ]
    rows.sort(
        key=lambda r: (r.started, abs((r.invitation.conference.starts_at - now).total_seconds()))
    )
    return rows


@transaction.atomic
def invitation_get(*, actor: Actor, invitation_id: int) -> InvitationRow | None:
    """One of the actor's own invitations (None for anyone else's). Audited."""
    invitation = (
        ConferenceInvitation.objects.filter(
            pk=invitation_id,
            invitee_user_id=actor.user_id,
            child__in=children_visible_to(actor),
        )
        .select_related("conference", "child", "conference__organiser_org")
        .prefetch_related("reports")
        .first()
    )
    if invitation is None:
        return None
    audit_view(
        actor=actor,
        object_type="ConferenceInvitation",
        object_id=invitation.pk,
        child_id=invitation.child_id,
    )
    return InvitationRow(
        invitation=invitation,
        child=invitation.child,
        report=next((r for r in invitation.reports.all() if r.superseded_by_id is None), None),
        started=invitation.conference.starts_at <= clock.now(),
    )


@dataclass(frozen=True)
class ContributionRow:
    """R-REF-5, for leaders: conferences held in a month for children of one practice, and how
    many had a contribution from a GP (attended or sent a report before it)."""

    practice: str
    month: dt.date
    conferences: int
    contributed: int

    @property
    def percent(self) -> int | None:
        return rules.share_percent(self.contributed, self.conferences)


def _figures_filter(actor: Actor) -> Q:
    """Conferences a leader's figures cover: organised in their scope, or for children of a
    practice in their scope or in their area (a designated professional's practices)."""
    scope = actor.scope_org_ids
    return (
        Q(organiser_org_id__in=scope)
        | Q(child__gp_practice_id__in=scope)
        | Q(child__gp_practice__area_id__in=scope)
    )


def gp_contribution_figures(*, actor: Actor, months: int = 12) -> list[ContributionRow]:
    """Share of conferences with a GP contribution, by practice and month, for the last
    ``months`` months (R-REF-5). Figures only: no child is named, so nothing is audited."""
    if not policy_for(actor.role).sees_safeguarding_figures:
        return []
    today = clock.today()
    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    conferences = (
        Conference.objects.filter(_figures_filter(actor))  # scope-exempt: figures, no child shown
        .exclude(status=ConferenceStatus.CANCELLED)
        .filter(starts_at__date__gte=start, starts_at__lte=clock.now())
        .select_related("child__gp_practice")
        .prefetch_related("invitations__reports")
    )
    counts: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    for c in conferences:
        practice = c.child.gp_practice.name if c.child.gp_practice else "No practice recorded"
        month = timezone.localdate(c.starts_at).replace(day=1)
        cell = counts[(practice, month)]
        cell[0] += 1
        cell[1] += int(_gp_contributed(c))
    return [
        ContributionRow(practice=p, month=m, conferences=n, contributed=k)
        for (p, m), (n, k) in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
