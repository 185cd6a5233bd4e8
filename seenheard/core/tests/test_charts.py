"""Charts: server-rendered SVG that always comes with a table of its numbers (DESIGN: charts;
R-LEAD-4). What a reader relies on: the drawing is an image with a title and a description,
the numbers are in the table, series differ by more than colour, and text is escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from seenheard.core.charts import (
    ChartKind,
    bar_chart,
    line_chart,
    month_labels,
    nice_ceiling,
)

SVG = "{http://www.w3.org/2000/svg}"


def _wnb():
    return bar_chart(
        title="Children not brought, by month",
        summary="Appointments children were not brought to, each month.",
        category_label="Month",
        categories=month_labels(dt.date(2026, 11, 1), 3),
        series=[("Health visiting", [3, 5, 2]), ("GP", [1, None, 4])],
    )


def _tree(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg()))  # noqa: S314 (our own drawing)


def test_the_drawing_is_an_image_named_by_its_title_and_description():
    chart = _wnb()
    svg = _tree(chart)
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby", "").split()
    assert labelled == [f"{chart.chart_id}-title", f"{chart.chart_id}-desc"]
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Children not brought, by month"
    assert desc is not None and "The numbers are in the table" in (desc.text or "")
    # It scales to its column: a viewBox and a relative width, no fixed size.
    assert svg.get("width") == "100%" and svg.get("viewBox")


def test_the_table_holds_every_number_and_says_where_there_is_none():
    rows = _wnb().table_rows()
    assert rows == [
        ("Nov 2026", ["3", "1"]),
        ("Dec 2026", ["5", "No data"]),
        ("Jan 2027", ["2", "4"]),
    ]


def test_bars_one_for_each_number_and_series_told_apart_by_pattern_not_only_colour():
    chart = _wnb()
    svg = _tree(chart)
    bars = [r for r in svg.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")]
    # 5 numbers drawn (one missing) and a key swatch for each of the 2 series.
    assert len(bars) == 5 + 2
    patterns = {p.get("id"): ET.tostring(p) for p in svg.iter(f"{SVG}pattern")}
    assert len(patterns) == 2
    # The second series' pattern has marks on it (hatching), the first is solid.
    first, second = patterns.values()
    assert b"path" not in first and b"path" in second
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Health visiting" in texts and "GP" in texts  # the key


def test_a_single_series_carries_its_values_on_the_bars():
    chart = bar_chart(
        title="Triaged in 2 working days",
        summary="Share of WNBs triaged in time.",
        category_label="Service",
        categories=["GP", "Health visiting"],
        series=[("Triaged in time", [87.5, 100])],
        unit="%",
        decimals=1,
        y_max=100,
    )
    texts = [t.text for t in _tree(chart).iter(f"{SVG}text")]
    assert "87.5%" in texts and "100.0%" in texts
    assert "100%" in texts  # the top of the scale
    assert chart.table_rows() == [("GP", ["87.5%"]), ("Health visiting", ["100.0%"])]


def test_a_line_has_a_gap_where_a_value_is_missing_and_a_marker_for_each_value():
    chart = line_chart(
        title="SDQ total over time",
        summary="The carer's SDQ total difficulties score at each annual assessment.",
        category_label="Assessment",
        categories=["2023", "2024", "2025", "2026"],
        series=[("Carer", [18, None, 15, 12]), ("Young person", [20, 19, 16, None])],
        y_max=40,
    )
    assert chart.kind == ChartKind.LINE
    svg = _tree(chart)
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 3  # the carer's line breaks at 2024
    dashes = {line.get("stroke-dasharray") for line in lines}
    assert len(dashes) == 2  # the two series are dashed differently, not only coloured
    markers = [el for el in svg.iter() if el.find(f"{SVG}title") is not None]
    assert any(m.find(f"{SVG}title").text == "Carer, 2025: 15" for m in markers)


def test_text_is_escaped():
    chart = bar_chart(
        title="<script>alert(1)</script>",
        summary="a & b",
        category_label="Service",
        categories=["<b>x</b>"],
        series=[("<i>", [1])],
    )
    svg = str(chart.svg())
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    ET.fromstring(svg)  # noqa: S314 (still well-formed)


def test_many_categories_slant_their_labels():
    chart = bar_chart(
        title="Twelve months",
        summary="s",
        category_label="Month",
        categories=month_labels(dt.date(2026, 1, 1), 12),
        series=[("All", list(range(12)))],
    )
    assert "rotate(-40" in str(chart.svg())


@pytest.mark.parametrize(
    "series",
    [[("A", [1, 2])], [("A", [1, -2, 3])], [("A", [1, float("nan"), 3])], []],
)
def test_bad_data_is_refused(series):
    with pytest.raises(ValueError):
        bar_chart(
            title="t", summary="s", category_label="c", categories=["a", "b", "c"], series=series
        )


def test_month_labels_cross_the_year():
    assert month_labels(dt.date(2026, 11, 15), 3) == ("Nov 2026", "Dec 2026", "Jan 2027")


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False))
def test_the_scale_top_is_at_or_above_the_largest_value_and_within_its_order(value):
    top = nice_ceiling(value)
    assert value <= top <= value * 10.0 + 1e-9


def test_the_macro_renders_the_drawing_and_a_table_of_the_numbers():
    template = engines["jinja2"].from_string(
        '{% from "core/charts.jinja" import chart %}{{ chart(c, heading=3) }}'
    )
    html = template.render({"c": _wnb()})
    assert '<h3 class="nhsuk-heading-s">Children not brought, by month</h3>' in html
    assert 'role="img"' in html
    assert "<caption" in html and "the numbers</caption>" in html
    assert '<th scope="row" class="nhsuk-table__header">' in html
    assert html.count("No data") == 1
