"""Who "the manager" is, for a task that is overdue (R-REF-7, ADR 028).

A task is owned by a team (an organisation and a role) or one person in it. Its manager is the
named or designated safeguarding professional (a role whose policy ``manages_overdue_tasks``)
nearest above the owner: at the owner's own organisation (a team's named nurse), else at the
organisation it is part of (the trust's named professional), and so on up, then the designated
professional of the commissioning area. Each further escalation goes one level higher; past the
last level, the last one is told again. Nobody manages their own task: a team of safeguarding
leads escalates to the level above it, and a person is never their own manager.

These are access decisions (ADR 026): the task that reaches a manager is one they may then
open, as its owners may.
"""

from __future__ import annotations

from dataclasses import dataclass

from seenheard.access.roles import policy_for
from seenheard.access.selectors import area_of, organisation_and_parents
from seenheard.accounts.models import Membership, Organisation, Role

MANAGING_ROLES = tuple(r for r in Role if policy_for(r).manages_overdue_tasks)


@dataclass(frozen=True)
class ManagerLevel:
    organisation: Organisation
    #: The managers' role (what the escalation is addressed to, with the organisation).
    role: str
    members: tuple[Membership, ...]


def task_manager_levels(
    owner_org: Organisation, *, owner_role: str, owner_user_id: int | None
) -> list[ManagerLevel]:
    """The levels an overdue task escalates through, nearest first (see the module)."""
    chain = organisation_and_parents(owner_org)
    area = area_of(owner_org)
    if area is not None and area.pk not in {o.pk for o in chain}:
        chain.append(area)
    members = list(
        Membership.objects.select_related("user", "organisation")
        .filter(
            organisation_id__in=[o.pk for o in chain],
            role__in=MANAGING_ROLES,
            active=True,
            user__is_active=True,
            organisation__active=True,
        )
        .order_by("user__last_name", "user_id")
    )
    levels: list[ManagerLevel] = []
    for org in chain:
        if org.pk == owner_org.pk and owner_role in MANAGING_ROLES:
            continue  # a team of managers is not its own manager
        here = tuple(
            m for m in members if m.organisation_id == org.pk and m.user_id != owner_user_id
        )
        if here:
            levels.append(ManagerLevel(organisation=org, role=here[0].role, members=here))
    return levels
