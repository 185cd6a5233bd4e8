"""What the ``seenheard`` commands share: plain-English errors and the command-line actor."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, SystemCheckError

from seenheard.access.actor import Actor, system_actor
from seenheard.accounts.models import Organisation, OrgKind


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
