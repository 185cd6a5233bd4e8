"""Charts as server-rendered SVG, always with a table of the numbers (DESIGN: charts).

A chart is data (``Chart``): a title, one sentence saying what it shows, the categories along
the bottom (months, services) and one or more series of numbers. ``Chart.svg()`` draws it by
hand (no JavaScript, no images fetched, nothing to install); the Jinja2 macro
``core/charts.jinja``'s ``chart(c)`` puts the drawing and an NHS.UK table of the same numbers
on the page. The drawing is ``role="img"`` with its title and description; each series differs
by pattern or marker and dash as well as colour, and single series carry their values, so no
meaning rests on colour alone; it scales to the width of its column (320 px included).

    from seenheard.core.charts import bar_chart
    c = bar_chart(title="Children not brought, by month", summary="...",
                  category_label="Month", categories=month_labels(first, 12),
                  series=[("Health visiting", [3, 5, ...]), ("GP", [...])])
    {% from "core/charts.jinja" import chart %} {{ chart(c) }}
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from markupsafe import Markup, escape

from seenheard.core.chart_markers import Marker as Marker
from seenheard.core.chart_markers import date_marker_position as date_marker_position
from seenheard.core.chart_markers import date_markers as date_markers
from seenheard.core.chart_markers import markers_svg

W, H = 480, 270
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
#: Colours with at least 3:1 contrast against white (NHS.UK palette), in order of use.
COLOURS = ("#005eb8", "#d5281b", "#007f3b", "#330072", "#425563", "#7c2855")
#: Line dashes and markers: a second way, beside colour, to tell the series apart.
DASHES = ("", "6 3", "2 3", "8 3 2 3", "10 4", "4 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
FONT = "Frutiger W01, Arial, sans-serif"


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str
    #: One sentence saying what the chart shows (its description; shown above the table).
    summary: str
    #: The heading of the table's first column: "Month", "Service".
    category_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    #: Appended to every number: "%" for percentages, "" for counts.
    unit: str = ""
    decimals: int = 0
    #: The top of the scale (100 for percentages; 40 for an SDQ total); else from the data.
    y_max: float | None = None
    #: Unique on the page: the ids of the title, description and patterns start with it.
    chart_id: str = field(default="")
    #: What the table says for a missing value: "No data", or "Fewer than 5" for counts held
    #: back so that no child can be recognised.
    gap_text: str = "No data"
    #: Line charts: interventions marked across the plot, numbered in order (R-OUT-4).
    markers: tuple[Marker, ...] = ()

    def format(self, value: float | None) -> str:
        """A number as the table and the labels show it ("No data" for a gap)."""
        if value is None:
            return self.gap_text
        return f"{value:,.{self.decimals}f}{self.unit}"

    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (category, [self.format(s.values[i]) for s in self.series])
            for i, category in enumerate(self.categories)
        ]

    def svg(self) -> Markup:
        # Every text drawn is escaped in _draw; the rest is markup written here.
        return Markup(_draw(self))  # noqa: S704


def _chart(
    kind: ChartKind,
    *,
    title: str,
    summary: str,
    category_label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str,
    decimals: int,
    y_max: float | None,
    chart_id: str,
    gap_text: str = "No data",
    markers: Sequence[Marker] = (),
) -> Chart:
    cats = tuple(str(c) for c in categories)
    built = tuple(Series(name, tuple(values)) for name, values in series)
    if not built:
        raise ValueError("A chart needs at least one series.")
    for s in built:
        if len(s.values) != len(cats):
            raise ValueError(f"Series {s.name!r} has {len(s.values)} values for {len(cats)}.")
        if any(v is not None and (not math.isfinite(v) or v < 0) for v in s.values):
            raise ValueError(f"Series {s.name!r} has a value that cannot be drawn.")
    if any(not (-0.5 <= m.at <= len(cats) - 0.5) for m in markers):
        raise ValueError("A marker lies outside the chart.")
    return Chart(
        kind=kind,
        title=title,
        summary=summary,
        category_label=category_label,
        categories=cats,
        series=built,
        unit=unit,
        decimals=decimals,
        y_max=y_max,
        chart_id=chart_id or _slug(title),
        gap_text=gap_text,
        markers=tuple(markers),
    )


def bar_chart(
    *,
    title: str,
    summary: str,
    category_label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str = "",
    decimals: int = 0,
    y_max: float | None = None,
    chart_id: str = "",
    gap_text: str = "No data",
) -> Chart:
    """Bars for each category (month, service), grouped when there are several series."""
    return _chart(
        ChartKind.BAR,
        title=title,
        summary=summary,
        category_label=category_label,
        categories=categories,
        series=series,
        unit=unit,
        decimals=decimals,
        y_max=y_max,
        chart_id=chart_id,
        gap_text=gap_text,
    )


def line_chart(
    *,
    title: str,
    summary: str,
    category_label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str = "",
    decimals: int = 0,
    y_max: float | None = None,
    chart_id: str = "",
    gap_text: str = "No data",
    markers: Sequence[Marker] = (),
) -> Chart:
    """A line for each series over time (an SDQ score at each assessment ...); a gap where a
    value is missing; ``markers`` show when something was done (a referral, a plan), so its
    effect shows."""
    return _chart(
        ChartKind.LINE,
        title=title,
        summary=summary,
        category_label=category_label,
        categories=categories,
        series=series,
        unit=unit,
        decimals=decimals,
        y_max=y_max,
        chart_id=chart_id,
        gap_text=gap_text,
        markers=markers,
    )


def month_labels(first: dt.date, count: int) -> tuple[str, ...]:
    """``count`` months from ``first``'s month: ("Jan 2026", "Feb 2026", ...)."""
    labels = []
    year, month = first.year, first.month
    for _ in range(count):
        labels.append(dt.date(year, month, 1).strftime("%b %Y"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(labels)


def nice_ceiling(value: float) -> float:
    """The scale's top: the next of 1, 2, 2.5 or 5 times a power of ten at or above value."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover (the loop ends at 10)


def _slug(text: str) -> str:
    return "chart-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x")


# Drawing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the drawing, and its scale."""

    top: float
    bottom: float
    left: float
    right: float
    y_top: float

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * (value / self.y_top)

    def band(self, n: int) -> float:
        return (self.right - self.left) / max(n, 1)


def _frame(chart: Chart) -> _Frame:
    values = [v for s in chart.series for v in s.values if v is not None]
    y_top = chart.y_max or nice_ceiling(max(values, default=0))
    legend = 18 * len(chart.series) if len(chart.series) > 1 else 0
    bottom = H - BOTTOM
    return _Frame(top=TOP + legend, bottom=bottom, left=LEFT, right=W - RIGHT, y_top=y_top)


def _rotated(chart: Chart) -> bool:
    """Category labels slant when they would not fit side by side."""
    room = (W - LEFT - RIGHT) / max(len(chart.categories), 1)
    return max((len(c) for c in chart.categories), default=0) * 6.5 > room


def _draw(chart: Chart) -> str:
    frame = _frame(chart)
    cid = escape(chart.chart_id)
    height = H + (22 if _rotated(chart) else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="100%" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" focusable="false" '
        f'font-family="{FONT}" font-size="12" class="sh-chart">',
        f'<title id="{cid}-title">{escape(chart.title)}</title>',
        f'<desc id="{cid}-desc">{escape(chart.summary)} The numbers are in the table '
        "below the chart.</desc>",
        _patterns(chart),
        _axes(chart, frame),
        _bars(chart, frame) if chart.kind == ChartKind.BAR else _lines(chart, frame),
        markers_svg(
            chart.markers,
            left=frame.left,
            band=frame.band(len(chart.categories)),
            top=frame.top,
            bottom=frame.bottom,
        ),
        _legend(chart),
        "</svg>",
    ]
    return "".join(parts)


def _patterns(chart: Chart) -> str:
    """Fills for the bars: solid, then hatched, dotted and crossed, each in its colour."""
    cid = escape(chart.chart_id)
    marks = (
        "",
        '<path d="M0 8L8 0" stroke="#fff" stroke-width="2"/>',
        '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        '<path d="M0 0L8 8M0 8L8 0" stroke="#fff" stroke-width="1.5"/>',
        '<path d="M0 4H8" stroke="#fff" stroke-width="2"/>',
        '<path d="M4 0V8" stroke="#fff" stroke-width="2"/>',
    )
    defs = [
        f'<pattern id="{cid}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{COLOURS[i % 6]}"/>{marks[i % 6]}</pattern>'
        for i in range(len(chart.series))
    ]
    return "<defs>" + "".join(defs) + "</defs>"


def _axes(chart: Chart, f: _Frame) -> str:
    out = []
    for i in range(5):
        value = f.y_top * i / 4
        y = f.y(value)
        out.append(
            f'<line x1="{f.left}" x2="{f.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{"#425563" if i == 0 else "#d8dde0"}" stroke-width="1"/>'
            f'<text x="{f.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#212b32">'
            f"{escape(_tick(chart, value))}</text>"
        )
    band = f.band(len(chart.categories))
    rotated = _rotated(chart)
    for i, category in enumerate(chart.categories):
        x = f.left + band * (i + 0.5)
        y = f.bottom + 16
        turn = f' transform="rotate(-40 {x:.1f} {y:.1f})" text-anchor="end"' if rotated else ""
        anchor = "" if rotated else ' text-anchor="middle"'
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}"{anchor}{turn} fill="#212b32">{escape(category)}</text>'
        )
    return "".join(out)


