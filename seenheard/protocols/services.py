"""Changing an area's protocol: a new row, recorded with who and why."""

from __future__ import annotations

from django.db import transaction

from seenheard.accounts.models import Organisation
from seenheard.core import clock
from seenheard.core.memo import caches_clear
from seenheard.protocols.catalogue import PARAMETERS
from seenheard.protocols.models import ProtocolValue


@transaction.atomic
def protocol_value_set(
    *, key: str, value: int, area: Organisation | None, changed_by: str, reason: str
) -> ProtocolValue:
    if key not in PARAMETERS:
        raise ValueError(f"No protocol parameter is called {key!r}.")
    if value < 1:
        raise ValueError("A protocol value must be a positive whole number.")
    if not reason.strip():
        raise ValueError("Say why the protocol is changing.")
    # This process forgets the values it remembered at once (and again when the change
    # commits); other processes within core.memo's 30 seconds.
    caches_clear()
    transaction.on_commit(caches_clear)
    return ProtocolValue.objects.create(
        key=key,
        value=value,
        area=area,
        changed_by=changed_by,
        reason=reason.strip(),
        effective_from=clock.now(),
    )
