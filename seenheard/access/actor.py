"""Who is acting: a member of staff in one role at one organisation, through one channel."""

from __future__ import annotations

from dataclasses import dataclass, field

from seenheard.accounts.models import Membership, Organisation, Role, User


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    name: str
    role: Role
    organisation: Organisation
    channel: str = "web"  # web, api, cli or job
    #: The organisation and everything inside it. None until first asked for: many requests
    #: (a registration at unscheduled care, which may trace any child) never need it, so the
    #: query that finds it is not made for them.
    scope: frozenset[int] | None = field(default=None, compare=False)

    @property
    def org_code(self) -> str:
        return self.organisation.code

    @property
    def scope_org_ids(self) -> frozenset[int]:
        if self.scope is None:
            object.__setattr__(self, "scope", _scope_of(self.organisation))
        assert self.scope is not None
        return self.scope


class NoActiveRole(Exception):
    """The user has no active membership, so they may not act at all."""


def _scope_of(org: Organisation) -> frozenset[int]:
    """The organisation and everything inside it (a trust's settings, a council's teams)."""
    ids = {org.pk}
    frontier = [org.pk]
    while frontier:
        below = list(
            Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in below if pk not in ids]
        ids.update(frontier)
    return frozenset(ids)


def actor_of(membership: Membership, *, channel: str) -> Actor:
    """The actor for a membership already read with its user and organisation."""
    user = membership.user
    return Actor(
        user_id=user.pk,
        username=user.username,
        name=user.get_full_name() or user.username,
        role=Role(membership.role),
        organisation=membership.organisation,
        channel=channel,
    )


def actor_for(user: User, *, channel: str = "web", membership_id: int | None = None) -> Actor:
    memberships = Membership.objects.select_related("organisation").filter(
        user=user, active=True, organisation__active=True
    )
    if membership_id is not None:
        memberships = memberships.filter(pk=membership_id)
    membership = memberships.order_by("pk").first()
    if membership is None or not user.is_active:
        raise NoActiveRole(f"{user.username} has no active role at any organisation.")
    membership.user = user
    return actor_of(membership, channel=channel)


def system_actor(organisation: Organisation, *, channel: str = "job") -> Actor:
    """The system itself, for scheduled rules and imports run by an operator."""
    return Actor(
        user_id=0,
        username="system",
        name="Seen and Heard",
        role=Role.SYSADMIN,
        organisation=organisation,
        channel=channel,
        scope=frozenset({organisation.pk}),
    )


def is_system(actor: Actor) -> bool:
    """The service itself (``system_actor``): a rule's task, the escalation run, an import."""
    return actor.user_id == 0 and actor.username == "system"
