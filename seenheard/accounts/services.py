"""Creating organisations, staff accounts and API tokens; revoking API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum
from typing import NamedTuple

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import role_may_be_held_at
from seenheard.accounts.errors import (
    AccountError,
    NothingToChange,
    OwnAccount,
    PersonNotFound,
)
from seenheard.accounts.management.cli import cli_actor
from seenheard.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrgKind,
    Role,
    SettingType,
    User,
)
from seenheard.accounts.selectors import (
    administers_everyone,
    api_tokens_administered_by,
    locked_out,
    organisations_administered_by,
    organisations_by_id,
    people_administered_by,
    staff_administered_by,
)
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.memo import caches_clear
from seenheard.core.rawsql import fetch_one_raw


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
    area_code: str | None = None,
) -> Organisation:
    """Add an organisation. ``area_code`` names the commissioner (an integrated care board)
    whose designated professionals review its emergency access when it has no safeguarding
    lead (R-FLAG-10, ADR 020)."""
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
    area = _area_get(area_code) if area_code else None
    if Organisation.objects.filter(code=code).exists():
        raise AccountError("code", f"An organisation with the code {code} already exists.")
    transaction.on_commit(caches_clear)  # the organisation tree changed (core.memo)
    return Organisation.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        setting_type=setting_type,
        parent=parent,
        area=area,
        phone_office_hours=phone_office_hours,
        phone_out_of_hours=phone_out_of_hours,
        email=email,
    )


def _area_get(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code.strip().upper()).first()
    if org is None:
        raise AccountError("area", f"No organisation has the code {code!r}.")
    if org.kind != OrgKind.COMMISSIONER:
        raise AccountError(
            "area",
            f"{org.name} ({org.code}) is not a commissioner: an area is an integrated care "
            "board or another commissioner.",
        )
    return org


def _organisation_administered(actor: Actor, code: str) -> Organisation:
    """The organisation with this code, if ``actor`` administers it. One they do not is
    answered as an unknown code is (DESIGN rule 2), with where they may add staff instead."""
    org = organisations_administered_by(actor=actor).filter(code=code.strip().upper()).first()
    if org is not None:
        return org
    if administers_everyone(actor=actor):
        raise AccountError("org", f"No organisation has the code {code!r}.")
    raise AccountError(
        "org",
        f"No organisation you administer has the code {code!r}. You can add staff at "
        f"{actor.organisation.name} ({actor.organisation.code}) and the organisations inside it.",
    )


USER = "User"
"""The audit trail's object type for a staff account."""


_NAME_MAX = 150  # the user model's first_name and last_name
_EMAIL_MAX = 254


def _user_add_problems(
    *,
    actor: Actor,
    username: str,
    org_code: str,
    role: str,
    given_name: str,
    family_name: str,
    email: str,
) -> tuple[list[tuple[str, str]], Organisation | None]:
    """Every reason the new account cannot be made, all at once (issue 7: an empty form names
    every missing field, not only the first ones checked), and the organisation when it is
    known. Role and organisation are named as people say them, never by their codes."""
    problems = [
        *_username_problems(username),
        *_name_problems(given_name=given_name, family_name=family_name),
        *_email_problems(email),
    ]
    org: Organisation | None = None
    if not org_code:
        problems.append(("org", "Enter the organisation code."))
    else:
        try:
            org = _organisation_administered(actor, org_code)
        except AccountError as exc:
            problems.append(("org", exc.message))
    problems.extend(_role_problems(role, org))
    return problems, org


def _username_problems(username: str) -> list[tuple[str, str]]:
    if not username:
        return [("username", "Enter a username.")]
    if len(username) > 150:
        return [("username", "A username must be 150 characters or fewer.")]
    if User.objects.filter(username=username).exists():
        return [("username", f"The username {username} is already taken.")]
    return []


