"""Changing an area's protocol: a new row, recorded with who and why (and in the audit trail
when a member of staff changes it on the page)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.core.memo import caches_clear
from seenheard.protocols import errors
from seenheard.protocols.catalogue import LISTS, PARAMETERS, ListItem
from seenheard.protocols.models import ProtocolList, ProtocolValue
from seenheard.protocols.selectors import protocol_area_changeable_by

#: The largest value any parameter may take (a count, a number of months, hours or minutes).
VALUE_MAX = 1_000_000
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def _forget_on_commit() -> None:
    # This process forgets the values it remembered at once (and again when the change
    # commits); other processes within core.memo's 30 seconds.
    caches_clear()
    transaction.on_commit(caches_clear)


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonMissing()
    if len(reason) > errors.REASON_MAX:
        raise errors.ReasonTooLong()
    return reason


@transaction.atomic
def protocol_value_set(
    *, key: str, value: int, area: Organisation | None, changed_by: str, reason: str
) -> ProtocolValue:
    if key not in PARAMETERS:
        raise errors.ParameterUnknown(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise errors.ValueNotWholeNumber()
    if value > VALUE_MAX:
        raise errors.ValueTooLarge(VALUE_MAX)
    reason = _checked_reason(reason)
    _forget_on_commit()
    return ProtocolValue.objects.create(
        key=key,
        value=value,
        area=area,
        changed_by=changed_by,
        reason=reason,
        effective_from=clock.now(),
    )


def checked_items(items: Sequence[ListItem]) -> tuple[ListItem, ...]:
    """The entries, trimmed, or the first problem with them (positions count from 1)."""
    cleaned = tuple(ListItem(i.code.strip(), i.name.strip(), i.description.strip()) for i in items)
    if not cleaned:
        raise errors.ListEmpty()
    seen: set[str] = set()
    for position, item in enumerate(cleaned, start=1):
        _check_item(position, item)
        if item.code in seen:
            raise errors.ListCodeRepeated(position, item.code)
        seen.add(item.code)
    return cleaned


def _check_item(position: int, item: ListItem) -> None:
    limits = (
        ("code", item.code, errors.CODE_MAX),
        ("name", item.name, errors.NAME_MAX),
        ("description", item.description, errors.DESCRIPTION_MAX),
    )
    for part, text, limit in limits:
        if not text:
            raise errors.ListEntryIncomplete(position, part)
        if len(text) > limit:
            raise errors.ListEntryTooLong(position, part, limit)
    if not _CODE.match(item.code):
        raise errors.ListCodeInvalid(position)


@transaction.atomic
def protocol_list_set(
    *,
    key: str,
    items: Sequence[ListItem],
    area: Organisation | None,
    changed_by: str,
    reason: str,
) -> ProtocolList:
    """A new version of the area's list (the whole list), with who and why."""
    if key not in LISTS:
        raise errors.ParameterUnknown(key)
    cleaned = checked_items(items)
    reason = _checked_reason(reason)
    _forget_on_commit()
    return ProtocolList.objects.create(
        key=key,
        items=[{"code": i.code, "name": i.name, "description": i.description} for i in cleaned],
        area=area,
        changed_by=changed_by,
        reason=reason,
        effective_from=clock.now(),
    )


def _changeable_area(actor: Actor, key: str) -> Organisation:
    if key not in PARAMETERS and key not in LISTS:
        raise errors.ParameterUnknown(key)
    area = protocol_area_changeable_by(actor)
    if area is None:
        raise errors.ChangeNotAllowed()
    return area


@transaction.atomic
def protocol_value_change(*, actor: Actor, key: str, value: int, reason: str) -> ProtocolValue:
    """The actor changes a number of their area's protocol (issue 10 item 7): only the area's
    designated professionals; recorded with who and why, and audited."""
    area = _changeable_area(actor, key)
    row = protocol_value_set(
        key=key, value=value, area=area, changed_by=actor.username, reason=reason
    )
    _audit(actor, "ProtocolValue", row.pk, key=key, area=area, detail={"value": value})
    return row


@transaction.atomic
def protocol_list_change(
    *, actor: Actor, key: str, items: Sequence[ListItem], reason: str
) -> ProtocolList:
    """The actor changes a list of their area's protocol (its threshold levels, R-REF-1)."""
    area = _changeable_area(actor, key)
    row = protocol_list_set(
        key=key, items=items, area=area, changed_by=actor.username, reason=reason
    )
    _audit(
        actor,
        "ProtocolList",
        row.pk,
        key=key,
        area=area,
        detail={"codes": [i["code"] for i in row.items]},
    )
    return row


def _audit(
    actor: Actor,
    object_type: str,
    object_id: int,
    *,
    key: str,
    area: Organisation,
    detail: dict[str, object],
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=object_type,
        object_id=object_id,
        detail={"key": key, "area": area.code, **detail},
    )
