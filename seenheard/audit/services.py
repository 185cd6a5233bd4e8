"""Writing to the audit trail. Callers are already inside the transaction that did the work."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.audit.chain import CHAINED_FIELDS, GENESIS
from seenheard.audit.checkpoints import Checkpoint, CheckpointInvalid, checkpoint_file_locked
from seenheard.audit.models import AuditAction, AuditEvent, AuditHead
from seenheard.core import clock
from seenheard.core.bulk import COPY_FROM_ROWS, adapt_datetime, copy_rows, insert_sql
from seenheard.core.rawsql import execute, fetch_one_raw


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    object_id: str | int = "",
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event to the chain, in the caller's transaction (DESIGN rule 3): a batch of
    one, so one event and many are chained, stored and checked the same way."""
    batch = AuditBatch(actor)
    batch.add([(action, object_type, object_id, child_id, detail or {})])
    batch.write()


def audit_view(
    *,
    actor: Actor,
    object_type: str,
    object_id: str | int,
    child_id: int | None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        detail=detail,
    )


def audit_change(
    *,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    object_id: str | int,
    child_id: int | None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        detail=detail,
    )


AuditItem = tuple[AuditAction, str, "str | int", "int | None", dict[str, Any]]
"""One event for ``audit_record_many``: (action, object type, object id, child id, detail)."""

_COLUMNS = (*CHAINED_FIELDS, "prev_hash", "hash")

# ``chain.event_hash`` builds a dict and encodes it with sorted keys for every event. In a batch
# the actor, the time and the channel are the same for every event, so ``AuditBatch`` encodes
# them once and writes each event's canonical JSON as text around them: the same bytes (a test
# holds them to ``event_hash`` on many awkward events), several times faster. The key order
# below is the sorted order ``event_hash`` produces; the assertion keeps it so if a field is
# ever added.
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
_encode_text = json.encoder.encode_basestring_ascii  # what ``_encode`` does with one string
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
# The C encoder ``_encode`` builds on every call, built once (without the circular-reference
# check, which changes nothing for a detail that has no cycles): half the time a detail.
_c_encode = (
    None
    if _c_make_encoder is None
    else _c_make_encoder(None, str, _encode_text, None, ":", ",", True, False, True)
)


def canonical_json(value: Any) -> str:
    """``value`` as ``chain.event_hash`` writes it inside an event: keys sorted, compact, ASCII.
    A bulk writer whose events share details can encode each distinct one once and hand the
    text to ``AuditBatch.add_encoded``."""
    if _c_encode is None:
        return _encode(value)
    return "".join(_c_encode(value, 0))


_PER_EVENT = ("action", "child_id", "detail", "object_id", "object_type", "prev_hash", "seq")
_KEY_ORDER = sorted((*CHAINED_FIELDS, "prev_hash"))
assert [
    "action",
    *sorted(k for k in CHAINED_FIELDS if k.startswith("actor_")),
    "at",
    "channel",
    "child_id",
    "detail",
    "object_id",
    "object_type",
    "prev_hash",
    "seq",
] == _KEY_ORDER


def _fixed_part(fields: dict[str, Any]) -> str:
    """The canonical JSON of the fields every event of a batch shares, from ``"actor_name"`` to
    ``"channel"``, with its leading comma (it follows ``action``) and the key that follows."""
    shared = [k for k in _KEY_ORDER if k not in _PER_EVENT]
    return "".join(f",{_encode_text(k)}:{_encode(fields[k])}" for k in shared) + ',"child_id":'


