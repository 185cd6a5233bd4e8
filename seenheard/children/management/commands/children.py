"""``seenheard children import FILE.csv``: the demographics feed, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input, cli_actor
from seenheard.children import errors
from seenheard.children.services import HEADER, DemographicsCsv, children_import

#: Every refusal of ``children.errors`` and the exit status for it (ADR 025): each problem is
#: listed as FILE:LINE:COLUMN on stderr, then the message. A test fails when one has no row.
REFUSAL_EXITS: dict[type[errors.ChildrenRefused], int] = {
    errors.ImportRowsInvalid: 2,
}


class Command(PlainCommand):
    help = "Work with children's records from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "import",
            help="add and update children from a demographics CSV file (all or nothing)",
            description=(
                f"Header: {','.join(HEADER)}. Dates YYYY-MM-DD; sex female, male, other or "
                "unknown; gp_practice an organisation code and la an ONS code, either may be "
                "empty. Any bad row: every problem is listed as FILE:LINE:COLUMN, nothing is "
                "written and the exit status is 2."
            ),
        )
        load.add_argument("file", help="the CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"])

    def _import(self, name: str) -> None:
        path = Path(name)
        if not path.is_file():
            raise bad_input(f"{name}: there is no file with that name.")
        try:
            summary = children_import(
                actor=cli_actor(), rows=DemographicsCsv(path), source=path.name
            )
        except errors.ChildrenRefused as refused:
            for problem in getattr(refused, "problems", ()):
                self.stderr.write(problem.located(name))
            status = next(REFUSAL_EXITS[k] for k in type(refused).__mro__ if k in REFUSAL_EXITS)
            raise CommandError(f"{name}: {refused.message}", returncode=status) from None
        except OSError as exc:
            raise bad_input(f"{name}: the file cannot be read ({exc.strerror}).") from None
        self.stdout.write(
            f"{name}: added {summary.added} {'child' if summary.added == 1 else 'children'}, "
            f"updated {summary.updated}, {summary.unchanged} unchanged."
        )
