"""Creating organisations and staff accounts and changing one person's account; the API tokens'
writes are in ``accounts.tokens`` and named here too (this module is the app's list of writes)."""

from __future__ import annotations

import secrets
from enum import StrEnum

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

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
    Membership,
    Organisation,
    OrgKind,
    Role,
    SettingType,
    User,
)
from seenheard.accounts.selectors import (
    administers_everyone,
    locked_out,
    organisations_administered_by,
    people_administered_by,
)
from seenheard.accounts.tokens import (
    API_TOKEN_DAYS,
    API_TOKEN_MAX_DAYS,
    IssuedToken,
    api_token_create,
    api_token_issue,
    api_token_membership,
    api_token_revoke,
    api_token_user,
)
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core.memo import caches_clear

__all__ = [
    "API_TOKEN_DAYS",
    "API_TOKEN_MAX_DAYS",
    "USER",
    "IssuedToken",
    "StaffChange",
    "api_token_create",
    "api_token_issue",
    "api_token_membership",
    "api_token_revoke",
    "api_token_user",
    "organisation_add",
    "organisation_get",
    "person_by_username",
    "staff_disable",
    "staff_enable",
    "staff_password_reset",
    "staff_two_factor_reset",
    "staff_unlock",
    "user_add",
]


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
