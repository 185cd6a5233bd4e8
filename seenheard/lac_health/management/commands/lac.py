"""``seenheard lac import --la ONS_CODE header.csv episodes.csv`` (issue 11 item 1) and
``seenheard lac tracker --la ONS_CODE [--as-of YYYY-MM-DD] --out FILE.csv`` (item 3).

Exit status 2 when the files are refused: every bad row on stderr as file:line:column, and
nothing changed.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.lac_health.errors import CouncilUnknown, FilesRejected, LacRefused
from seenheard.lac_health.services import ImportResult, lac_import_apply
from seenheard.lac_health.tables import MAX_BYTES


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

    def handle(self, *args: Any, **options: Any) -> None:
        self._import(options)

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
