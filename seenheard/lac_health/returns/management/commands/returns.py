"""``seenheard returns ssda903 --la ONS_CODE --year YYYY --out DIR``: the council's SSDA903
tables (Header, Episodes, OC2) for the collection year ending 31 March YYYY (R-LEAD-6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.core import clock
from seenheard.lac_health.returns.tables import ssda903_tables


class Command(PlainCommand):
    help = "Statutory returns produced from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        ssda903 = actions.add_parser(
            "ssda903",
            help="write the SSDA903 Header, Episodes and OC2 tables for a council",
            description=(
                "Writes header.csv, episodes.csv and oc2.csv (the DfE's columns, dates "
                "dd/mm/yyyy) for the collection year 1 April YYYY-1 to 31 March YYYY: every "
                "child looked after at some time in the year, their episodes in it, and the "
                "health outcomes (OC2) of those looked after continuously for 12 months at "
                "31 March. A bad council code or year: a plain message and exit status 2."
            ),
        )
        ssda903.add_argument("--la", required=True, metavar="ONS_CODE", help="the council")
        ssda903.add_argument("--year", required=True, metavar="YYYY", help="the year's 31 March")
        ssda903.add_argument("--out", required=True, metavar="DIR", help="the folder to write")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ssda903":
            self._ssda903(options["la"], options["year"], Path(options["out"]))

    def _ssda903(self, code: str, year_text: str, out: Path) -> None:
        la = Organisation.objects.filter(code=code, kind=OrgKind.LOCAL_AUTHORITY).first()
        if la is None:
            raise bad_input(f"--la {code}: there is no council with that ONS code.")
        year = _year(year_text)
        if out.exists() and not out.is_dir():
            raise bad_input(f"--out {out}: that is a file, not a folder.")
        tables = ssda903_tables(la=la, year=year)
        try:
            written = tables.write(out)
        except OSError as exc:
            raise bad_input(f"--out {out}: cannot write there ({exc.strerror}).") from None
        for path in written:
            self.stdout.write(f"{path}: {len(tables.rows(path.name))} rows")
        if tables.without_facts:
            self.stderr.write(
                f"{len(tables.without_facts)} children in OC2 have no health outcomes recorded "
                f"for the year; they are returned as 0 (not done): "
                + ", ".join(tables.without_facts[:20])
                + (" ..." if len(tables.without_facts) > 20 else "")
            )


def _year(text: str) -> int:
    this_year = clock.today().year
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise bad_input(f"--year {text}: give the year of the 31 March, like {this_year}.")
    year = int(text)
    if not 2000 < year <= this_year + 1:
        raise bad_input(f"--year {text}: the year must be between 2001 and {this_year + 1}.")
    return year