def _tick(chart: Chart, value: float) -> str:
    decimals = 0 if value == int(value) else 1
    return f"{value:,.{decimals}f}{chart.unit}"


def _bars(chart: Chart, f: _Frame) -> str:
    band = f.band(len(chart.categories))
    width = band * 0.8 / len(chart.series)
    labelled = len(chart.series) == 1
    out = []
    for s_index, series in enumerate(chart.series):
        for i, value in enumerate(series.values):
            if value is None:
                continue
            x = f.left + band * i + band * 0.1 + width * s_index
            y = f.y(min(value, f.y_top))
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{f.bottom - y:.1f}" '
                f'fill="url(#{escape(chart.chart_id)}-p{s_index})" stroke="{COLOURS[s_index % 6]}">'
                f"<title>{escape(series.name)}, {escape(chart.categories[i])}: "
                f"{escape(chart.format(value))}</title></rect>"
            )
            if labelled:
                out.append(
                    f'<text x="{x + width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-size="11" fill="#212b32">{escape(chart.format(value))}</text>'
                )
    return "".join(out)


def _lines(chart: Chart, f: _Frame) -> str:
    band = f.band(len(chart.categories))
    out = []
    for s_index, series in enumerate(chart.series):
        colour, dash = COLOURS[s_index % 6], DASHES[s_index % 6]
        points = [
            (f.left + band * (i + 0.5), f.y(min(v, f.y_top)), v)
            for i, v in enumerate(series.values)
            if v is not None
        ]
        for run in _runs(series.values, points):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dashes}/>"
            )
        for (x, y, value), category in zip(points, _present(chart, series), strict=True):
            label = f"{series.name}, {category}: {chart.format(value)}"
            out.append(_marker(MARKERS[s_index % 6], x, y, colour, label))
    return "".join(out)


