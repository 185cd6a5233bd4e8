"""Writing to the audit trail. Callers are already inside the transaction that did the work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.audit.chain import CHAINED_FIELDS, GENESIS, event_hash
from seenheard.audit.models import AuditAction, AuditEvent, AuditHead
from seenheard.core import clock


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


def audit_record_many(*, actor: Actor, items: Sequence[AuditItem]) -> int:
    """Append many events at once (uploads, imports): the same chain and the same
    same-transaction rule as ``audit_record``, but the head is locked once and the rows go in
    with one executemany, because three queries an event would make a national feed take hours.
    ``audit_chain_verify`` checks these rows like any other. Returns how many were written."""
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction that does the work")
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS}
    )
    connection = transaction.get_connection()
    as_time = connection.ops.adapt_datetimefield_value
    as_json = connection.ops.adapt_json_value
    at = clock.now()
    seq, prev = head.seq, head.hash
    rows = []
    for action, object_type, object_id, child_id, detail in items:
        seq += 1
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
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
            "detail": detail,
        }
        digest = event_hash(fields, prev)
        stored = {**fields, "at": as_time(at), "detail": as_json(detail, None)}
        rows.append((*(stored[c] for c in CHAINED_FIELDS), prev, digest))
        prev = digest
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    sql = f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - our names
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
    return len(rows)
