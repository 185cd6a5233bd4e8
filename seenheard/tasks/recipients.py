"""Who a professional may give a task about a child to (R-REF-7): the teams and people of their
own organisation's tree and of the organisations in its commissioning area, and of the
organisations that know the child (a caseload or other open
care relationship, the child's GP practice, the council responsible), with the organisations
above those. A team is an organisation and a role that sees children's records; a person is one
member of such a team.

A choice travels through a form as ``team:<organisation id>:<role>`` or
``person:<membership id>``; ``recipient_parse`` turns it back into the owner fields of
``task_create`` (which checks them again).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from seenheard.access.actor import Actor
from seenheard.access.roles import roles_seeing_child_data
from seenheard.access.selectors import area_of, organisation_and_parents
from seenheard.accounts.models import Membership, Organisation, Role
from seenheard.children.models import CareRelationship, Child


@dataclass(frozen=True)
class Recipient:
    value: str
    label: str


@dataclass(frozen=True)
class Owner:
    org_id: int
    role: str | None
    user_id: int | None


def _tree(root: Organisation) -> set[int]:
    ids = {root.pk}
    frontier = [root.pk]
    while frontier:
        below = set(
            Organisation.objects.filter(parent_id__in=frontier, active=True).values_list(
                "pk", flat=True
            )
        )
        frontier = list(below - ids)
        ids |= below
    return ids


def _organisations(actor: Actor, child: Child) -> set[int]:
    own_root = organisation_and_parents(actor.organisation)[-1]
    ids = _tree(own_root)
    # The local health economy: every organisation in the actor's commissioning area.
    area = area_of(actor.organisation)
    if area is not None:
        for org in Organisation.objects.filter(area=area, active=True):
            ids |= _tree(org)
    known = set(
        CareRelationship.objects.filter(child_id=child.pk, ended_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    known |= {pk for pk in (child.gp_practice_id, child.responsible_la_id) if pk is not None}
    for org in Organisation.objects.filter(pk__in=known).select_related("parent"):
        ids |= {o.pk for o in organisation_and_parents(org)}
    return ids


def task_recipients(*, actor: Actor, child: Child) -> list[Recipient]:
    """Teams first (by organisation, then role), then people (by family name)."""
    members = list(
        Membership.objects.select_related("user", "organisation")
        .filter(
            organisation_id__in=_organisations(actor, child),
            role__in=roles_seeing_child_data(),
            active=True,
            user__is_active=True,
            organisation__active=True,
        )
        .exclude(Q(user_id=actor.user_id) & Q(organisation_id=actor.organisation.pk))
        .order_by("organisation__name", "role", "user__last_name", "user__first_name", "pk")
    )
    teams: dict[str, Recipient] = {}
    people: list[tuple[str, Recipient]] = []
    for m in members:
        role = Role(m.role)
        key = f"team:{m.organisation_id}:{role.value}"
        teams.setdefault(key, Recipient(key, f"{role.label} team, {m.organisation.name}"))
        name = m.user.get_full_name() or "A member of staff"
        people.append(
            (
                f"{m.user.last_name} {m.user.first_name}",
                Recipient(f"person:{m.pk}", f"{name}, {role.label}, {m.organisation.name}"),
            )
        )
    return list(teams.values()) + [r for _, r in sorted(people, key=lambda p: p[0])]


def recipient_parse(value: str) -> Owner | None:
    """The owner a form's choice names, or None when it is not one of the two shapes."""
    kind, _, rest = (value or "").partition(":")
    if kind == "team":
        org, _, role = rest.partition(":")
        if org.isascii() and org.isdigit() and role in Role.values:
            return Owner(org_id=int(org), role=role, user_id=None)
    elif kind == "person" and rest.isascii() and rest.isdigit():
        member = Membership.objects.filter(pk=int(rest), active=True).first()
        if member is not None:
            return Owner(org_id=member.organisation_id, role=member.role, user_id=member.user_id)
    return None
