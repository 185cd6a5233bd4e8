"""``seenheard flags upload FILE.csv --la ONS_CODE --sequence N [--full] [--report OUT.csv]``.

Exit status: 0 every record applied, 1 some records rejected (the rest applied), 2 the file was
rejected whole and nothing changed (R-FLAG-2).
"""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seenheard.access.actor import system_actor
from seenheard.flags import errors
from seenheard.flags.forms import InvalidSequence, sequence_parse
from seenheard.flags.presenters import gaps_sentence
from seenheard.flags.upload.apply import UploadResult, flag_upload_apply
from seenheard.flags.upload.parse import MAX_BYTES
from seenheard.flags.upload.selectors import council_get

#: Every refusal of the flag index and the command line's exit status for it (ADR 025): the
#: message on stderr, nothing changed. A test fails when a refusal in flags.errors has no row.
REFUSAL_EXITS: dict[type[errors.FlagUploadRefused], int] = {
    errors.CouncilUnknown: 2,
    errors.NotCouncilFlagAdministrator: 2,
    # Not met by ``flags upload`` (single records, ends and gaps come through the API and the
    # pages); the rows say how the command would answer.
    errors.FlagNotHeld: 2,
    errors.FlagRecordRejected: 2,
    errors.GapNotOpen: 2,
    errors.GapReasonMissing: 2,
}


def _sequence(text: str) -> int:
    """--sequence, parsed as the upload page parses it (issue 7: ids and numbers strictly)."""
    try:
        return sequence_parse(text)
    except InvalidSequence as exc:
        raise ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = "Keep the protection-flag index current from a council's file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        upload = sub.add_parser("upload", help="Apply a council's flag file (full or delta).")
        upload.add_argument(
            "file", help="UTF-8 CSV: nhs_number,date_of_birth,plan_type,start_date,end_date,delete"
        )
        upload.add_argument("--la", required=True, help="The council's ONS code, e.g. E09000019")
        upload.add_argument(
            "--sequence",
            required=True,
            type=_sequence,
            help="This file's sequence number (higher than the last applied)",
        )
        upload.add_argument(
            "--full",
            action="store_true",
            help="The file is the council's complete current list: its open "
            "flags missing from the file are ended today",
        )
        upload.add_argument("--report", help="Write the rejected records to this CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES * 2:
                content = path.read_bytes()[: MAX_BYTES + 1]  # enough to say it is too large
            else:
                content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{path}: cannot read the file: {exc.strerror}.", returncode=2
            ) from None
        try:
            la = council_get(options["la"])
            result = flag_upload_apply(
                actor=system_actor(la, channel="cli"),
                la_code=la.code,
                sequence=options["sequence"],
                full=options["full"],
                content=content,
                filename=path.name,
            )
        except errors.FlagUploadRefused as exc:
            status = next(REFUSAL_EXITS[k] for k in type(exc).__mro__ if k in REFUSAL_EXITS)
            raise CommandError(exc.message, returncode=status) from None
        self._report(path, result, options.get("report"))
        if result.exit_code:
            sys.exit(result.exit_code)

    def _report(self, path: Path, result: UploadResult, report: str | None) -> None:
        upload = result.upload
        if upload.problem:
            where = f"{path}:{upload.problem_line}:1" if upload.problem_line else str(path)
            self.stderr.write(f"{where}: file rejected, nothing changed: {upload.problem}")
            return
        if report:
            with open(report, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["line", "nhs_number", "code", "message"])
                for r in result.rejections:
                    writer.writerow([r.line, r.nhs_number, r.code, r.message])
        else:
            for r in result.rejections:
                self.stdout.write(f"{path}:{r.line}:{r.column}: {r.code}: {r.message}")
        rate = "n/a" if upload.match_rate is None else f"{upload.match_rate * 100:.1f}%"
        status = upload.get_status_display()
        self.stdout.write(
            f"{status}. Sequence {upload.sequence} for {upload.la.name}: {upload.records} "
            f"records, {upload.applied} applied, {upload.rejected} rejected, "
            f"{upload.ended_by_full} ended as missing from a full file; match rate {rate}."
        )
        if result.gaps:  # ADR 021: said until the files arrive or the gap is closed
            self.stdout.write(
                f"{gaps_sentence(result.gaps)} Send them with their own sequence numbers, or "
                "record on the flag uploads page why they will not arrive."
            )
