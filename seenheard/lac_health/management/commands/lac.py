"""``seenheard lac import --la ONS_CODE header.csv episodes.csv`` (issue 11 item 1) and
``seenheard lac tracker --la ONS_CODE [--as-of YYYY-MM-DD] --out FILE.csv`` (item 3) and
``seenheard lac outcomes --la ONS_CODE [--as-of YYYY-MM-DD] --out FILE.csv`` (item 6, R-OUT-5).

Exit status 2 when the files are refused: every bad row on stderr as file:line:column, and
nothing changed.
"""

from __future__ import annotations

import csv
import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.core import clock
from seenheard.lac_health.errors import CouncilUnknown, FilesRejected, LacRefused
from seenheard.lac_health.outcomes.export import CSV_COLUMNS as OUTCOME_COLUMNS
from seenheard.lac_health.outcomes.export import outcome_rows
from seenheard.lac_health.overdue import overdue_tasks_raise
from seenheard.lac_health.services import ImportResult, lac_import_apply
from seenheard.lac_health.tables import MAX_BYTES
from seenheard.lac_health.tracker import CSV_COLUMNS, tracker_rows_iter


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD.") from None


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: the file is larger than 50 MB.", returncode=2)
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read the file: {exc.strerror}.", returncode=2) from None


def _council(code: str) -> Organisation:
    la = Organisation.objects.filter(
        code=code.strip().upper(), kind=OrgKind.LOCAL_AUTHORITY
    ).first()
    if la is None:
        raise CommandError(CouncilUnknown(code).message, returncode=2)
    return la


class Command(BaseCommand):
    help = "Looked-after children: import the council's SSDA903 tables; write the health tracker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import the SSDA903 Header and Episodes tables.")
        imp.add_argument("--la", required=True, help="The council's ONS code, e.g. E09000019")
        imp.add_argument("header", help="Header table (CSV, with the extra NHS_NUMBER column)")
        imp.add_argument("episodes", help="Episodes table (CSV)")
        tracker = sub.add_parser("tracker", help="Write the health tracker as CSV.")
        tracker.add_argument("--la", help="The council's ONS code (every council if left out)")
        tracker.add_argument("--as-of", type=_as_of, help="The day, YYYY-MM-DD (default today)")
        tracker.add_argument("--out", required=True, help="The CSV file to write")
        tasks = sub.add_parser(
            "tasks", help="Give the health teams a task for each overdue item (daily, by cron)."
        )
        tasks.add_argument("--la", help="The council's ONS code (every council if left out)")
        tasks.add_argument("--as-of", type=_as_of, help="The day, YYYY-MM-DD (default today)")
        outcomes = sub.add_parser("outcomes", help="Write the council's outcomes by quarter (CSV).")
        outcomes.add_argument("--la", required=True, help="The council's ONS code")
        outcomes.add_argument("--as-of", type=_as_of, help="The day, YYYY-MM-DD (default today)")
        outcomes.add_argument("--out", required=True, help="The CSV file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
            return
        la = _council(options["la"]) if options.get("la") else None
        as_of = options.get("as_of") or clock.today()
        if options["action"] == "outcomes":
            assert la is not None  # --la is required
            self._outcomes(la, as_of, Path(options["out"]))
            return
        if options["action"] == "tasks":
            given = overdue_tasks_raise(as_of=as_of, la=la)
            self.stdout.write(f"{given} tasks given for overdue items.")
            return
        self._tracker(la, as_of, Path(options["out"]))

    def _tracker(self, la: Organisation | None, as_of: dt.date, out: Path) -> None:
        # Streamed: a step of children at a time, so memory does not grow with the caseload.
        count = overdue = 0
        try:
            with out.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(CSV_COLUMNS)
                for row in tracker_rows_iter(la=la, as_of=as_of):
                    writer.writerow(row.csv_row())
                    count += 1
                    overdue += bool(row.overdue)
        except OSError as exc:
            raise CommandError(
                f"{out}: cannot write the file: {exc.strerror}.", returncode=2
            ) from None
        self.stdout.write(
            f"{count} children looked after on {as_of:%-d %B %Y}; {overdue} with something overdue."
        )

    def _outcomes(self, la: Organisation, as_of: dt.date, out: Path) -> None:
        """R-OUT-5: the council's outcomes by measure and quarter (figures, no child named)."""
        rows = outcome_rows(la=la, today=as_of)
        try:
            with out.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(OUTCOME_COLUMNS)
                writer.writerows(rows)
        except OSError as exc:
            raise CommandError(
                f"{out}: cannot write the file: {exc.strerror}.", returncode=2
            ) from None
        self.stdout.write(f"{la.name}'s outcomes on {as_of:%-d %B %Y}: {len(rows)} rows written.")

    def _import(self, options: dict[str, Any]) -> None:
        header, episodes = Path(options["header"]), Path(options["episodes"])
        la = _council(options["la"])
        try:
            result = lac_import_apply(
                actor=system_actor(la, channel="cli"),
                la_code=la.code,
                header=_read(header),
                episodes=_read(episodes),
                header_name=str(header),
                episodes_name=str(episodes),
            )
        except FilesRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(exc.message, returncode=2) from None
        except LacRefused as exc:
            raise CommandError(exc.message, returncode=2) from None
        self._report(result)

    def _report(self, result: ImportResult) -> None:
        r = result.record
        if r is None:
            self.stdout.write(f"Nothing changed: {result.la.name}'s files were already imported.")
        else:
            self.stdout.write(
                f"Imported for {result.la.name}: {r.children_added} children added, "
                f"{r.children_changed} changed; {r.episodes_added} episodes added, "
                f"{r.episodes_changed} changed, {r.episodes_superseded} no longer in the files."
            )
        flags = result.flags
        self.stdout.write(f"{flags.looked_after} children are looked after today.")
        if flags.without_flag:
            self.stdout.write(
                f"{len(flags.without_flag)} of them have no looked-after flag in the index: "
                + ", ".join(flags.without_flag)
            )
        if flags.flag_without_care:
            self.stdout.write(
                f"{len(flags.flag_without_care)} children have a looked-after flag but are "
                "not looked after in these tables: " + ", ".join(flags.flag_without_care)
            )
        if r is not None and result.team is None:
            self.stdout.write(
                "No looked-after children's health team is named for this council: no health "
                "team sees these children until one is."
            )
