"""The one place that decides who reads what is most sensitive in a record they may see
(R-OUT-3, DESIGN rule 2): the detail of a child's SDQs, their mental-health screening (each
answer, the scores, the specialist reviews a high score led to).

Seeing a child (``scope.children_visible_to``) is not enough. The detail is read only by a role
with a need for it (``RolePolicy.reads_sdq_detail``: the looked-after children's health team,
GPs, clinicians with the child on their caseload such as CAMHS or school nursing, the council's
social workers) and only through a relationship of care with the child: the child on their
organisation's caseload (or ended within the grace period), registered with their practice, or
in their council's care. Emergency access and an unscheduled-care trace let someone see the
child, never the SDQs' detail. Everyone else sees at most that an SDQ exists. The selectors
that read SDQs (``screening.selectors``) ask here, and audit what they show.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to, relationships_giving_access
from seenheard.children.models import CareRelationship, Child
from seenheard.core import clock


def _sdq_detail_relationship(actor: Actor) -> Q:
    policy = policy_for(actor.role)
    if not (policy.sees_child_data and policy.reads_sdq_detail):
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
    return condition


def children_with_sdq_detail_for(actor: Actor) -> QuerySet[Child]:
    """R-OUT-3: the children whose SDQ detail the actor may read (all of them among the
    children the actor may see)."""
    return children_visible_to(actor).filter(_sdq_detail_relationship(actor))


def sdq_detail_readable(actor: Actor, child_id: int) -> bool:
    """Whether the actor may read this child's SDQ detail."""
    return children_with_sdq_detail_for(actor).filter(pk=child_id).exists()


def sdq_detail_readable_of(actor: Actor, child_ids: list[int]) -> set[int]:
    """Which of these children's SDQ detail the actor may read (a few queries for many)."""
    readable: set[int] = set()
    for first in range(0, len(child_ids), 10_000):
        chunk = child_ids[first : first + 10_000]
        readable.update(
            children_with_sdq_detail_for(actor).filter(pk__in=chunk).values_list("pk", flat=True)
        )
    return readable
