"""What the ``seenheard`` commands share: plain-English errors and the command-line actor."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, SystemCheckError

from seenheard.access.actor import Actor, NoActiveRole, actor_for, system_actor
from seenheard.accounts.models import Membership, Organisation, OrgKind, User


class PlainCommand(BaseCommand):
    """A command whose errors read as plain sentences on stderr.

    Django prefixes them with ``CommandError:``, which means nothing to an operator. The exit
    status is the error's ``returncode`` (2 for bad input, by our convention). Called through
    ``call_command`` (tests, other commands), the CommandError is raised as usual.
    """

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or isinstance(
                exc, SystemCheckError
            ):
                raise
            if options.get("traceback"):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def cli_actor() -> Actor:
    """The system, acting for whoever runs the command (the audit trail records channel
    ``cli``). It belongs to the system supplier's organisation when there is one."""
    org = Organisation.objects.filter(kind=OrgKind.SUPPLIER).order_by("code").first()
    if org is None:
        # Never saved: it only labels the audit events with who acted.
        org = Organisation(
            code="SYSTEM", name="Seen and Heard (command line)", kind=OrgKind.SUPPLIER
        )
    return system_actor(org, channel="cli")


def staff_actor(username: str, org_code: str = "", *, option: str = "--by") -> Actor:
    """A named member of staff acting through the command line (channel ``cli``), in their role
    at the organisation ``org_code`` (their first active role when none is given), for commands
    whose work must name a person (a referral's decision). Bad input, exit 2: nobody with the
    username, no active role there."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise bad_input(f"{option}: nobody has the username {username!r}.")
    membership_id = None
    if org_code:
        membership_id = (
            Membership.objects.filter(user=user, organisation__code=org_code, active=True)
            .values_list("pk", flat=True)
            .first()
        )
        if membership_id is None:
            raise bad_input(f"--org: {username} has no active role at {org_code!r}.")
    try:
        return actor_for(user, channel="cli", membership_id=membership_id)
    except NoActiveRole as exc:
        raise bad_input(f"{option}: {exc}") from None
