"""Markers on a line chart (``core.charts``): things done between its dates (R-OUT-4: a
referral for a specialist review, a health plan), each a numbered dashed upright, listed under
the chart's table by ``core/charts.jinja``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape


@dataclass(frozen=True)
class Marker:
    """Something that happened between the categories of a line chart (an intervention: a
    referral, a plan), drawn as a numbered upright line and listed under the table. ``at`` is
    a category's index; 1.5 is halfway between the second and third."""

    at: float
    label: str


def date_marker_position(days: Sequence[dt.date], when: dt.date) -> float:
    """Where something done on ``when`` sits among a line chart's dates (sorted, one per
    category): at the index of a date it falls on, between two in proportion, half a place
    before the first or after the last when outside them."""
    if not days or when < days[0]:
        return -0.5
    if when > days[-1]:
        return len(days) - 0.5
    for i, day in enumerate(days):
        if when == day:
            return float(i)
        if when < day:
            before = days[i - 1]
            return i - 1 + (when - before).days / (day - before).days
    return float(len(days) - 1)  # pragma: no cover (when == days[-1] returned above)


def date_markers(
    days: Sequence[dt.date], events: Sequence[tuple[dt.date, str]]
) -> tuple[Marker, ...]:
    """Markers for things done on dates (R-OUT-4: a referral, a plan), in date order."""
    return tuple(
        Marker(date_marker_position(days, when), label)
        for when, label in sorted(events, key=lambda e: e[0])
    )


def markers_svg(
    markers: Sequence[Marker], *, left: float, band: float, top: float, bottom: float
) -> str:
    """Each marker an upright dashed line with its number at the top (the list under the
    table says what each number is); ``band`` is the width of one category."""
    out = []
    placed: list[tuple[float, float]] = []  # the numbers' boxes so far: x and top
    for number, marker in enumerate(markers, start=1):
        x = left + band * (marker.at + 0.5)
        # A number close to one already drawn goes below it, so neither hides the other.
        y = top - 2
        while any(abs(x - px) < 18 and abs(y - py) < 18 for px, py in placed):
            y += 18
        placed.append((x, y))
        out.append(
            f"<g><title>{number}: {escape(marker.label)}</title>"
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
            'stroke="#212b32" stroke-width="1.5" stroke-dasharray="3 3"/>'
            f'<rect x="{x - 8:.1f}" y="{y:.1f}" width="16" height="16" fill="#fff" '
            'stroke="#212b32"/>'
            f'<text x="{x:.1f}" y="{y + 12:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#212b32">{number}</text></g>'
        )
    return "".join(out)
