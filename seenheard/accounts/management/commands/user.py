"""``seenheard user add --username U --org CODE --role ROLE``: add a member of staff.

The password is read from standard input when something is piped in (so it never appears in
the shell history or the process list); otherwise one is generated and printed once.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.models import Role
from seenheard.accounts.services import AccountError, user_add


def password_from(stream: TextIO | None) -> str | None:
    """The first line piped in, or None for a terminal or nothing piped."""
    if stream is None:
        return None
    try:
        if stream.isatty():
            return None
        line = stream.readline()
    except (OSError, ValueError):  # closed, or pytest's "no input here"
        return None
    return line.rstrip("\r\n") or None


class Command(PlainCommand):
    help = "Manage staff accounts."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser(
            "add",
            help="add a member of staff with one role at one organisation",
            description=(
                "The password is read from standard input when one is piped in; otherwise a "
                "password is generated and printed once."
            ),
        )
        add.add_argument("--username", required=True)
        add.add_argument("--org", required=True, help="the organisation's code")
        add.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        add.add_argument("--given-name", default="")
        add.add_argument("--family-name", default="")
        add.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        supplied = password_from(options.get("stdin") or sys.stdin)
        try:
            user, password = user_add(
                username=options["username"],
                org_code=options["org"],
                role=options["role"],
                password=supplied,
                given_name=options["given_name"],
                family_name=options["family_name"],
                email=options["email"],
            )
        except AccountError as exc:
            raise bad_input(exc.message) from None
        membership = user.memberships.select_related("organisation").get()
        self.stdout.write(
            f"Added {user.username} as {membership.get_role_display().lower()} at "
            f"{membership.organisation.name} ({membership.organisation.code})."
        )
        if supplied is None:
            self.stdout.write(f"Password (shown once, pass it on securely): {password}")
