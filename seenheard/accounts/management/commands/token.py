"""``seenheard token create --username U [--days N]``: a bearer token for the FHIR API.

Prints only the token on standard output, so a script can capture it:
``TOKEN=$(seenheard token create ...)``. When it expires (ADR 012) goes to standard error, so
the operator sees it without it ending up in the captured token.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.services import (
    API_TOKEN_DAYS,
    API_TOKEN_MAX_DAYS,
    AccountError,
    api_token_issue,
)


def _days(raw: str) -> int:
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= API_TOKEN_MAX_DAYS:
        raise bad_input(
            f"--days must be a whole number of days from 1 to {API_TOKEN_MAX_DAYS}, not {raw!r}."
        )
    return int(text)


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

    def handle(self, *args: Any, **options: Any) -> None:
        days = _days(options["days"])
        try:
            issued = api_token_issue(
                username=options["username"], label=options["label"], days=days
            )
        except AccountError as exc:
            raise bad_input(exc.message) from None
        self.stdout.write(issued.token)
        expires = timezone.localtime(issued.expires_at).strftime("%-d %B %Y at %H:%M %Z")
        # Not an error: written without Django's error colour.
        self.stderr.write(
            f"The token expires on {expires} (in {days} days).", style_func=lambda text: text
        )
