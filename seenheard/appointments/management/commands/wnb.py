"""``seenheard wnb agenda --org CODE --week YYYY-Www --out FILE.csv``: the weekly safeguarding
meeting's agenda as CSV, one row per child (NHS number, name, date of birth, reasons, count of
"was not brought"; R-WNB-2).

``--org`` is an organisation or a setting code: an organisation's agenda covers its settings (the
trust RDEMO sees what was recorded at RDEMO-HV); a GP practice is its own organisation. The
command acts as the organisation's safeguarding team, and every child it writes is audited.
Exit status 2 for a week that does not exist, an unknown code or a file it cannot write; nothing
is written then.
"""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seenheard.appointments.errors import AppointmentRefused
from seenheard.appointments.meetings import (
    agenda_build,
    meeting_actor,
    organisation_by_code,
    week_parse,
)
from seenheard.appointments.presenters import agenda_csv_rows


class Command(BaseCommand):
    help = "Children who are not brought: the weekly safeguarding meeting's agenda."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        agenda = sub.add_parser("agenda", help="Write a week's agenda as CSV.")
        agenda.add_argument("--org", required=True, help="Organisation or setting code")
        agenda.add_argument("--week", required=True, help="ISO week, e.g. 2026-W49")
        agenda.add_argument("--out", required=True, help="The CSV file to write ('-': stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            week_parse(options["week"])
            org = organisation_by_code(options["org"])
            agenda = agenda_build(actor=meeting_actor(org, channel="cli"), week=options["week"])
        except AppointmentRefused as exc:
            # The message on stderr, exit status 2 (ADR 025's shape for a command).
            raise CommandError(exc.message, returncode=2) from None
        rows = agenda_csv_rows(agenda)
        if options["out"] == "-":
            csv.writer(sys.stdout).writerows(rows)
            return
        out = Path(options["out"])
        try:
            with out.open("w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows(rows)
        except OSError as exc:
            raise CommandError(
                f"{out}: cannot write the file: {exc.strerror}.", returncode=2
            ) from None
        self.stdout.write(
            f"{len(rows) - 1} children on the agenda of {org.name} ({org.code}) for week "
            f"{agenda.week} (what happened from {agenda.covers[0]:%-d %B} to "
            f"{agenda.covers[1]:%-d %B %Y}): {out}"
        )
