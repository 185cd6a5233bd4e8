"""Reading an area's protocol: the nearest organisation's latest value (or list), else the
area's, else the national one, else the catalogue default (the report's number; the common
four-level threshold model)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.core.memo import TtlCache
from seenheard.protocols.catalogue import LISTS, PARAMETERS, ListItem
from seenheard.protocols.models import ProtocolList, ProtocolValue

_chains: TtlCache[list[int]] = TtlCache("area_chain")
_values: TtlCache[dict[str, int]] = TtlCache("protocol_values")
_lists: TtlCache[tuple[ListItem, ...]] = TtlCache("protocol_lists")


def area_chain(area: Organisation | None) -> list[int]:
    """The organisation, every organisation above it, then the commissioning area it is in
    (``Organisation.area``, its own or the nearest one above it), nearest first. One query per
    level above its parent, which in practice is none or one; remembered for a while
    (core.memo)."""
    if area is None:
        return []
    return list(
        _chains.get_or_set((area.pk, area.parent_id, area.area_id), lambda: _area_chain(area))
    )


def _area_chain(area: Organisation) -> list[int]:
    chain = [area.pk]
    parent_id = area.parent_id
    area_id = area.area_id
    while parent_id is not None and parent_id not in chain:
        chain.append(parent_id)
        row = Organisation.objects.filter(pk=parent_id).values_list("parent_id", "area_id").first()
        parent_id, above_area = row if row else (None, None)
        area_id = area_id or above_area
    if area_id is not None and area_id not in chain:
        chain.append(area_id)
    return chain


def protocol_area_of(organisation: Organisation) -> Organisation:
    """Whose protocol applies to an organisation: the commissioning area it (or the nearest
    organisation above it) is in, else the organisation at the top of its tree (a council, or
    a trust with no area). A commissioner is its own area."""
    if organisation.kind == OrgKind.COMMISSIONER:
        return organisation
    chain = area_chain(organisation)
    top = Organisation.objects.filter(pk=chain[-1]).first()
    return top or organisation


def protocol_values_for(keys: tuple[str, ...], *, chain: list[int]) -> dict[str, int]:
    """Several protocol values in one query (registration reads six at once), remembered for a
    while (core.memo): protocol_value_set clears them."""
    return dict(
        _values.get_or_set((keys, tuple(chain)), lambda: _protocol_values_for(keys, chain=chain))
    )


def _protocol_values_for(keys: tuple[str, ...], *, chain: list[int]) -> dict[str, int]:
    rows = (
        ProtocolValue.objects.filter(key__in=keys)
        .filter(Q(area_id__in=chain) | Q(area__isnull=True))
        .order_by("-effective_from", "-pk")
        .values_list("key", "area_id", "value")
    )
    latest: dict[tuple[str, int | None], int] = {}
    for key, area_id, value in rows:
        latest.setdefault((key, area_id), value)
    found: dict[str, int] = {}
    for key in keys:
        for level in [*chain, None]:
            if (key, level) in latest:
                found[key] = latest[(key, level)]
                break
        else:
            found[key] = PARAMETERS[key].default
    return found


def protocol_value(key: str, *, area: Organisation | None = None) -> int:
    """The value in force for the area (or the organisation above it), else the default."""
    if key not in PARAMETERS:
        raise KeyError(f"unknown protocol parameter {key!r}")
    return protocol_values_for((key,), chain=area_chain(area))[key]


def protocol_list(key: str, *, area: Organisation | None = None) -> tuple[ListItem, ...]:
    """The list in force for the area (or the organisation above it, or its commissioning
    area), else the national one, else the catalogue default. Remembered for a while
    (core.memo): protocol_list_set clears it."""
    if key not in LISTS:
        raise KeyError(f"unknown protocol list {key!r}")
    chain = area_chain(area)
    return _lists.get_or_set((key, tuple(chain)), lambda: _protocol_list(key, chain=chain))


def _protocol_list(key: str, *, chain: list[int]) -> tuple[ListItem, ...]:
    latest = _latest_list_row(key, chain=chain)
    if latest is None:
        return LISTS[key].default
    return items_of(latest.items)


def _latest_list_row(key: str, *, chain: list[int]) -> ProtocolList | None:
    rows = ProtocolList.objects.filter(key=key).filter(Q(area_id__in=chain) | Q(area__isnull=True))
    latest: dict[int | None, ProtocolList] = {}
    for row in rows.order_by("-effective_from", "-pk"):
        latest.setdefault(row.area_id, row)
    for level in [*chain, None]:
        if level in latest:
            return latest[level]
    return None


def items_of(stored: object) -> tuple[ListItem, ...]:
    """A stored list's entries (JSON) as ListItems."""
    entries = stored if isinstance(stored, list) else []
    return tuple(
        ListItem(str(e.get("code", "")), str(e.get("name", "")), str(e.get("description", "")))
        for e in entries
        if isinstance(e, dict)
    )


def protocol_list_item(key: str, code: str, *, area: Organisation | None = None) -> ListItem | None:
    """The entry with this code in the area's list, or None when the area's list has none
    (a threshold level not in the area's document, R-REF-1)."""
    return next((item for item in protocol_list(key, area=area) if item.code == code), None)


@dataclass(frozen=True)
class Change:
    """One recorded change of a value or list at an area: when, who (a username, shown by
    name and role), why, and the value (a number, or the list's entries)."""

    at: dt.datetime
    changed_by: str
    reason: str
    value: int | tuple[ListItem, ...]


def protocol_history(key: str, *, area: Organisation) -> list[Change]:
    """Every change of a value or list made for this area, newest first."""
    if key in PARAMETERS:
        values = ProtocolValue.objects.filter(key=key, area=area).order_by("-effective_from", "-pk")
        return [Change(v.effective_from, v.changed_by, v.reason, v.value) for v in values]
    if key in LISTS:
        lists = ProtocolList.objects.filter(key=key, area=area).order_by("-effective_from", "-pk")
        return [Change(r.effective_from, r.changed_by, r.reason, items_of(r.items)) for r in lists]
    raise KeyError(f"unknown protocol parameter {key!r}")


def protocol_area_readable_by(actor: Actor) -> Organisation | None:
    """The area whose protocol the actor reads on the protocol page (their organisation's),
    or None when their role does not read it (issue 10 item 7)."""
    if not policy_for(actor.role).reads_area_protocol:
        return None
    return protocol_area_of(actor.organisation)


def protocol_area_changeable_by(actor: Actor) -> Organisation | None:
    """The area whose protocol the actor may change: their own organisation, when their role
    changes protocols and that organisation is the area itself (the designated professionals
    at the commissioner; a trust's named lead reads the area's protocol but does not change
    it). None otherwise."""
    if not policy_for(actor.role).changes_area_protocol:
        return None
    area = protocol_area_of(actor.organisation)
    return area if area.pk == actor.organisation.pk else None
