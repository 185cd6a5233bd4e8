"""Reading an area's protocol values: the nearest area's latest value, else the national
value, else the catalogue default (the report's number)."""

from __future__ import annotations

from django.db.models import Q

from seenheard.accounts.models import Organisation
from seenheard.core.memo import TtlCache
from seenheard.protocols.catalogue import LISTS, PARAMETERS, ListItem
from seenheard.protocols.models import ProtocolValue

_chains: TtlCache[list[int]] = TtlCache("area_chain")
_values: TtlCache[dict[str, int]] = TtlCache("protocol_values")


def area_chain(area: Organisation | None) -> list[int]:
    """The organisation and every organisation above it, nearest first (one query per level
    above its parent, which in practice is none or one; remembered for a while, core.memo)."""
    if area is None:
        return []
    return list(_chains.get_or_set((area.pk, area.parent_id), lambda: _area_chain(area)))


def _area_chain(area: Organisation) -> list[int]:
    chain = [area.pk]
    parent_id = area.parent_id
    while parent_id is not None and parent_id not in chain:
        chain.append(parent_id)
        parent_id = (
            Organisation.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return chain


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
    """The list in force for the area. (Until areas' own lists land in this app, the
    catalogue default: the common four-level threshold model.)"""
    if key not in LISTS:
        raise KeyError(f"unknown protocol list {key!r}")
    return LISTS[key].default
