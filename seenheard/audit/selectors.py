"""Reading the audit trail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone

from seenheard.audit.chain import ChainBreak, first_break
from seenheard.audit.checkpoints import Checkpoint
from seenheard.audit.models import AuditEvent, AuditHead


def _rows(batch: int = 5000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values()[:batch])
        if not chunk:
            return
        yield from (dict(row) for row in chunk)
        last = chunk[-1]["seq"]


def audit_chain_verify(
    checkpoints: Sequence[Checkpoint] = (),
) -> tuple[int, ChainBreak | None]:
    """(number of events checked, first break or None).

    Walks the chain (every link and hash), then holds it to each checkpoint (its event still
    exists with the hash it recorded), to the newest checkpoint (the head is not behind it) and
    to the head (the chain ends where the head says). Without checkpoints, events removed from
    the end with the head rewritten cannot be noticed (ADR 018)."""
    count = 0
    wanted = {c.seq for c in checkpoints}
    hashes: dict[int, str] = {}
    last = ""

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count, last
        for row in _rows():
            count += 1
            last = row["hash"]
            if row["seq"] in wanted:
                hashes[row["seq"]] = row["hash"]
            yield row

    broken = first_break(counted())
    if broken is None:
        broken = _checkpoints_break(checkpoints, count=count, hashes=hashes)
    if broken is None:
        broken = _head_break(checkpoints, count=count, last=last)
    return count, broken


def _checkpoints_break(
    checkpoints: Sequence[Checkpoint], *, count: int, hashes: dict[int, str]
) -> ChainBreak | None:
    """The first checkpoint whose event is gone or holds another hash than it recorded."""
    for checkpoint in checkpoints:
        recorded = f"the checkpoint of {_when(checkpoint)} (line {checkpoint.line} of the file)"
        if checkpoint.seq > count:
            return ChainBreak(
                checkpoint.seq,
                f"{recorded} records event {checkpoint.seq}, but the trail now ends at event "
                f"{count}: events were removed from the end",
            )
        if hashes.get(checkpoint.seq) != checkpoint.hash:
            return ChainBreak(
                checkpoint.seq,
                f"its hash is not the one {recorded} records: the events up to it were rewritten",
            )
    return None


def _head_break(checkpoints: Sequence[Checkpoint], *, count: int, last: str) -> ChainBreak | None:
    """The head behind the newest checkpoint, missing, or not at the chain's last event."""
    head = AuditHead.objects.filter(id=1).first()
    if checkpoints:
        newest = max(checkpoints, key=lambda c: c.seq)
        if head is None or head.seq < newest.seq:
            return ChainBreak(
                newest.seq,
                f"the head is at event {head.seq if head else 0}, behind the checkpoint of "
                f"{_when(newest)} (line {newest.line} of the file): the head was moved back",
            )
    if head is None:
        return ChainBreak(count, "the chain's head is missing: it was removed") if count else None
    if head.seq != count:
        return ChainBreak(
            count + 1,
            f"the chain ends at event {count} but {head.seq} were written: "
            "events were removed from the end",
        )
    if count and head.hash != last:
        return ChainBreak(count, "the head's hash is not this event's: the head was changed")
    return None


def _when(checkpoint: Checkpoint) -> str:
    local = timezone.localtime(checkpoint.at)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"
