"""Checkpoints: the audit chain's end, anchored outside the database (R-FLAG-10, ADR 018).

A hash chain proves that no event inside it was changed or removed, but not where it ends:
someone who can write to the database can delete the last events and point the head at the new
last one. A checkpoint records the head's sequence number and hash at a moment, signed with
HMAC-SHA256 under a key the database does not hold (``SEENHEARD_AUDIT_CHECKPOINT_KEY``), as one
JSON line appended to a file outside the database. ``audit verify`` then checks that every
checkpointed event still exists with the same hash and that the head is not behind the newest.

This module is the line format and the file; it never touches the database.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1
_FIELDS = frozenset({"v", "seq", "hash", "at", "sig"})
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: dt.datetime
    line: int = 0  # where it is in the file (1-based); 0 when not read from a file


class CheckpointInvalid(Exception):
    """A line of the checkpoint file is not a checkpoint this installation wrote."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def _signed_part(seq: int, hash_: str, at: str) -> bytes:
    body = {"v": VERSION, "seq": seq, "hash": hash_, "at": at}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _signature(key: str, seq: int, hash_: str, at: str) -> str:
    return hmac.new(key.encode(), _signed_part(seq, hash_, at), hashlib.sha256).hexdigest()


def checkpoint_line(checkpoint: Checkpoint, *, key: str) -> str:
    """The checkpoint as one signed JSON line, newline included."""
    at = checkpoint.at.isoformat()
    record = {
        "v": VERSION,
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "at": at,
        "sig": _signature(key, checkpoint.seq, checkpoint.hash, at),
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def checkpoint_parse(text: str, *, key: str, path: Path, line: int) -> Checkpoint:
    """One line of the file as a Checkpoint; CheckpointInvalid if it is not one we signed."""
    try:
        record: Any = json.loads(text)
    except ValueError:
        raise CheckpointInvalid(path, line, "this line is not a checkpoint (not JSON)") from None
    if not isinstance(record, dict):
        raise CheckpointInvalid(path, line, "this line is not a checkpoint")
    if "sig" not in record:
        raise CheckpointInvalid(path, line, "this checkpoint is not signed")
    seq, hash_, at, sig = record.get("seq"), record.get("hash"), record.get("at"), record["sig"]
    if (
        set(record) != _FIELDS
        or record["v"] != VERSION
        or type(seq) is not int
        or seq < 1
        or not isinstance(hash_, str)
        or not _HEX64.fullmatch(hash_)
        or not isinstance(at, str)
        or not isinstance(sig, str)
    ):
        raise CheckpointInvalid(path, line, "this line is not a checkpoint in the expected form")
    if not hmac.compare_digest(sig, _signature(key, seq, hash_, at)):
        raise CheckpointInvalid(
            path,
            line,
            "this checkpoint's signature does not match: it was not written with this "
            "installation's checkpoint key, or it was changed afterwards",
        )
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        raise CheckpointInvalid(path, line, "this checkpoint's time cannot be read") from None
    return Checkpoint(seq=seq, hash=hash_, at=when, line=line)


def checkpoints_read(path: Path, *, key: str) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first (empty if the file does not exist).
    CheckpointInvalid at the first line that is not a checkpoint we signed."""
    try:
        handle = path.open("r", encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    with handle:
        return [
            checkpoint_parse(text, key=key, path=path, line=number)
            for number, text in enumerate(handle, start=1)
            if text.strip()
        ]


@contextmanager
def checkpoint_file_locked(path: Path) -> Iterator[CheckpointFile]:
    """The checkpoint file, opened for appending (created if missing, readable only by its
    owner) and locked against other writers on this machine until the block ends."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield CheckpointFile(path, fd)
    finally:
        os.close(fd)  # closing releases the lock


class CheckpointFile:
    """An open, locked checkpoint file (``checkpoint_file_locked``)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self._fd = path, fd

    def newest(self, *, key: str) -> Checkpoint | None:
        """The last checkpoint in the file, or None; CheckpointInvalid if the last line is not
        one we signed. (The file grows by a line a quarter of an hour at most: reading it whole
        is cheap.)"""
        size = os.fstat(self._fd).st_size
        lines = os.pread(self._fd, size, 0).decode("utf-8", errors="replace").splitlines()
        for number in range(len(lines), 0, -1):
            if lines[number - 1].strip():
                return checkpoint_parse(lines[number - 1], key=key, path=self.path, line=number)
        return None

    def append(self, checkpoint: Checkpoint, *, key: str) -> None:
        """Append the signed line in one write, and make sure it reached the disk."""
        data = checkpoint_line(checkpoint, key=key).encode()
        size = os.fstat(self._fd).st_size
        if size and os.pread(self._fd, 1, size - 1) != b"\n":
            data = b"\n" + data  # never join a half-written line
        os.write(self._fd, data)
        os.fsync(self._fd)
