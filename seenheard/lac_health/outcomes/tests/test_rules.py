"""The rules of outcomes over time (R-OUT-5, R-OUT-4) and the chart's intervention markers,
without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from seenheard.core.charts import date_marker_position, date_markers, line_chart
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.rules import Change, Quarter, Value

NIGHTS = rules.Scale(Decimal(0), Decimal(7), unit="nights")
POINTS = rules.Scale(
    Decimal(0), Decimal(2), points=(rules.Point(0, "Never"), rules.Point(2, "Most days"))
)


def _measure(**changes: object) -> rules.MeasureInput:
    values: dict[str, object] = {
        "name": "Sleeping well",
        "measures": "Nights slept through.",
        "direction": "higher",
        "co_produced_with": "Children in Care Council",
        "reason": "Agreed.",
        "scale": NIGHTS,
    }
    values.update(changes)
    return rules.MeasureInput(**values)  # type: ignore[arg-type]


def test_a_whole_measure_has_no_problems():
    assert rules.measure_problems(_measure()) == {}


def test_every_missing_part_is_named():
    problems = rules.measure_problems(
        _measure(name="", measures=" ", co_produced_with="", reason="", direction="", scale=None)
    )
    assert set(problems) == {
        "name",
        "measures",
        "co_produced_with",
        "reason",
        "direction",
        "scale_min",
    }


def test_100_kb_of_text_is_refused_by_length():
    problems = rules.measure_problems(_measure(measures="x" * 100_000, name="y" * 100_000))
    assert problems["measures"] == "This must be at most 2,000 characters."
    assert problems["name"] == "The name must be at most 200 characters."


def test_scales_that_cannot_be_used_are_refused():
    assert "scale_min" in rules.measure_problems(
        _measure(scale=rules.Scale(Decimal(-1), Decimal(3)))
    )
    assert "scale_max" in rules.measure_problems(
        _measure(scale=rules.Scale(Decimal(3), Decimal(3)))
    )
    same = rules.Scale(Decimal(0), Decimal(1), points=(rules.Point(1, "a"), rules.Point(1, "b")))
    assert rules.measure_problems(_measure(scale=same)) == {
        "points": "Each point needs its own number."
    }


def test_points_are_read_one_a_line():
    points, bad = rules.parse_points("0 = Never\n\n 2= Most days \nsometimes\nx = y")
    assert points == (rules.Point(0, "Never"), rules.Point(2, "Most days"))
    assert bad == ["sometimes", "x = y"]


@given(st.decimals(min_value=0, max_value=7, places=2))
def test_any_value_on_the_scale_is_accepted(value):
    assert rules.value_problem(value, NIGHTS) is None


@given(
    st.one_of(
        st.decimals(max_value=Decimal("-0.01"), places=2, allow_nan=False, allow_infinity=False),
        st.decimals(min_value=Decimal("7.01"), places=2, allow_nan=False, allow_infinity=False),
    )
)
def test_any_value_off_the_scale_is_refused(value):
    assert rules.value_problem(value, NIGHTS) == "The value must be from 0 to 7 nights."


def test_a_labelled_scale_takes_only_its_points():
    assert rules.value_problem(Decimal(2), POINTS) is None
    assert rules.value_problem(Decimal(1), POINTS) == (
        "Choose one of the points on the scale: 0 = Never, 2 = Most days."
    )


def test_dates_before_birth_or_in_the_future_are_refused():
    born, today = dt.date(2014, 3, 2), dt.date(2026, 1, 26)
    check = rules.measured_on_problem
    assert check(when=born, date_of_birth=born, today=today) is None
    assert check(when=today, date_of_birth=born, today=today) is None
    assert check(when=dt.date(2014, 3, 1), date_of_birth=born, today=today)
    assert check(when=dt.date(2026, 1, 27), date_of_birth=born, today=today)


@given(st.floats(0, 100), st.floats(0, 100))
def test_improvement_follows_the_direction(first, latest):
    up = rules.change_of(first, latest, higher_is_better=True)
    down = rules.change_of(first, latest, higher_is_better=False)
    if first == latest:
        assert up == down == Change.SAME
    else:
        assert {up, down} == {Change.IMPROVED, Change.WORSE}
        assert (up == Change.IMPROVED) == (latest > first)


def test_quarters_run_to_todays():
    quarters = rules.quarters_to(dt.date(2026, 1, 26), 3)
    assert [q.label() for q in quarters] == ["Jul-Sep 2025", "Oct-Dec 2025", "Jan-Mar 2026"]


def test_the_cohort_takes_each_childs_latest_value_in_the_quarter():
    values = [
        Value(1, dt.date(2026, 1, 5), 2),
        Value(1, dt.date(2026, 2, 5), 6),  # child 1's latest this quarter
        Value(2, dt.date(2026, 3, 1), 3),
        Value(3, dt.date(2026, 3, 31), 7),
        Value(3, dt.date(2025, 12, 1), 1),
    ]
    previous, this = rules.cohort_by_quarter(values, [Quarter(2025, 4), Quarter(2026, 1)])
    assert (previous.children, previous.median, previous.mean) == (1, 1, 1)
    assert (this.children, this.median, this.mean) == (3, 6, 16 / 3)
    empty = rules.cohort_by_quarter(values, [Quarter(2024, 1)])[0]
    assert (empty.children, empty.median, empty.mean) == (0, None, None)


def test_improvement_compares_first_and_latest_of_children_measured_twice():
    values = [
        Value(1, dt.date(2026, 1, 5), 2),
        Value(1, dt.date(2026, 2, 5), 6),
        Value(2, dt.date(2026, 1, 5), 5),
        Value(2, dt.date(2026, 3, 5), 4),
        Value(3, dt.date(2026, 1, 5), 4),
    ]
    up = rules.improvement(values, higher_is_better=True)
    assert (up.compared, up.improved, up.same, up.worse, up.improved_percent) == (2, 1, 0, 1, 50)
    assert rules.improvement([], higher_is_better=True).improved_percent is None


DAYS = st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), min_size=1, unique=True).map(
    sorted
)


@given(DAYS, st.dates(dt.date(2019, 1, 1), dt.date(2031, 1, 1)), st.integers(0, 3000))
def test_a_marker_sits_inside_the_chart_and_later_is_further_right(days, when, later):
    here = date_marker_position(days, when)
    assert -0.5 <= here <= len(days) - 0.5
    assert date_marker_position(days, when + dt.timedelta(days=later)) >= here
    if when in days:
        assert here == days.index(when)


def test_markers_are_drawn_numbered_and_listed_under_the_table():
    days = [dt.date(2025, 1, 1), dt.date(2026, 1, 1)]
    markers = date_markers(days, [(dt.date(2025, 7, 2), "Referred <b>for</b> review")])
    assert round(markers[0].at, 2) == 0.5  # halfway through the year
    chart = line_chart(
        title="Total difficulties over time",
        summary="SDQ totals.",
        category_label="Date",
        categories=["1 Jan 2025", "1 Jan 2026"],
        series=[("Carer", [18, 12])],
        markers=markers,
    )
    svg = str(chart.svg())
    assert "<title>1: Referred &lt;b&gt;for&lt;/b&gt; review</title>" in svg
    assert 'stroke-dasharray="3 3"' in svg


VALUES = st.lists(
    st.builds(
        Value,
        st.integers(1, 6),
        st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
        st.integers(0, 10).map(float),
    ),
    max_size=40,
)


@given(VALUES)
def test_each_quarter_counts_each_child_once_and_its_middle_lies_within_its_values(values):
    quarters = rules.quarters_to(dt.date(2026, 12, 31), 8)
    for figure in rules.cohort_by_quarter(values, quarters):
        within = [v for v in values if rules.quarter_of(v.on) == figure.quarter]
        assert figure.children == len({v.child_id for v in within})
        if within:
            assert figure.median is not None and figure.mean is not None
            low, high = min(v.value for v in within), max(v.value for v in within)
            assert low <= figure.median <= high and low <= figure.mean <= high


@given(VALUES, st.booleans())
def test_every_child_measured_on_two_days_is_better_the_same_or_worse(values, higher):
    result = rules.improvement(values, higher_is_better=higher)
    twice = {
        c
        for c in {v.child_id for v in values}
        if len({v.on for v in values if v.child_id == c}) > 1
    }
    assert result.compared == len(twice)
    assert result.improved + result.same + result.worse == result.compared
