"""Reading the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seenheard.audit.chain import ChainBreak, first_break
from seenheard.audit.models import AuditEvent, AuditHead


def _rows(batch: int = 5000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values()[:batch])
        if not chunk:
            return
        yield from (dict(row) for row in chunk)
        last = chunk[-1]["seq"]


def audit_chain_verify() -> tuple[int, ChainBreak | None]:
    """(number of events checked, first break or None)."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in _rows():
            count += 1
            yield row

    broken = first_break(counted())
    if broken is not None:
        return count, broken
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq != count:
        return count, ChainBreak(
            count + 1,
            f"the chain ends at event {count} but {head.seq} were written: "
            "events were removed from the end",
        )
    return count, None
