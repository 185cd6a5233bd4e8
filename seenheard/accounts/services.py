"""Creating organisations, staff accounts and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from seenheard.access.roles import role_may_be_held_at
from seenheard.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgKind,
    Role,
    SettingType,
    User,
)
from seenheard.accounts.selectors import organisations_by_id
from seenheard.core import clock
from seenheard.core.memo import caches_clear


class AccountError(ValueError):
    """A plain-English reason an account or organisation could not be created."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def organisation_get(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code.strip().upper()).first()
    if org is None:
        raise AccountError("org", f"No organisation has the code {code!r}.")
    return org


@transaction.atomic
def organisation_add(
    *,
    code: str,
    name: str,
    kind: str,
    setting_type: str = "",
    parent_code: str | None = None,
    phone_office_hours: str = "",
    phone_out_of_hours: str = "",
    email: str = "",
) -> Organisation:
    code = code.strip().upper()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise AccountError("code", "An organisation code is 1 to 16 letters, numbers or hyphens.")
    if kind not in OrgKind.values:
        raise AccountError("kind", f"Kind must be one of: {', '.join(OrgKind.values)}.")
    if kind == OrgKind.SETTING and setting_type not in SettingType.values:
        raise AccountError(
            "setting_type", f"A care setting needs a type, one of: {', '.join(SettingType.values)}."
        )
    if kind != OrgKind.SETTING and setting_type and kind != OrgKind.GP_PRACTICE:
        raise AccountError("setting_type", "Only a care setting has a setting type.")
    if not name.strip():
        raise AccountError("name", "Enter the organisation's name.")
    parent = organisation_get(parent_code) if parent_code else None
    if Organisation.objects.filter(code=code).exists():
        raise AccountError("code", f"An organisation with the code {code} already exists.")
    transaction.on_commit(caches_clear)  # the organisation tree changed (core.memo)
    return Organisation.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        setting_type=setting_type,
        parent=parent,
        phone_office_hours=phone_office_hours,
        phone_out_of_hours=phone_out_of_hours,
        email=email,
    )


@transaction.atomic
def user_add(
    *,
    username: str,
    org_code: str,
    role: str,
    password: str | None = None,
    given_name: str = "",
    family_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> tuple[User, str]:
    """Create a member of staff with one role. Returns the user and the password (generated
    when none is given)."""
    username = username.strip()
    if not username:
        raise AccountError("username", "Enter a username.")
    if User.objects.filter(username=username).exists():
        raise AccountError("username", f"The username {username!r} is already taken.")
    if role not in Role.values:
        raise AccountError("role", f"Role must be one of: {', '.join(Role.values)}.")
    org = organisation_get(org_code)
    if not role_may_be_held_at(role, kind=org.kind, setting_type=org.setting_type):
        raise AccountError(
            "role",
            f"The role {role} cannot be held at {org.name} ({org.get_kind_display()}"
            f"{', ' + org.get_setting_type_display() if org.setting_type else ''}).",
        )
    generated = password is None
    password = password or secrets.token_urlsafe(15)
    user = User(username=username, first_name=given_name, last_name=family_name, email=email)
    if check_password and not generated:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise AccountError("password", " ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=org, role=role)
    return user, password


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


API_TOKEN_DAYS = 90
"""How long a new API token lasts unless asked otherwise (ADR 012)."""
API_TOKEN_MAX_DAYS = 365


class IssuedToken(NamedTuple):
    """A new bearer token, shown once, and when it stops working."""

    token: str
    expires_at: dt.datetime


@transaction.atomic
def api_token_issue(*, username: str, label: str = "", days: int = API_TOKEN_DAYS) -> IssuedToken:
    """A new bearer token for the user, lasting ``days`` (1 to 365), and when it expires. Only
    its digest is stored."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise AccountError(
            "days", f"A token must last from 1 to {API_TOKEN_MAX_DAYS} days, not {days}."
        )
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccountError("username", f"No active user has the username {username!r}.")
    token = "sh_" + secrets.token_urlsafe(32)
    expires_at = clock.now() + dt.timedelta(days=days)
    ApiToken.objects.create(user=user, digest=_digest(token), label=label, expires_at=expires_at)
    return IssuedToken(token, expires_at)


def api_token_create(*, username: str, label: str = "", days: int = API_TOKEN_DAYS) -> str:
    """A new bearer token for the user (see ``api_token_issue``), for callers that need only
    the token."""
    return api_token_issue(username=username, label=label, days=days).token


def api_token_membership(token: str) -> Membership | None:
    """The role a bearer token acts in: its user's first active membership at an active
    organisation (the same choice as ``access.actor.actor_for``), with the user and the
    organisation, in one query. None for an unknown, expired or revoked token, an inactive
    user, or a user with no active role."""
    if not token:
        return None
    now = clock.now()
    connection = transaction.get_connection()
    # The time as the database stores times (naive UTC text on SQLite), so it compares with
    # expires_at correctly.
    now_stored = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [_digest(token), now_stored, True, True, True])
        row = cursor.fetchone()
    if row is None:
        return None
    membership_id, role, organisation_id, user_id, username, first, last, token_id, used = row
    if isinstance(used, str):  # SQLite may hand back the text it stores
        used = dt.datetime.fromisoformat(used)
    if used is not None and used.tzinfo is None:  # SQLite stores UTC without saying so
        used = used.replace(tzinfo=dt.UTC)
    if used is None or (now - used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    user = User.from_db(
        connection.alias,
        ["id", "username", "first_name", "last_name"],
        [user_id, username, first, last],
    )
    membership = Membership.from_db(
        connection.alias,
        ["id", "user_id", "organisation_id", "role"],
        [membership_id, user_id, organisation_id, role],
    )
    membership.user = user
    membership.organisation = organisations_by_id([organisation_id])[organisation_id]
    return membership


# Every API request runs this (seenheard/fhir/auth.py), so it is one hand-written statement:
# building it through the ORM took longer than running it (docs/performance.md). Whether the
# token (unrevoked and unexpired, ADR 012), the user, the membership and the organisation are
# active is decided here, never from memory; only the organisation's details come from the
# per-process memory (ADR 014).
_TOKEN_SQL = (
    "SELECT m.id, m.role, m.organisation_id, u.id, u.username, u.first_name, u.last_name, "  # noqa: S608 - table names from the models
    "t.id, t.last_used_at "
    f"FROM {ApiToken._meta.db_table} t "
    f"JOIN {User._meta.db_table} u ON u.id = t.user_id "
    f"JOIN {Membership._meta.db_table} m ON m.user_id = u.id "
    f"JOIN {Organisation._meta.db_table} o ON o.id = m.organisation_id "
    "WHERE t.digest = %s AND t.revoked_at IS NULL AND t.expires_at > %s "
    "AND u.is_active = %s AND m.active = %s AND o.active = %s ORDER BY m.id LIMIT 1"
)


def api_token_user(token: str) -> User | None:
    """The active user an unexpired, unrevoked bearer token belongs to, or None."""
    if not token:
        return None
    now = clock.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_digest(token),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if row is None:
        return None
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
