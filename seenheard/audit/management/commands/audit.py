"""``seenheard audit verify``: prove that no audit event was changed or removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from seenheard.accounts.management.cli import PlainCommand
from seenheard.audit.selectors import audit_chain_verify


class Command(PlainCommand):
    help = "Check the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify",
            help="check every event's hash link; exit status 1 at the first broken one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_chain_verify()
        if broken is None:
            self.stdout.write(f"Audit trail intact: {checked} events checked.")
            return
        # Exit status 1: the trail is not what was written (2 is kept for bad input).
        raise CommandError(
            f"Audit trail broken at event {broken.seq}: {broken.reason}", returncode=1
        )
