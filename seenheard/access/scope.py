"""The one module that decides which children an actor may see (R-FLAG-10, DESIGN rule 2).

Every selector that reads child data starts from ``children_visible_to(actor)``. The answer for
"not allowed" is the same as for "not found": the caller gets an empty result, never a reason.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant, Trace
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.children.models import Adult, CareRelationship, Child
from seenheard.core import clock
from seenheard.flags.models import ProtectionFlag

#: R-FLAG-10: a care relationship stays legitimate for this many days after it ends, so the team
#: that discharged a child can still finish the paperwork and answer follow-up questions.
RELATIONSHIP_GRACE_DAYS = 90


def relationship_cutoff(today: dt.date) -> dt.date:
    """R-FLAG-10: the earliest end date of a relationship that still gives access today (ended
    on or after this day, or not ended). The one place the grace period is applied: the scope's
    filter below (through ``relationships_giving_access``)."""
    return today - dt.timedelta(days=RELATIONSHIP_GRACE_DAYS)


def relationships_giving_access(today: dt.date) -> Q:
    """R-FLAG-10: the care relationships that give their organisation access today: not ended,
    or ended within the grace period. The scope below, the child's page (which lists them) and
    a conference's invitees (the teams involved) all ask this."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=relationship_cutoff(today))


def legitimate_relationship(actor: Actor) -> Q:
    """The children with whom the actor's organisation has a legitimate relationship."""
    policy = policy_for(actor.role)
    if not policy.sees_child_data:
        return Q(pk__in=[])
    scope = actor.scope_org_ids
    related = CareRelationship.objects.filter(
        child=OuterRef("pk"), organisation_id__in=scope
    ).filter(relationships_giving_access(clock.today()))
    condition = Q(Exists(related))
    if policy.sees_registered_patients:
        condition |= Q(gp_practice_id__in=scope)
    if policy.sees_la_children:
        condition |= Q(responsible_la_id__in=scope)
    if policy.may_trace_any_child:
        # ADR 019: the child this user traced exactly, a few minutes ago, in this role here.
        condition |= Q(Exists(live_traces(actor).filter(child_id=OuterRef("pk"))))
    grants = BreakGlassGrant.objects.filter(
        user_id=actor.user_id, child_id=OuterRef("pk"), expires_at__gt=clock.now()
    )
    return condition | Q(Exists(grants))


def live_traces(actor: Actor) -> QuerySet[Trace]:
    """The actor's exact traces that still give access (ADR 019): made by this user, in this
    role at this organisation, and not yet expired. Only roles that may trace any child have
    them; for everyone else a trace finds only children they already see."""
    return Trace.objects.filter(
        user_id=actor.user_id,
        organisation_id=actor.organisation.pk,
        role=str(actor.role),
        expires_at__gt=clock.now(),
    )


def children_visible_to(actor: Actor) -> QuerySet[Child]:
    return Child.objects.filter(legitimate_relationship(actor))


def children_traceable_by(actor: Actor) -> QuerySet[Child]:
    """Children the actor may find by an exact trace (NHS number, or name and date of birth).

    Unscheduled-care staff may trace any child, because a child arriving in A&E has no
    relationship with it yet (R-FLAG-3); everyone else traces within their relationships.
    """
    policy = policy_for(actor.role)
    if not policy.sees_child_data:
        return Child.objects.none()
    if policy.may_trace_any_child:
        return Child.objects.all()
    return children_visible_to(actor)


def adults_traceable_by(actor: Actor) -> QuerySet[Adult]:
    """Adults the actor may find by an exact NHS number: a pregnant woman arriving at maternity
    or A&E, whose unborn child's plan (UCPP) is held against her NHS number (R-FLAG-1, R-FLAG-3).

    Only staff who may trace any child (unscheduled care, maternity among them) trace adults,
    and only by NHS number: that is the key the council's plan is held under.
    """
    policy = policy_for(actor.role)
    if not (policy.sees_child_data and policy.may_trace_any_child):
        return Adult.objects.none()
    return Adult.objects.filter(nhs_number__isnull=False)


def adults_visible_to(actor: Actor) -> QuerySet[Adult]:
    """Adults the actor may reach by id (a form's hidden field, an address): only a pregnant
    woman this user traced by her NHS number a few minutes ago (ADR 019). Finding her by NHS
    number is ``adults_traceable_by``; an id alone reaches nobody."""
    policy = policy_for(actor.role)
    if not (policy.sees_child_data and policy.may_trace_any_child):
        return Adult.objects.none()
    traced = live_traces(actor).filter(adult_id=OuterRef("pk"))
    return Adult.objects.filter(nhs_number__isnull=False).filter(Exists(traced))


def council_of(actor: Actor) -> Organisation | None:
    """The local authority whose inbox the actor reads (R-FLAG-5): their own, or the council
    above the team they belong to. None for roles that do not read it, and for anyone at
    neither."""
    if not policy_for(actor.role).reads_council_inbox:
        return None
    org = actor.organisation
    if org.kind == OrgKind.LOCAL_AUTHORITY:
        return org
    if org.parent_id is not None:
        return Organisation.objects.filter(pk=org.parent_id, kind=OrgKind.LOCAL_AUTHORITY).first()
    return None


def council_holds_flag_for(*, la: Organisation, person: Child | Adult) -> bool:
    """A council may see who looked at the flags it holds (R-FLAG-4), whether or not the child
    (or, for an unborn child's plan, the mother) is otherwise its responsibility: the flag
    itself is the legitimate relationship."""
    held_by = Q(mother_id=person.pk) if isinstance(person, Adult) else Q(child_id=person.pk)
    if person.nhs_number:
        held_by |= Q(nhs_number=person.nhs_number)
    return ProtectionFlag.objects.filter(la=la, entered_in_error=False).filter(held_by).exists()


def holds_meetings(actor: Actor) -> bool:
    """Who runs an organisation's weekly safeguarding meeting (R-WNB-2, asked of the role's
    policy, ADR 026): its safeguarding leads; at a GP practice, its GPs (the practice's own
    meeting)."""
    policy = policy_for(actor.role)
    if policy.manages_organisation_risk_flags:
        return True
    return policy.sees_registered_patients and actor.organisation.kind == OrgKind.GP_PRACTICE


def manages_flags_of(actor: Actor, la: Organisation) -> bool:
    """Whether the actor keeps this council's flag index (uploads, single records, ends,
    gaps): its own flag administrators, or an operator at the server naming the council on
    the command line (R-FLAG-2)."""
    if actor.channel == "cli" and actor.username == "system":
        return True
    return policy_for(actor.role).manages_flags and la.pk in actor.scope_org_ids
