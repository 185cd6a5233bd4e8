"""Figures for boards and commissioners (R-LEAD-4), collected from every app: each registers
a section, a function ``(area) -> FigureSection | None`` giving charts (``core.charts``) of
counts for the area's organisations over the last 12 months. No section names or links to a
child, and counts from 1 to 4 are not shown (``suppressed``), so that no child can be
recognised in a small area. In the app's ``AppConfig.ready()``::

    from seenheard.figures.registry import figures_section_register
    figures_section_register("was-not-brought", wnb_figures)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from seenheard.core import clock
from seenheard.core.charts import Chart

#: Counts below this (and above 0) are not shown: small numbers can identify a child.
SMALLEST_SHOWN = 5
SUPPRESSED_TEXT = "Fewer than 5"


@dataclass(frozen=True)
class FiguresArea:
    """Whose figures: the area (a commissioner, or a council with its teams), every
    organisation in it, and the twelve months shown (first days, oldest first)."""

    name: str
    org_ids: frozenset[int]
    months: tuple[dt.date, ...]

    @property
    def since(self) -> dt.date:
        return self.months[0]


@dataclass(frozen=True)
class FigureSection:
    title: str
    #: What the section counts and where the numbers come from, in a sentence or two.
    about: str
    charts: tuple[Chart, ...]


Section = Callable[[FiguresArea], "FigureSection | None"]
_SECTIONS: dict[str, Section] = {}


def figures_section_register(name: str, section: Section) -> None:
    _SECTIONS[name] = section


def registered_sections() -> dict[str, Section]:
    return dict(_SECTIONS)


def last_twelve_months(today: dt.date | None = None) -> tuple[dt.date, ...]:
    today = today or clock.today()
    year, month = today.year, today.month
    months = []
    for _ in range(12):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return tuple(reversed(months))


def suppressed(count: int) -> int | None:
    """A count as a board may see it: None (shown as "Fewer than 5") from 1 to 4."""
    return None if 0 < count < SMALLEST_SHOWN else count


def by_month(
    months: Sequence[dt.date], rows: Iterable[tuple[dt.date | dt.datetime | None, int]]
) -> list[int]:
    """Counts per month (in ``months``' order) from (month, count) rows."""
    index = {m: i for i, m in enumerate(months)}
    counts = [0] * len(months)
    for when, count in rows:
        if when is None:
            continue
        day = when.date() if isinstance(when, dt.datetime) else when
        i = index.get(day.replace(day=1))
        if i is not None:
            counts[i] += count
    return counts