class AuditBatch:
    """Events to be appended together, made by ``audit_batch``.

    ``add`` does the costly part of each event (its detail's JSON, the text of its canonical
    form) in memory, without the database; ``write`` then locks the chain's head, chains the
    events (one SHA-256 each), stores them and moves the head (``_append``: on PostgreSQL a few
    events and the head's move in one statement, many by COPY; multi-row INSERTs on SQLite). A
    bulk writer can therefore add its events while the database is still taking in its own
    rows, and the head stays locked only from ``write`` to the commit. ``audit_record`` is a
    batch of one. Same chain, same rules: ``write`` refuses to run outside a
    transaction, and ``audit_chain_verify`` checks these events like any other."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        # (action, object type, object id, child id, detail JSON, canonical text from
        # "child_id" up to the previous hash's opening quote)
        self._events: list[tuple[str, str, str, Any, str, str]] = []
        self._types: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._events)

    def add(self, items: Iterable[AuditItem]) -> None:
        self.add_encoded(
            (action, object_type, object_id, child_id, canonical_json(detail))
            for action, object_type, object_id, child_id, detail in items
        )

    def add_encoded(self, items: Iterable[tuple[AuditAction, str, str | int, Any, str]]) -> None:
        """``add``, each detail already given as ``canonical_json(detail)``."""
        encode, encode_text, types, append = _encode, _encode_text, self._types, self._events.append
        for action, object_type, object_id, child_id, detail_json in items:
            object_id_text = str(object_id)
            type_json = types.get(object_type)
            if type_json is None:
                type_json = types[object_type] = encode_text(object_type)
            if child_id is None:
                child_json = "null"
            elif type(child_id) is int:
                child_json = str(child_id)
            else:
                child_json = encode(child_id)
            append(
                (
                    str(action),
                    object_type,
                    object_id_text,
                    child_id,
                    detail_json,
                    f'{child_json},"detail":{detail_json},"object_id":'
                    f'{encode_text(object_id_text)},"object_type":{type_json},"prev_hash":"',
                )
            )

    def write(self) -> int:
        """Chain and store the events added so far; how many were written."""
        if not self._events:
            return 0
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(
                "audit events must be written inside the transaction that does the work"
            )
        seq, prev = _head_locked()
        actor, at = self.actor, clock.wall_now()
        shared: dict[str, Any] = {
            "at": at.isoformat(),
            "actor_user_id": actor.user_id or None,
            "actor_username": actor.username,
            "actor_name": actor.name,
            "actor_role": str(actor.role),
            "actor_org_code": actor.organisation.code,
            "actor_org_name": actor.organisation.name,
            "channel": actor.channel,
        }
        fixed = _fixed_part(shared)
        labels = (
            adapt_datetime(at),
            shared["actor_user_id"],
            shared["actor_username"],
            shared["actor_name"],
            shared["actor_role"],
            shared["actor_org_code"],
            shared["actor_org_name"],
        )
        channel = shared["channel"]
        openings: dict[str, str] = {}
        sha256 = hashlib.sha256
        rows = []
        for action, object_type, object_id, child_id, detail_json, middle in self._events:
            seq += 1
            opening = openings.get(action)
            if opening is None:
                opening = openings[action] = '{"action":' + _encode_text(action) + fixed
            digest = sha256(f'{opening}{middle}{prev}","seq":{seq}}}'.encode()).hexdigest()
            rows.append(
                (
                    seq,
                    *labels,
                    action,
                    object_type,
                    object_id,
                    child_id,
                    channel,
                    detail_json,
                    prev,
                    digest,
                )
            )
            prev = digest
        _append(rows, seq=seq, last_hash=prev)
        self._events.clear()
        return len(rows)


# Every audited request locks and moves the head, so these are two hand-written statements
# (the ORM's get_or_create and update cost more than running them).
_HEAD = AuditHead._meta.db_table
_HEAD_LOCK = f"SELECT seq, hash FROM {_HEAD} WHERE id = 1"  # noqa: S608 - the model's table
_HEAD_MOVE = f"UPDATE {_HEAD} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608 - the model's table


def _append(rows: list[tuple[Any, ...]], *, seq: int, last_hash: str) -> None:
    """Store chained events and move the head to the last of them. On PostgreSQL a few events
    and the head's move are one statement (an INSERT inside the UPDATE's WITH): every audited
    request does this, and each statement is a round trip to the server."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and len(rows) < COPY_FROM_ROWS:
        sql = f"WITH appended AS ({insert_sql(AuditEvent, _COLUMNS, len(rows))}) {_HEAD_MOVE}"
        execute(sql, [v for row in rows for v in row] + [seq, last_hash])
        return
    copy_rows(AuditEvent, _COLUMNS, rows)
    execute(_HEAD_MOVE, [seq, last_hash])


