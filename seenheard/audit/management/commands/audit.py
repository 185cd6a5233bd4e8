"""``seenheard audit verify`` proves that no audit event was changed or removed;
``seenheard audit checkpoint`` anchors the chain's end outside the database (ADR 018)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.audit.checkpoints import CheckpointInvalid, checkpoints_read
from seenheard.audit.selectors import audit_chain_verify
from seenheard.audit.services import CheckpointRefused, audit_checkpoint_write

_FILE_HELP = "the checkpoint file (default: SEENHEARD_AUDIT_CHECKPOINT_FILE, else {default})"


class Command(PlainCommand):
    help = "Check the audit trail, or record where it ends."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        file_help = _FILE_HELP.format(default="var/audit-checkpoints.jsonl")
        verify = actions.add_parser(
            "verify",
            help="check every event's hash link and every checkpoint; exit status 1 at the "
            "first problem",
        )
        verify.add_argument("--checkpoint-file", metavar="PATH", help=file_help)
        checkpoint = actions.add_parser(
            "checkpoint",
            help="append the chain's last event and hash, signed, to the checkpoint file",
        )
        checkpoint.add_argument("--checkpoint-file", metavar="PATH", help=file_help)

    def handle(self, *args: Any, action: str, checkpoint_file: str | None, **_: Any) -> None:
        path = Path(checkpoint_file) if checkpoint_file else Path(settings.AUDIT_CHECKPOINT_FILE)
        if path.is_dir():
            raise bad_input(f"The checkpoint file {path} is a folder, not a file.")
        if action == "checkpoint":
            self._checkpoint(path)
        else:
            self._verify(path, given=checkpoint_file is not None)

    def _checkpoint(self, path: Path) -> None:
        if not path.parent.is_dir():
            raise bad_input(f"The folder for the checkpoint file, {path.parent}, does not exist.")
        try:
            outcome = audit_checkpoint_write(path=path)
        except CheckpointRefused as exc:
            raise CommandError(str(exc), returncode=1) from None
        except OSError as exc:
            raise bad_input(
                f"The checkpoint file {path} cannot be written: {exc.strerror}."
            ) from None
        if outcome.result == "empty":
            self.stdout.write("The audit trail is empty: there is nothing to checkpoint yet.")
        elif outcome.checkpoint is not None and outcome.result == "unchanged":
            self.stdout.write(
                f"Nothing new since the last checkpoint (event {outcome.checkpoint.seq}) in {path}."
            )
        elif outcome.checkpoint is not None:
            self.stdout.write(f"Checkpoint written to {path}: event {outcome.checkpoint.seq}.")

    def _verify(self, path: Path, *, given: bool) -> None:
        if given and not path.exists():
            raise bad_input(f"There is no checkpoint file at {path}.")
        try:
            checkpoints = checkpoints_read(path, key=settings.AUDIT_CHECKPOINT_KEY)
        except CheckpointInvalid as exc:
            raise CommandError(f"Checkpoint file problem at {exc}.", returncode=1) from None
        except OSError as exc:
            raise bad_input(f"The checkpoint file {path} cannot be read: {exc.strerror}.") from None
        checked, broken = audit_chain_verify(checkpoints)
        if broken is not None:
            # Exit status 1: the trail is not what was written (2 is kept for bad input).
            raise CommandError(
                f"Audit trail broken at event {broken.seq}: {broken.reason}", returncode=1
            )
        if checkpoints:
            newest = max(c.seq for c in checkpoints)
            self.stdout.write(
                f"Audit trail intact: {checked} events checked against {len(checkpoints)} "
                f"checkpoints in {path} (the newest at event {newest})."
            )
        else:
            self.stdout.write(
                f"Audit trail intact: {checked} events checked. There are no checkpoints in "
                f"{path} yet, so events removed from the end could not be noticed; the worker "
                "writes one every few minutes, or run `seenheard audit checkpoint`."
            )
