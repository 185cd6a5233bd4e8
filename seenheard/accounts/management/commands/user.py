"""``seenheard user add --username U --given-name G --family-name F --org CODE --role ROLE``: add
a member of staff; ``seenheard user disable|enable|unlock|reset-password|reset-two-factor
--username U``: change one person's account (ADR 022).

The password is read from standard input when something is piped in (so it never appears in
the shell history or the process list); otherwise one is generated and printed once.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import CommandParser

from seenheard.accounts.errors import AccountError, AccountRefused
from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.models import Role
from seenheard.accounts.services import (
    person_by_username,
    staff_disable,
    staff_enable,
    staff_password_reset,
    staff_two_factor_reset,
    staff_unlock,
    user_add,
)

_OPTION = {
    "username": "--username",
    "given_name": "--given-name",
    "family_name": "--family-name",
    "email": "--email",
    "org": "--org",
    "role": "--role",
}

_ROLES = "; ".join(f"{value} ({label})" for value, label in Role.choices)

_PERSON_ACTIONS = {
    "disable": "stop the person signing in, and their API tokens working",
    "enable": "let a disabled person sign in again",
    "unlock": "clear the failed sign-ins that locked the person out",
    "reset-password": "give the person a new password, printed once",
    "reset-two-factor": "remove the person's authenticator app; they set up a new one",
}


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
        add.add_argument("--given-name", required=True, help="first name")
        add.add_argument("--family-name", required=True, help="last name")
        add.add_argument("--email", default="")
        for action, help_text in _PERSON_ACTIONS.items():
            person = actions.add_parser(action, help=help_text, description=help_text.capitalize())
            person.add_argument("--username", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "add":
            self._person(options["action"], options["username"])
            return
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
            raise bad_input(
                "\n".join(_line(field, message) for field, message in exc.problems)
            ) from None
        membership = user.memberships.select_related("organisation").get()
        self.stdout.write(
            f"Added {user.username} as {membership.get_role_display().lower()} at "
            f"{membership.organisation.name} ({membership.organisation.code})."
        )
        if supplied is None:
            self.stdout.write(f"Password (shown once, pass it on securely): {password}")

    def _person(self, action: str, username: str) -> None:
        """One change to one person's account, as the command line (audited, channel cli)."""
        try:
            user_id = person_by_username(username=username)
            if action == "reset-password":
                person, password = staff_password_reset(user_id=user_id)
                self.stdout.write(f"New password for {person} (shown once, pass it on securely):")
                self.stdout.write(password)
                return
            change = {
                "disable": (
                    staff_disable,
                    "{} is disabled: they cannot sign in, and their API tokens do not work.",
                ),
                "enable": (staff_enable, "{} can sign in again."),
                "unlock": (staff_unlock, "{} is unlocked and can sign in again."),
                "reset-two-factor": (
                    staff_two_factor_reset,
                    "{} will set up two-factor sign-in again the next time they sign in.",
                ),
            }[action]
            person = change[0](user_id=user_id)
        except AccountRefused as exc:
            raise bad_input(exc.message) from None
        self.stdout.write(change[1].format(person))


def _line(field: str, message: str) -> str:
    """One problem, naming the option to correct; an unknown role lists the roles there are."""
    option = _OPTION.get(field)
    if field == "role" and "from the list" in message:
        message = f"Choose a role, one of: {_ROLES}."
    return f"{option}: {message}" if option else message
