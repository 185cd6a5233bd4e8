"""API tokens (ADR 012): issued to one member of staff, shown once, kept as a digest; revoked
with a reason; and the bearer-token check every API request runs (one hand-written statement).
``accounts.services`` names these writes with the rest of the app's."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.accounts.errors import (
    AccountError,
)
from seenheard.accounts.management.cli import cli_actor
from seenheard.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    User,
)
from seenheard.accounts.selectors import (
    api_tokens_administered_by,
    organisations_by_id,
    staff_administered_by,
)
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.rawsql import fetch_one_raw


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
