"""What an upload plan is made of: plain tuples, not model instances (building 150,000
ProtectionFlags was a good part of a national upload)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from seenheard.flags.upload.checks import Rejection

Key = tuple[str, str, dt.date]  # NHS number, plan type, start date: a plan's identity


class NewFlag(NamedTuple):
    plan_type: str
    nhs_number: str
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date
    start_date: dt.date
    end_date: dt.date | None


class Change(NamedTuple):
    """A flag's new state (the columns an upload may change)."""

    pk: int
    plan_type: str
    child_id: int | None
    mother_id: int | None
    date_of_birth: dt.date
    end_date: dt.date | None
    entered_in_error: bool


@dataclass
class Plan:
    """What a batch of checked records will do, before anything is written: plain tuples, not
    model instances (building 150,000 ProtectionFlags was a good part of a national upload)."""

    creates: list[NewFlag] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    matched: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # (NHS number, plan type) of every line with a readable NHS number, even a rejected one: a
    # full file must not end a plan just because this month's line for it had a typo. A line
    # whose plan type cannot be read protects every plan of that child (ANY_PLAN).
    present: set[tuple[str, str]] = field(default_factory=set)
    # What each applied record did, for the result page (issue 7): FlagUploadChange rows
    # without the upload (kind, line, NHS number, plan type, child, mother, council).
    changes: list[tuple[str, int, str, str, int | None, int | None, int | None]] = field(
        default_factory=list
    )


@dataclass(frozen=True)
class Late:
    """A late file: one that fills a gap in the council's sequence (ADR 021). ``later_at`` is
    when the first later file was applied: a flag changed since then holds newer information
    than this file. ``later_full`` names a complete list applied after this file's number, if
    any: a plan missing from it had ended by then."""

    later_at: dt.datetime
    later_full: int | None
