"""The shapes of the protocol's entries: a number (``Parameter``) and a list an area words for
itself (``ListParameter`` of ``ListItem``). Declared in ``catalogue`` (and the modules of lists
it gathers), read through ``selectors``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    key: str
    default: int
    requirement: str
    meaning: str


@dataclass(frozen=True)
class ListItem:
    """One entry of an area's list: a stable code (what records keep), a short name and what
    it means, as the area's document words it."""

    code: str
    name: str
    description: str


@dataclass(frozen=True)
class ListParameter:
    key: str
    default: tuple[ListItem, ...]
    requirement: str
    meaning: str
