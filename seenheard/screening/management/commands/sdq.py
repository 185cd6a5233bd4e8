"""``seenheard sdq score FILE.csv [--informant carer|teacher|self]``: score paper SDQs."""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.screening.batch import HEADER, IMPACT_COLUMNS, OUTPUT_HEADER, sdq_score_rows
from seenheard.screening.questionnaires import Informant


class Command(PlainCommand):
    help = "Work with Strengths and Difficulties Questionnaires (SDQs) from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        score = actions.add_parser(
            "score",
            help="score a CSV file of SDQs as ticked on paper, one questionnaire a row",
            description=(
                f"Header: {','.join(HEADER)}, optionally followed by "
                f"{','.join(IMPACT_COLUMNS)} (the impact supplement). Answers as ticked: "
                "items 0 Not true, 1 Somewhat true, 2 Certainly true; difficulties 0 No to 3 "
                "severe; the other impact questions 0 Not at all to 3 A great deal; an empty "
                f"cell is unanswered. Writes {','.join(OUTPUT_HEADER)} to standard output, an "
                "empty cell where a score cannot be worked out. Any bad cell: every one is "
                "listed as FILE:LINE:COLUMN, nothing is written and the exit status is 2."
            ),
        )
        score.add_argument("file", help="the CSV file, or - for standard input")
        score.add_argument(
            "--informant",
            choices=[i.value for i in Informant],
            default=Informant.CARER.value,
            help="who completed the questionnaires: the bands differ (default: carer)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "score":
            self._score(options["file"], Informant(options["informant"]))

    def _score(self, name: str, informant: Informant) -> None:
        if name == "-":
            self._score_from(sys.stdin, "-", informant)
            return
        path = Path(name)
        if not path.is_file():
            raise bad_input(f"{name}: there is no file with that name.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as source:
                self._score_from(source, name, informant)
        except UnicodeDecodeError:
            raise bad_input(f"{name}: the file is not UTF-8 text; save it as CSV UTF-8.") from None
        except OSError as exc:
            raise bad_input(f"{name}: the file cannot be read ({exc.strerror}).") from None

    def _score_from(self, source: TextIO, name: str, informant: Informant) -> None:
        # Scored rows wait in a temporary file until the whole input is known to be good:
        # nothing reaches standard output otherwise, and memory stays bounded.
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as held:
            writer = csv.writer(held, lineterminator="\n")
            problems = sdq_score_rows(
                source,
                informant=informant,
                write=writer.writerow,
                report=lambda problem: self.stderr.write(problem.located(name)),
            )
            if problems:
                raise bad_input(
                    f"{name}: nothing was scored: "
                    f"{problems} problem{'s' if problems != 1 else ''} to fix first."
                )
            held.seek(0)
            while chunk := held.read(1 << 16):
                self.stdout.write(chunk, ending="")
