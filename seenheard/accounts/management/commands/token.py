"""``seenheard token create|list|revoke``: bearer tokens for the FHIR API (ADR 012).

``create`` prints only the token on standard output, so a script can capture it:
``TOKEN=$(seenheard token create ...)``. When it expires goes to standard error, so the operator
sees it without it ending up in the captured token.

``list`` prints a plain table of tokens (never the tokens themselves: only what is stored about
them) and ``revoke ID --reason TEXT`` stops one working at once. Issuing and revoking are
recorded in the audit trail, as done from the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from seenheard.accounts.errors import AccountError
from seenheard.accounts.management.cli import PlainCommand, bad_input, cli_actor
from seenheard.accounts.models import User
from seenheard.accounts.selectors import ApiTokenRow, api_token_list
from seenheard.accounts.services import (
    API_TOKEN_DAYS,
    API_TOKEN_MAX_DAYS,
    api_token_issue,
    api_token_revoke,
)
from seenheard.core.ids import id_or_none

COLUMNS = ("id", "username", "label", "created", "expires", "last used", "status")


def _days(raw: str) -> int:
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= API_TOKEN_MAX_DAYS:
        raise bad_input(
            f"--days must be a whole number of days from 1 to {API_TOKEN_MAX_DAYS}, not {raw!r}."
        )
    return int(text)


def _token_id(raw: str) -> int:
    # Strict ids (core.ids, ADR 019): a 20-digit number would overflow the column.
    token_id = id_or_none(str(raw).strip())
    if token_id is None:
        raise bad_input(
            f"The token's ID is the number in the first column of `seenheard token list`, "
            f"like 12, not {raw!r}."
        )
    return token_id


def _moment(value: dt.datetime | None) -> str:
    """England's time, to the minute, in a form that sorts."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "never"


def table(rows: Sequence[ApiTokenRow]) -> list[str]:
    """The rows as aligned columns under a header; an empty label shows as "-"."""
    cells = [COLUMNS] + [
        (
            str(r.id),
            r.username,
            r.label or "-",
            _moment(r.created_at),
            _moment(r.expires_at),
            _moment(r.last_used_at),
            str(r.status),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]


class Command(PlainCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="create a bearer token for a user; prints only the token (its expiry goes to "
            "standard error)",
        )
        create.add_argument("--username", required=True)
        create.add_argument("--label", default="", help="what the token is for")
        create.add_argument(
            "--days",
            default=str(API_TOKEN_DAYS),
            help=f"how many days the token lasts, 1 to {API_TOKEN_MAX_DAYS} "
            f"(default {API_TOKEN_DAYS})",
        )
        listing = actions.add_parser(
            "list",
            help="list tokens: id, username, label, created, expires, last used and status "
            "(active, expired or revoked); never the tokens themselves",
        )
        listing.add_argument("--username", default=None, help="only this user's tokens")
        revoke = actions.add_parser(
            "revoke", help="stop a token working at once; the reason goes into the audit trail"
        )
        revoke.add_argument("token_id", metavar="ID", help="the token's id, from `token list`")
        revoke.add_argument("--reason", default="", help="why it is being revoked (required)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list(options["username"])
        elif action == "revoke":
            self._revoke(_token_id(options["token_id"]), options["reason"])
        else:
            self._create(options)

    def _create(self, options: dict[str, Any]) -> None:
        days = _days(options["days"])
        try:
            issued = api_token_issue(
                username=options["username"], label=options["label"], days=days
            )
        except AccountError as exc:
            raise bad_input(exc.message) from None
        self.stdout.write(issued.token)
        expires = timezone.localtime(issued.expires_at).strftime("%-d %B %Y at %H:%M %Z")
        self._note(f"The token expires on {expires} (in {days} days).")

    def _list(self, username: str | None) -> None:
        if username is not None and not User.objects.filter(username=username).exists():
            raise bad_input(f"No user has the username {username!r}.")
        rows = api_token_list(actor=cli_actor(), username=username)
        for line in table(rows):
            self.stdout.write(line)
        if not rows:
            self._note("No API tokens." if username is None else f"{username} has no API tokens.")

    def _revoke(self, token_id: int, reason: str) -> None:
        try:
            token = api_token_revoke(token_id=token_id, by=None, reason=reason)
        except AccountError as exc:
            raise bad_input(exc.message) from None
        label = f" ({token.label})" if token.label else ""
        self.stdout.write(
            f"Revoked API token {token.pk}{label} of {token.user.username}: it no longer works."
        )

    def _note(self, text: str) -> None:
        # Not an error: written without Django's error colour.
        self.stderr.write(text, style_func=lambda line: line)