def _present(chart: Chart, series: Series) -> list[str]:
    return [c for c, v in zip(chart.categories, series.values, strict=True) if v is not None]


def _runs(
    values: tuple[float | None, ...], points: list[tuple[float, float, float]]
) -> list[list[tuple[float, float, float]]]:
    """The points split where a value is missing, so the line has a gap there."""
    runs: list[list[tuple[float, float, float]]] = [[]]
    it = iter(points)
    for value in values:
        if value is None:
            runs.append([])
        else:
            runs[-1].append(next(it))
    return [run for run in runs if run]


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> str:
    title = f"<title>{escape(label)}</title>"
    if shape == "square":
        body = f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">'
        return body + title + "</rect>"
    if shape == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{colour}">{title}</polygon>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}">{title}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{title}</circle>'


def _legend(chart: Chart) -> str:
    """The key, when there is more than one series: each swatch drawn as its series is."""
    if len(chart.series) < 2:
        return ""
    out = []
    for i, series in enumerate(chart.series):
        y = TOP + 18 * i
        if chart.kind == ChartKind.BAR:
            swatch = (
                f'<rect x="{LEFT}" y="{y - 9}" width="14" height="12" '
                f'fill="url(#{escape(chart.chart_id)}-p{i})" stroke="{COLOURS[i % 6]}"/>'
            )
        else:
            dash = DASHES[i % 6]
            swatch = (
                f'<line x1="{LEFT - 4}" x2="{LEFT + 18}" y1="{y - 3}" y2="{y - 3}" '
                f'stroke="{COLOURS[i % 6]}" stroke-width="2.5"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
                + _marker(MARKERS[i % 6], LEFT + 7, y - 3, COLOURS[i % 6], series.name)
            )
        out.append(
            f'{swatch}<text x="{LEFT + 24}" y="{y + 1}" fill="#212b32">{escape(series.name)}</text>'
        )
    return "".join(out)