def _name_problems(*, given_name: str, family_name: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for field, label, value in (
        ("given_name", "first name", given_name),
        ("family_name", "last name", family_name),
    ):
        if not value:
            problems.append((field, f"Enter the person's {label}."))
        elif len(value) > _NAME_MAX:
            problems.append((field, f"A {label} must be {_NAME_MAX} characters or fewer."))
    return problems


def _email_problems(email: str) -> list[tuple[str, str]]:
    """None for no address (it is optional)."""
    if not email:
        return []
    try:
        validate_email(email)
    except ValidationError:
        return [("email", "Enter an email address like name@example.nhs.uk.")]
    if len(email) > _EMAIL_MAX:
        return [("email", f"An email address must be {_EMAIL_MAX} characters or fewer.")]
    return []


def _role_problems(role: str, org: Organisation | None) -> list[tuple[str, str]]:
    """The role chosen, and whether it may be held at the organisation when that is known."""
    if not role:
        return [("role", "Choose the person's role.")]
    if role not in Role.values:
        return [("role", "Choose a role from the list.")]
    if org is None or role_may_be_held_at(role, kind=org.kind, setting_type=org.setting_type):
        return []
    where = org.get_setting_type_display() if org.setting_type else org.get_kind_display()
    return [
        (
            "role",
            f"The role {Role(role).label} cannot be held at {org.name} ({where}). "
            "Choose another role or organisation.",
        )
    ]


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
    by: Actor | None = None,
) -> tuple[User, str]:
    """Create a member of staff with one role. Returns the user and the password (generated
    when none is given).

    ``by`` is the administrator adding them, or None for the command line (which, like the
    system supplier's administrator, may add staff anywhere). Anyone else may add staff only at
    an organisation they administer (``selectors.organisations_administered_by``); any other
    code is refused as an unknown one is, changing nothing. First and last names are required.
    Every problem is reported at once (AccountError.problems). Adding is audited: who added
    whom, where, in which role; never the password."""
    actor = by if by is not None else cli_actor()
    username, given_name, family_name = username.strip(), given_name.strip(), family_name.strip()
    email = email.strip()
    problems, org = _user_add_problems(
        actor=actor,
        username=username,
        org_code=org_code.strip(),
        role=role,
        given_name=given_name,
        family_name=family_name,
        email=email,
    )
    generated = password is None
    password = password or secrets.token_urlsafe(15)
    user = User(username=username, first_name=given_name, last_name=family_name, email=email)
    if check_password and not generated:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            problems.append(("password", " ".join(exc.messages)))
    if problems:
        raise AccountError.of(problems)
    assert org is not None  # no problems, so the organisation was found
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=org, role=role)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=USER,
        object_id=user.pk,
        detail={"username": user.username, "org_code": org.code, "role": role},
    )
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


API_TOKEN = "ApiToken"  # noqa: S105 - an audit object type, not a secret
"""The audit trail's object type for a token: the event keeps its id, never the token."""

API_TOKEN_REASON_MAX = 1000
API_TOKEN_LABEL_MAX = 100  # the model's label


@transaction.atomic
def api_token_issue(
    *,
    username: str,
    label: str = "",
    days: int = API_TOKEN_DAYS,
    by: Actor | None = None,
) -> IssuedToken:
    """A new bearer token for the user, lasting ``days`` (1 to 365), and when it expires. Only
    its digest is stored. Issuing is audited: who issued it (``by``, or the command line when
    None), for whom, its label and expiry; never the token. An actor may only issue tokens to
    staff they administer (``selectors.staff_administered_by``)."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise AccountError(
            "days", f"A token must last from 1 to {API_TOKEN_MAX_DAYS} days, not {days}."
        )
    label = label.strip()
    if len(label) > API_TOKEN_LABEL_MAX:
        raise AccountError("label", f"A label must be {API_TOKEN_LABEL_MAX} characters or fewer.")
    actor = by if by is not None else cli_actor()
    user = staff_administered_by(actor=actor).filter(username=username, is_active=True).first()
    if user is None:
        raise AccountError("username", f"No active user has the username {username!r}.")
    token = "sh_" + secrets.token_urlsafe(32)
    expires_at = clock.now() + dt.timedelta(days=days)
    row = ApiToken.objects.create(
        user=user, digest=_digest(token), label=label, expires_at=expires_at
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=API_TOKEN,
        object_id=row.pk,
        detail={"username": user.username, "label": label, "expires_at": expires_at.isoformat()},
    )
    return IssuedToken(token, expires_at)


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


@transaction.atomic
def api_token_revoke(*, token_id: int, by: Actor | None, reason: str) -> ApiToken:
    """Stop a token working at once (ADR 012): from now on the API answers it 401, as it does an
    unknown or expired one. ``by`` is the administrator revoking it, or None for the command
    line; the reason is required and goes, with who revoked it, into the audit trail (R-FLAG-10;
    "bad input gets a clear, specific error and changes nothing").

    Refused with an AccountError, changing nothing, when the token is unknown or not one ``by``
    administers (the same words for both, so nobody learns which tokens exist), when it is
    already revoked, or when the reason is empty or too long. An expired token may be revoked:
    it then shows as revoked, which is what its owner's administrator meant."""
    actor = by if by is not None else cli_actor()
    token = (
        api_tokens_administered_by(actor=actor)
        .select_for_update()  # two administrators revoking at once: one wins, one is told
        .filter(pk=token_id)
        .first()
    )
    if token is None:
        raise AccountError("token_id", f"No API token has the id {token_id}.")
    if token.revoked_at is not None:
        raise AccountError(
            "token_id", f"API token {token_id} was already revoked on {_when(token.revoked_at)}."
        )
    reason = (reason or "").strip()
    if not reason:
        raise AccountError(
            "reason",
            "Give the reason for revoking the token, for example: the laptop it was on was lost.",
        )
    if len(reason) > API_TOKEN_REASON_MAX:
        raise AccountError(
            "reason", f"The reason must be {API_TOKEN_REASON_MAX:,} characters or fewer."
        )
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    username = User.objects.filter(pk=token.user_id).values_list("username", flat=True).get()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=API_TOKEN,
        object_id=token.pk,
        detail={
            "change": "revoked",
            "username": username,
            "label": token.label,
            "reason": reason,
        },
    )
    return token


