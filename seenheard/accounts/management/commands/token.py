"""``seenheard token create --username U``: a bearer token for the FHIR API.

Prints only the token, so a script can capture it: ``TOKEN=$(seenheard token create ...)``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.services import AccountError, api_token_create


class Command(PlainCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create", help="create a bearer token for a user; prints only the token"
        )
        create.add_argument("--username", required=True)
        create.add_argument("--label", default="", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token = api_token_create(username=options["username"], label=options["label"])
        except AccountError as exc:
            raise bad_input(exc.message) from None
        self.stdout.write(token)
