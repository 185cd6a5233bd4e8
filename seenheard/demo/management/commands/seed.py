"""``seenheard seed --children N [--seed S]``: a deterministic synthetic population."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seenheard.demo.seed import SeedError, SeedReport, seed_run


class Command(BaseCommand):
    help = (
        "Create the demo cast, every English upper-tier council, synthetic NHS trusts, GP "
        "practices, staff in every role, and N synthetic children in families. The same seed "
        "always gives the same people; running it again adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, required=True, help="how many children")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        children: int = options["children"]
        quiet = options["verbosity"] == 0
        started = time.monotonic()

        def progress(done: int, total: int, report: SeedReport) -> None:
            if not quiet:
                self.stdout.write(
                    f"  {done:,} of {total:,} children checked, "
                    f"{report.children_added:,} added ({time.monotonic() - started:.1f} s)"
                )

        try:
            report = seed_run(children=children, seed=options["seed"], progress=progress)
        except SeedError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if not quiet:
            self.stdout.write(
                f"Seeded {children:,} children with seed {options['seed']} in "
                f"{report.seconds:.1f} s: added {report.children_added:,} children, "
                f"{report.adults_added:,} adults, {report.households_added:,} households, "
                f"{report.organisations_added:,} organisations and {report.staff_added:,} staff."
            )
            for note in report.notes:
                self.stdout.write(note)