def _head_locked() -> tuple[int, str]:
    """The chain's last sequence number and hash, with the head locked until commit (FOR UPDATE
    on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the database's one write lock)."""
    connection = transaction.get_connection()
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    row = fetch_one_raw(_HEAD_LOCK + lock)
    if row is None:  # a new database: the chain starts here
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"seq": 0, "hash": GENESIS}
        )
        return head.seq, head.hash
    return int(row[0]), str(row[1])


def audit_batch(*, actor: Actor) -> AuditBatch:
    """An empty batch of events by ``actor``: ``add`` them, then ``write`` them in the
    transaction that does the work (see ``AuditBatch``)."""
    return AuditBatch(actor)


def audit_record_many(*, actor: Actor, items: Sequence[AuditItem]) -> int:
    """Append many events at once (uploads, imports, search results): the same chain and the
    same same-transaction rule as ``audit_record``, but the head is locked once, the events are
    hashed in one tight loop and stored together, because three queries an event would make a
    national feed take hours. ``audit_chain_verify`` checks these rows like any other. Returns
    how many were written."""
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction that does the work")
    batch = audit_batch(actor=actor)
    batch.add(items)
    return batch.write()


# --- checkpoints: the chain's end anchored outside the database (ADR 018) ----------------------


class CheckpointRefused(Exception):
    """The head disagrees with the chain or with the newest checkpoint: a checkpoint written
    now would vouch for a trail that was tampered with. ``audit verify`` says where."""


@dataclass(frozen=True)
class CheckpointOutcome:
    """What ``audit_checkpoint_write`` did: ``written`` a new line, or nothing because the
    trail is ``empty``, the head is ``unchanged`` since the newest checkpoint, or the newest is
    younger than ``not_within`` (``not-due``). ``checkpoint`` is the newest one afterwards."""

    result: str
    checkpoint: Checkpoint | None


def audit_checkpoint_write(
    *, path: Path | None = None, not_within: dt.timedelta | None = None
) -> CheckpointOutcome:
    """Append the head's sequence number and hash, signed, to the checkpoint file.

    Refuses (CheckpointRefused) when the event the head names is missing or has another hash,
    or when the head is behind the newest checkpoint or that checkpoint's event has changed.
    The file is locked while it is read and appended to, so several workers on one machine
    never interleave; ``not_within`` lets each of them write only when the newest checkpoint is
    older than that, whoever wrote it."""
    path = path or settings.AUDIT_CHECKPOINT_FILE
    key = settings.AUDIT_CHECKPOINT_KEY
    head = AuditHead.objects.filter(id=1).values_list("seq", "hash").first()
    if head is None or head[0] == 0:
        return CheckpointOutcome("empty", None)
    seq, hash_ = head
    if _event_hash(seq) != hash_:
        raise CheckpointRefused(
            f"The audit head names event {seq}, but that event is missing or its hash differs: "
            "no checkpoint was written. Run `seenheard audit verify` to see what changed."
        )
    with checkpoint_file_locked(path) as file:
        try:
            newest = file.newest(key=key)
        except CheckpointInvalid as exc:
            raise CheckpointRefused(
                f"{exc}. No checkpoint was written; run `seenheard audit verify`."
            ) from None
        if newest is not None:
            if seq < newest.seq:
                raise CheckpointRefused(
                    f"The audit head is at event {seq}, behind the newest checkpoint (event "
                    f"{newest.seq}): events were removed from the end. No checkpoint was "
                    "written; run `seenheard audit verify`."
                )
            if _event_hash(newest.seq) != newest.hash:
                raise CheckpointRefused(
                    f"Event {newest.seq} no longer has the hash its checkpoint recorded. No "
                    "checkpoint was written; run `seenheard audit verify`."
                )
            if seq == newest.seq:
                return CheckpointOutcome("unchanged", newest)
            if not_within is not None and newest.at > clock.wall_now() - not_within:
                return CheckpointOutcome("not-due", newest)
        checkpoint = Checkpoint(seq=seq, hash=hash_, at=clock.wall_now())
        file.append(checkpoint, key=key)
    return CheckpointOutcome("written", checkpoint)


def _event_hash(seq: int) -> str | None:
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
