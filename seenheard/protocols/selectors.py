"""Reading an area's protocol values."""

from __future__ import annotations

from seenheard.accounts.models import Organisation
from seenheard.protocols.catalogue import PARAMETERS
from seenheard.protocols.models import ProtocolValue


def _area_chain(area: Organisation | None) -> list[int]:
    ids: list[int] = []
    while area is not None:
        ids.append(area.pk)
        area = area.parent
    return ids


def protocol_value(key: str, *, area: Organisation | None = None) -> int:
    """The value in force for the area (or the organisation above it), else the default."""
    if key not in PARAMETERS:
        raise KeyError(f"unknown protocol parameter {key!r}")
    chain = _area_chain(area)
    rows = ProtocolValue.objects.filter(key=key).order_by("-effective_from")
    for area_id in chain:
        row = rows.filter(area_id=area_id).values_list("value", flat=True).first()
        if row is not None:
            return row
    national = rows.filter(area__isnull=True).values_list("value", flat=True).first()
    return PARAMETERS[key].default if national is None else national