def api_token_create(
    *, username: str, label: str = "", days: int = API_TOKEN_DAYS, by: Actor | None = None
) -> str:
    """A new bearer token for the user (see ``api_token_issue``), for callers that need only
    the token."""
    return api_token_issue(username=username, label=label, days=days, by=by).token


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
    row = fetch_one_raw(_TOKEN_SQL, [_digest(token), now_stored, True, True, True])
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


# --- One person's account: disable, enable, unlock, reset (issue 7; ADR 022) -----------------


class StaffChange(StrEnum):
    """What was done to an account, as the audit trail records it."""

    DISABLED = "disabled"
    ENABLED = "enabled"
    UNLOCKED = "unlocked"
    PASSWORD_RESET = "password-reset"  # noqa: S105 - an audit label, not a password
    TWO_FACTOR_RESET = "two-factor-reset"


def _person(actor: Actor, user_id: int) -> User:
    """The person, locked for the change, if ``actor`` looks after them; else PersonNotFound."""
    person = people_administered_by(actor=actor).select_for_update().filter(pk=user_id).first()
    if person is None:
        raise PersonNotFound()
    return person


def _audit_change(actor: Actor, person: User, change: StaffChange) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=USER,
        object_id=person.pk,
        detail={"username": person.username, "change": str(change)},
    )


def person_by_username(*, username: str, by: Actor | None = None) -> int:
    """The id of the person with this username whom ``by`` (the command line when None) looks
    after; PersonNotFound otherwise."""
    actor = by if by is not None else cli_actor()
    found = (
        people_administered_by(actor=actor)
        .filter(username=username.strip())
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise PersonNotFound()
    return found


@transaction.atomic
def staff_disable(*, user_id: int, by: Actor | None = None) -> User:
    """Stop the person signing in and their API tokens working, at once: their sessions end on
    their next request (an inactive user is signed out) and the API refuses their tokens. Their
    roles, tokens and history stay, so enabling them again restores them. Audited."""
    actor = by if by is not None else cli_actor()
    person = _person(actor, user_id)
    if person.pk == actor.user_id:
        raise OwnAccount("You cannot disable your own account. Ask another administrator to do it.")
    if not person.is_active:
        raise NothingToChange(f"{person} is already disabled.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    _audit_change(actor, person, StaffChange.DISABLED)
    return person


@transaction.atomic
def staff_enable(*, user_id: int, by: Actor | None = None) -> User:
    """Let a disabled person sign in again, with the roles they hold. Audited."""
    actor = by if by is not None else cli_actor()
    person = _person(actor, user_id)
    if person.is_active:
        raise NothingToChange(f"{person} can already sign in.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    _audit_change(actor, person, StaffChange.ENABLED)
    return person


@transaction.atomic
def staff_unlock(*, user_id: int, by: Actor | None = None) -> User:
    """Clear the failed sign-ins that locked the person out (ADR 005), so they can sign in at
    once instead of waiting for the lockout to end. Audited."""
    from axes.utils import reset as axes_reset

    actor = by if by is not None else cli_actor()
    person = _person(actor, user_id)
    if not locked_out(person.username):
        raise NothingToChange(f"{person} is not locked out.")
    axes_reset(username=person.username)
    _audit_change(actor, person, StaffChange.UNLOCKED)
    return person


@transaction.atomic
def staff_password_reset(*, user_id: int, by: Actor | None = None) -> tuple[User, str]:
    """Give the person a new password, made here and returned to be shown once (never stored
    or audited). Their sessions elsewhere end, because the password changed, and a lockout is
    cleared so the new password can be used at once. Audited."""
    from axes.utils import reset as axes_reset

    actor = by if by is not None else cli_actor()
    person = _person(actor, user_id)
    password = secrets.token_urlsafe(15)
    person.set_password(password)
    person.save(update_fields=["password"])
    axes_reset(username=person.username)
    _audit_change(actor, person, StaffChange.PASSWORD_RESET)
    return person, password


@transaction.atomic
def staff_two_factor_reset(*, user_id: int, by: Actor | None = None) -> User:
    """Remove the person's authenticator app (a lost or replaced phone): they set up a new one
    the next time they sign in, after their password. Audited."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    actor = by if by is not None else cli_actor()
    person = _person(actor, user_id)
    devices = TOTPDevice.objects.filter(user_id=person.pk)
    if not devices.filter(confirmed=True).exists():
        raise NothingToChange(f"{person} has not set up two-factor sign-in yet.")
    devices.delete()
    _audit_change(actor, person, StaffChange.TWO_FACTOR_RESET)
    return person
