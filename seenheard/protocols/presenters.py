"""The protocol page's rows: each number and list with its meaning, the requirement in plain
words (never its R-ID), its current value and every change, people by name and role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seenheard.accounts.models import Organisation
from seenheard.accounts.presenters import people_by_username
from seenheard.protocols.catalogue import LISTS, PARAMETERS, ListItem, requirement_words
from seenheard.protocols.selectors import (
    Change,
    protocol_history,
    protocol_list,
    protocol_value,
)


@dataclass(frozen=True)
class ChangeRow:
    at: dt.datetime
    who: str
    reason: str
    value: str


@dataclass(frozen=True)
class ProtocolRow:
    key: str
    meaning: str
    purpose: str
    is_list: bool
    value: int | None
    items: tuple[ListItem, ...]
    default_text: str
    changes: tuple[ChangeRow, ...]


def _value_text(value: int | tuple[ListItem, ...]) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return "; ".join(item.name for item in value)


def _change_rows(changes: list[Change], people: dict[str, str]) -> tuple[ChangeRow, ...]:
    return tuple(
        ChangeRow(
            at=timezone.localtime(c.at),
            who=people.get(c.changed_by, c.changed_by),
            reason=c.reason,
            value=_value_text(c.value),
        )
        for c in changes
    )


def protocol_rows(area: Organisation) -> list[ProtocolRow]:
    """Every list, then every number, of the area's protocol, in the catalogue's order."""
    histories = {key: protocol_history(key, area=area) for key in [*LISTS, *PARAMETERS]}
    people = people_by_username({c.changed_by for h in histories.values() for c in h})
    rows = [
        ProtocolRow(
            key=key,
            meaning=p.meaning,
            purpose=requirement_words(p.requirement),
            is_list=True,
            value=None,
            items=protocol_list(key, area=area),
            default_text=_value_text(p.default),
            changes=_change_rows(histories[key], people),
        )
        for key, p in LISTS.items()
    ]
    rows += [
        ProtocolRow(
            key=key,
            meaning=p.meaning,
            purpose=requirement_words(p.requirement),
            is_list=False,
            value=protocol_value(key, area=area),
            items=(),
            default_text=f"{p.default:,}",
            changes=_change_rows(histories[key], people),
        )
        for key, p in PARAMETERS.items()
    ]
    return rows


def protocol_row(area: Organisation, key: str) -> ProtocolRow | None:
    return next((row for row in protocol_rows(area) if row.key == key), None)
