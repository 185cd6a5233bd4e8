"""Writing to the audit trail. Callers are already inside the transaction that did the work."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.audit.chain import CHAINED_FIELDS, GENESIS, event_hash
from seenheard.audit.models import AuditAction, AuditEvent, AuditHead
from seenheard.core import clock
from seenheard.core.bulk import adapt_datetime, copy_rows


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    object_id: str | int = "",
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (DESIGN rule 3)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that does the work")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS}
    )
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": clock.now(),
        "actor_user_id": actor.user_id or None,
        "actor_username": actor.username,
        "actor_name": actor.name,
        "actor_role": str(actor.role),
        "actor_org_code": actor.organisation.code,
        "actor_org_name": actor.organisation.name,
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id),
        "child_id": child_id,
        "channel": actor.channel,
        "detail": detail or {},
    }
    digest = event_hash(fields, head.hash)
    event = AuditEvent.objects.create(**fields, prev_hash=head.hash, hash=digest)
    AuditHead.objects.filter(id=1).update(seq=fields["seq"], hash=digest)
    return event


def audit_view(
    *,
    actor: Actor,
    object_type: str,
    object_id: str | int,
    child_id: int | None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return audit_record(
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
) -> AuditEvent:
    return audit_record(
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
# the actor, the time and the channel are the same for every event, so ``audit_record_many``
# encodes them once and writes each event's canonical JSON as text around them: the same bytes
# (a test compares the two on many events), several times faster. The key order below is the
# sorted order ``event_hash`` produces; the assertion keeps it so if a field is ever added.
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
_encode_text = json.encoder.encode_basestring_ascii  # what ``_encode`` does with one string
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
    ``"channel"``, with its leading comma (it follows ``action``)."""
    shared = [k for k in _KEY_ORDER if k not in _PER_EVENT]
    return "".join(f",{_encode_text(k)}:{_encode(fields[k])}" for k in shared)


def audit_record_many(*, actor: Actor, items: Sequence[AuditItem]) -> int:
    """Append many events at once (uploads, imports): the same chain and the same
    same-transaction rule as ``audit_record``, but the head is locked once, each event's hash is
    worked out in one tight loop, and the rows go in together (COPY on PostgreSQL, multi-row
    INSERTs on SQLite), because three queries an event would make a national feed take hours.
    ``audit_chain_verify`` checks these rows like any other. Returns how many were written."""
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction that does the work")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS}
    )
    at = clock.now()
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
    fixed = _fixed_part(shared) + ',"child_id":'
    stored_at = adapt_datetime(at)
    before_fixed = (
        stored_at,
        shared["actor_user_id"],
        shared["actor_username"],
        shared["actor_name"],
        shared["actor_role"],
        shared["actor_org_code"],
        shared["actor_org_name"],
    )
    channel = shared["channel"]
    actions: dict[str, str] = {}  # each action's opening, and each object type, encoded once
    types: dict[str, str] = {}
    encode, encode_text, sha256 = _encode, _encode_text, hashlib.sha256
    seq, prev = head.seq, head.hash
    rows = []
    for action, object_type, object_id, child_id, detail in items:
        seq += 1
        action_text = str(action)
        object_id_text = str(object_id)
        detail_json = encode(detail)
        opening = actions.get(action_text)
        if opening is None:
            opening = actions[action_text] = '{"action":' + encode_text(action_text) + fixed
        type_json = types.get(object_type)
        if type_json is None:
            type_json = types[object_type] = encode_text(object_type)
        if child_id is None:
            child_json = "null"
        elif type(child_id) is int:
            child_json = str(child_id)
        else:
            child_json = encode(child_id)
        canonical = (
            f'{opening}{child_json},"detail":{detail_json},"object_id":{encode_text(object_id_text)}'
            f',"object_type":{type_json},"prev_hash":"{prev}","seq":{seq}}}'
        )
        digest = sha256(canonical.encode()).hexdigest()
        rows.append(
            (
                seq,
                *before_fixed,
                action_text,
                object_type,
                object_id_text,
                child_id,
                channel,
                detail_json,
                prev,
                digest,
            )
        )
        prev = digest
    copy_rows(AuditEvent, _COLUMNS, rows)
    AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
    return len(rows)
