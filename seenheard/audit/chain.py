"""The hash chain: pure functions, so verification never depends on the code that wrote it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_user_id",
    "actor_username",
    "actor_name",
    "actor_role",
    "actor_org_code",
    "actor_org_name",
    "action",
    "object_type",
    "object_id",
    "child_id",
    "channel",
    "detail",
)


def event_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    payload = {name: fields[name] for name in CHAINED_FIELDS}
    payload["at"] = fields["at"].isoformat() if hasattr(fields["at"], "isoformat") else fields["at"]
    payload["prev_hash"] = prev_hash
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def first_break(rows: Iterable[Mapping[str, Any]]) -> ChainBreak | None:
    """The first place the chain is broken, or None. Rows must come in ``seq`` order."""
    expected_prev = GENESIS
    expected_seq = 1
    for row in rows:
        if row["seq"] != expected_seq:
            return ChainBreak(
                expected_seq,
                f"event {expected_seq} is missing (the next event found is {row['seq']}): "
                "a row was removed",
            )
        if row["prev_hash"] != expected_prev:
            return ChainBreak(row["seq"], "its link to the previous event does not match")
        if event_hash(row, row["prev_hash"]) != row["hash"]:
            return ChainBreak(row["seq"], "its contents were changed after it was written")
        expected_prev = row["hash"]
        expected_seq += 1
    return None
