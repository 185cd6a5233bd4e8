"""Reading organisations (reference data, remembered briefly per process: ADR 014), whose staff
accounts an administrator looks after, and their API tokens (ADR 012)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import (
    ApiToken,
    ApiTokenStatus,
    Membership,
    Organisation,
    OrgKind,
    User,
)
from seenheard.core import clock
from seenheard.core.memo import TtlCache

_FIELDS = tuple(f.attname for f in Organisation._meta.concrete_fields)
_rows: TtlCache[tuple[object, ...]] = TtlCache("organisation_rows")


def organisations_by_id(ids: Iterable[int]) -> dict[int, Organisation]:
    """The organisations with these ids, each with its parent (and the parent's parent ...)
    attached, so that showing "setting, trust" asks the database nothing more.

    Each call gets its own instances, built from rows remembered for 30 seconds; only rows
    missing from memory are read, in one query a level."""
    wanted = set(ids)
    rows: dict[int, tuple[object, ...]] = {}
    while wanted:
        missing = []
        for pk in wanted:
            row = _rows.get(pk)
            if row is None:
                missing.append(pk)
            else:
                rows[pk] = row
        if missing:
            for row in Organisation.objects.filter(pk__in=missing).values_list(*_FIELDS):
                _rows.set(row[0], row)
                rows[row[0]] = row
        parent_at = _FIELDS.index("parent_id")
        wanted = {
            r[parent_at]  # type: ignore[misc]
            for r in rows.values()
            if r[parent_at] is not None and r[parent_at] not in rows
        }
    built = {
        pk: Organisation.from_db("default", list(_FIELDS), list(row)) for pk, row in rows.items()
    }
    for org in built.values():
        if org.parent_id is not None and org.parent_id in built:
            org.parent = built[org.parent_id]
    return built


# --- API tokens (ADR 012) -------------------------------------------------------------------

API_TOKEN_EXPIRES_SOON = dt.timedelta(days=14)
"""An active token this close to its expiry is shown as "Expires soon", so whoever looks after
the connected system can ask for a new one before it stops."""


def api_token_status(
    *, expires_at: dt.datetime, revoked_at: dt.datetime | None, now: dt.datetime
) -> ApiTokenStatus:
    """Revoked outranks expired: revoking is something a person chose to do. A token is accepted
    while the time is before ``expires_at`` (``services.api_token_membership``), so it is
    expired from that moment on."""
    if revoked_at is not None:
        return ApiTokenStatus.REVOKED
    if expires_at <= now:
        return ApiTokenStatus.EXPIRED
    return ApiTokenStatus.ACTIVE


def api_token_expires_soon(
    *, status: ApiTokenStatus, expires_at: dt.datetime, now: dt.datetime
) -> bool:
    return status == ApiTokenStatus.ACTIVE and expires_at - now <= API_TOKEN_EXPIRES_SOON


@dataclass(frozen=True)
class ApiTokenRow:
    """What may be shown about a token: never the token, nor its digest."""

    id: int
    user_id: int
    username: str
    owner_name: str
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    status: ApiTokenStatus
    expires_soon: bool


# --- Who administers whom (R-FLAG-10) -------------------------------------------------------


def administers_everyone(*, actor: Actor) -> bool:
    """A system administrator at the system supplier runs the whole service, so administers
    every organisation and everyone in it (the command line acts as one:
    ``management.cli.cli_actor``)."""
    return policy_for(actor.role).manages_accounts and actor.organisation.kind == OrgKind.SUPPLIER


def _administered_org_ids(actor: Actor) -> frozenset[int] | None:
    """The one rule for whose accounts and API tokens ``actor`` looks after (R-FLAG-10: what a
    person may do follows their role and organisation): the ids of the organisations they
    administer, or None for every organisation.

    None of them, unless the actor's role manages accounts. Every one for a system
    administrator at the system supplier (``administers_everyone``). For a system administrator
    anywhere else, their organisation and every organisation inside it (a trust's settings, a
    council's teams)."""
    if not policy_for(actor.role).manages_accounts:
        return frozenset()
    if administers_everyone(actor=actor):
        return None
    return actor.scope_org_ids


def organisations_administered_by(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations at which ``actor`` may list and add staff accounts."""
    ids = _administered_org_ids(actor)
    if ids is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=ids) if ids else Organisation.objects.none()


def memberships_administered_by(*, actor: Actor) -> QuerySet[Membership]:
    """The roles, active or not, held at organisations ``actor`` administers: what the staff
    accounts page lists."""
    ids = _administered_org_ids(actor)
    if ids is None:
        return Membership.objects.all()
    return Membership.objects.filter(organisation_id__in=ids) if ids else Membership.objects.none()


def staff_administered_by(*, actor: Actor) -> QuerySet[User]:
    """The staff whose API tokens ``actor`` may see, issue and revoke: everyone for the system
    supplier's administrator, otherwise those whose token would act at an organisation
    ``actor`` administers. A token acts in its owner's first active role at an active
    organisation (``services.api_token_membership``), so that role decides: an administrator
    does not reach the token of someone who has left for another organisation, nor of someone
    whose token acts in a role elsewhere."""
    ids = _administered_org_ids(actor)
    if ids is None:
        return User.objects.all()
    if not ids:
        return User.objects.none()
    acting_at = Subquery(
        Membership.objects.filter(user_id=OuterRef("pk"), active=True, organisation__active=True)
        .order_by("id")
        .values("organisation_id")[:1]
    )
    return User.objects.annotate(acting_at=acting_at).filter(acting_at__in=ids)


def api_tokens_administered_by(*, actor: Actor) -> QuerySet[ApiToken]:
    """The API tokens ``actor`` may see and revoke: those of ``staff_administered_by``."""
    if administers_everyone(actor=actor):
        return ApiToken.objects.all()  # without a needless "user in every user"
    return ApiToken.objects.filter(user__in=staff_administered_by(actor=actor))


_ROW_FIELDS = (
    "id",
    "user_id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "label",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
)


def _token_row(values: dict[str, Any], now: dt.datetime) -> ApiTokenRow:
    status = api_token_status(
        expires_at=values["expires_at"], revoked_at=values["revoked_at"], now=now
    )
    name = f"{values['user__first_name']} {values['user__last_name']}".strip()
    return ApiTokenRow(
        id=values["id"],
        user_id=values["user_id"],
        username=values["user__username"],
        owner_name=name or values["user__username"],
        label=values["label"],
        created_at=values["created_at"],
        expires_at=values["expires_at"],
        last_used_at=values["last_used_at"],
        revoked_at=values["revoked_at"],
        status=status,
        expires_soon=api_token_expires_soon(
            status=status, expires_at=values["expires_at"], now=now
        ),
    )


def api_token_list(
    *,
    actor: Actor,
    username: str | None = None,
    org_code: str | None = None,
    limit: int | None = None,
) -> list[ApiTokenRow]:
    """The tokens ``actor`` administers, by owner's username then oldest first, each with its
    status; only one user's (``username``), or only those of staff with a role at one
    organisation the actor administers (``org_code``; none for any other code), when asked."""
    tokens = api_tokens_administered_by(actor=actor)
    if username is not None:
        tokens = tokens.filter(user__username=username)
    if org_code:
        # Another organisation's code finds nothing, as an unknown one does (DESIGN rule 2),
        # even for staff the actor administers through a role elsewhere.
        held_there = memberships_administered_by(actor=actor).filter(
            organisation__code=org_code.strip().upper()
        )
        tokens = tokens.filter(user__in=held_there.values("user_id"))
    ordered = tokens.order_by("user__username", "created_at", "id").values(*_ROW_FIELDS)
    now = clock.now()
    return [_token_row(v, now) for v in (ordered[:limit] if limit is not None else ordered)]


def api_token_get(*, actor: Actor, token_id: int) -> ApiTokenRow | None:
    """One token ``actor`` administers, or None: an unknown token and one that is not theirs to
    see are the same answer (DESIGN rule 2)."""
    values = api_tokens_administered_by(actor=actor).filter(pk=token_id).values(*_ROW_FIELDS)
    found = values.first()
    return None if found is None else _token_row(found, clock.now())


# --- People an administrator looks after (issue 7; ADR 022) ---------------------------------


def people_administered_by(*, actor: Actor) -> QuerySet[User]:
    """The staff whose accounts ``actor`` may disable, enable, unlock and reset: everyone for
    the system supplier's administrator (and the command line); otherwise those who hold at
    least one role and every one of their roles, active or not, at organisations ``actor``
    administers. An account is one person's across all their roles, so an administrator does
    not reach someone who also works somewhere they do not look after (R-FLAG-10); the system
    supplier's administrator does."""
    ids = _administered_org_ids(actor)
    if ids is None:
        return User.objects.all()
    if not ids:
        return User.objects.none()
    inside = Membership.objects.filter(organisation_id__in=ids).values("user_id")
    outside = Membership.objects.exclude(organisation_id__in=ids).values("user_id")
    return User.objects.filter(pk__in=inside).exclude(pk__in=outside)


def person_administered_by(*, actor: Actor, user_id: int) -> User | None:
    """One person ``actor`` looks after, or None: unknown and not theirs are the same answer
    (DESIGN rule 2)."""
    return people_administered_by(actor=actor).filter(pk=user_id).first()


def staff_search(
    *, actor: Actor, query: str = "", org: Organisation | None = None
) -> QuerySet[Membership]:
    """The roles the staff accounts page lists, by organisation then name: held at
    organisations ``actor`` administers, at ``org`` only when given, and, when ``query`` is
    given, of people whose first name, last name or username contains every word of it
    ("alex reid", "reid", "ae.nurse")."""
    memberships = memberships_administered_by(actor=actor).select_related("user", "organisation")
    if org is not None:
        memberships = memberships.filter(organisation=org)
    for word in query.split():
        memberships = memberships.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    return memberships.order_by(
        "organisation__name", "user__last_name", "user__first_name", "user__username", "id"
    )


def locked_out(username: str) -> bool:
    """Whether sign-in is locked for this username after too many failed attempts (ADR 005):
    as many failures as the limit within the cool-off time, as django-axes counts them."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Sum

    since = clock.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def two_factor_set_up(user_id: int) -> bool:
    """Whether the person has a confirmed authenticator app for two-factor sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return bool(TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists())
