"""The rules of outcomes over time, as plain functions (R-OUT-5, R-OUT-4).

An area defines its own measures with its children: a name, what it measures, a scale (from a
lowest to a highest number with a unit, or a few labelled points), and which way is better. A
value is recorded against the measure's scale; whether a child's outcome improved compares
their first and latest values in the measure's direction. A cohort's figures per quarter take
each child's latest value in the quarter. No database, no clock: the day is an argument.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

NAME_MAX = 200
TEXT_MAX = 2000
UNIT_MAX = 40
LABEL_MAX = 100
POINTS_MAX = 11
#: The top of any scale: a chart's axis and a number a person can read.
SCALE_TOP = Decimal(100_000)
DECIMALS = 2


@dataclass(frozen=True)
class Point:
    """One labelled point of a scale: ``0 = Not at all``."""

    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    minimum: Decimal
    maximum: Decimal
    unit: str = ""
    points: tuple[Point, ...] = ()

    def words(self) -> str:
        """The scale in plain words: "0 to 10 hours", or its points."""
        if self.points:
            return ", ".join(f"{p.value} = {p.label}" for p in self.points)
        unit = f" {self.unit}" if self.unit else ""
        return f"{number_text(self.minimum)} to {number_text(self.maximum)}{unit}"


def number_text(value: Decimal | float) -> str:
    """A number as people write it: 7, 7.5, 7.25 (no trailing zeros)."""
    text = f"{Decimal(str(value)):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def parse_number(text: str) -> Decimal | None:
    """A number as typed ("7", "7.5", " 10 "), or None when it is not one."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def parse_points(text: str) -> tuple[tuple[Point, ...], list[str]]:
    """Labelled points, one a line as ``0 = Not at all``; the lines that are not like that."""
    points: list[Point] = []
    bad: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        number, sep, label = line.partition("=")
        if not sep or not number.strip().isdigit() or not label.strip():
            bad.append(line)
            continue
        points.append(Point(int(number.strip()), label.strip()))
    return tuple(points), bad


@dataclass(frozen=True)
class MeasureInput:
    """A measure as defined or changed: every part, and why."""

    name: str
    measures: str
    direction: str
    co_produced_with: str
    reason: str
    scale: Scale | None = None
    childrens_words: str = ""
    active: bool = True


def _scale_problems(scale: Scale | None) -> dict[str, str]:
    if scale is None:
        return {"scale_min": "Enter the lowest and highest numbers, or the labelled points."}
    if scale.points:
        values = [p.value for p in scale.points]
        if len(values) < 2 or len(values) > POINTS_MAX:
            return {"points": f"Give between 2 and {POINTS_MAX} labelled points."}
        if len(set(values)) != len(values):
            return {"points": "Each point needs its own number."}
        if any(len(p.label) > LABEL_MAX for p in scale.points):
            return {"points": f"Each label must be at most {LABEL_MAX} characters."}
        return {}
    problems: dict[str, str] = {}
    if scale.minimum < 0:
        problems["scale_min"] = "The lowest number must be 0 or more."
    if scale.maximum <= scale.minimum:
        problems["scale_max"] = "The highest number must be more than the lowest."
    elif scale.maximum > SCALE_TOP:
        problems["scale_max"] = f"The highest number must be at most {SCALE_TOP:,}."
    if len(scale.unit) > UNIT_MAX:
        problems["unit"] = f"The unit must be at most {UNIT_MAX} characters."
    return problems


def measure_problems(data: MeasureInput) -> dict[str, str]:
    """R-OUT-5: every part of a measure, field by field (empty when it can be saved)."""
    problems: dict[str, str] = {}
    required = (
        ("name", "Enter the measure's name."),
        ("measures", "Enter what it measures."),
        ("co_produced_with", "Enter who it was agreed with (the children and young people)."),
        ("reason", "Enter why it is being defined or changed."),
    )
    for field, message in required:
        if not getattr(data, field).strip():
            problems[field] = message
    if len(data.name) > NAME_MAX:
        problems["name"] = f"The name must be at most {NAME_MAX} characters."
    for field in ("measures", "co_produced_with", "childrens_words", "reason"):
        if len(getattr(data, field)) > TEXT_MAX:
            problems[field] = f"This must be at most {TEXT_MAX:,} characters."
    if data.direction not in ("higher", "lower"):
        problems["direction"] = "Choose whether a higher or a lower number is better."
    problems.update(_scale_problems(data.scale))
    return problems


def value_problem(value: Decimal, scale: Scale) -> str | None:
    """R-OUT-5: a value must be on the measure's scale."""
    if scale.points:
        if value not in {Decimal(p.value) for p in scale.points}:
            return "Choose one of the points on the scale: " + scale.words() + "."
        return None
    if value < scale.minimum or value > scale.maximum:
        return f"The value must be from {scale.words()}."
    if value != round(value, DECIMALS):
        return f"The value can have at most {DECIMALS} decimal places."
    return None


def measured_on_problem(*, when: dt.date, date_of_birth: dt.date, today: dt.date) -> str | None:
    """A value cannot be dated before the child was born or in the future."""
    if when < date_of_birth:
        return "The date is before the child was born."
    if when > today:
        return "The date cannot be in the future."
    return None


# --- over time ------------------------------------------------------------------------------


class Change(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"


def change_of(first: float, latest: float, *, higher_is_better: bool) -> Change:
    """R-OUT-5: did the outcome get better from the first value to the latest, in the
    measure's direction?"""
    if latest == first:
        return Change.SAME
    better = latest > first if higher_is_better else latest < first
    return Change.IMPROVED if better else Change.WORSE


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 (January to March) to 4

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    def label(self) -> str:
        months = ("Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec")[self.number - 1]
        return f"{months} {self.year}"

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarters_to(today: dt.date, count: int) -> list[Quarter]:
    """The ``count`` quarters ending with today's, oldest first."""
    last = quarter_of(today)
    index = last.year * 4 + last.number - 1 - (count - 1)
    quarters = [Quarter(index // 4, index % 4 + 1)]
    while len(quarters) < count:
        quarters.append(quarters[-1].next())
    return quarters


@dataclass(frozen=True)
class Value:
    """One recorded value: whose, when, what (no name: cohort figures name no child)."""

    child_id: int
    on: dt.date
    value: float


@dataclass(frozen=True)
class QuarterFigure:
    quarter: Quarter
    children: int
    median: float | None
    mean: float | None


def latest_per_child(values: Sequence[Value]) -> dict[int, Value]:
    """Each child's latest value (the last given wins a tie on the day)."""
    latest: dict[int, Value] = {}
    for v in values:
        held = latest.get(v.child_id)
        if held is None or v.on >= held.on:
            latest[v.child_id] = v
    return latest


def cohort_by_quarter(values: Sequence[Value], quarters: Sequence[Quarter]) -> list[QuarterFigure]:
    """R-OUT-5: per quarter, how many children were measured and the median and mean of each
    child's latest value in that quarter (None when nobody was)."""
    figures = []
    for quarter in quarters:
        within = [v for v in values if quarter_of(v.on) == quarter]
        numbers = [v.value for v in latest_per_child(within).values()]
        figures.append(
            QuarterFigure(
                quarter=quarter,
                children=len(numbers),
                median=statistics.median(numbers) if numbers else None,
                mean=statistics.fmean(numbers) if numbers else None,
            )
        )
    return figures


@dataclass(frozen=True)
class Improvement:
    """Children measured at least twice, by whether their latest value is better than their
    first (R-OUT-5)."""

    compared: int
    improved: int
    same: int
    worse: int

    @property
    def improved_percent(self) -> int | None:
        return None if not self.compared else round(100 * self.improved / self.compared)


def improvement(values: Sequence[Value], *, higher_is_better: bool) -> Improvement:
    first: dict[int, Value] = {}
    for v in sorted(values, key=lambda v: v.on):
        first.setdefault(v.child_id, v)
    counts = dict.fromkeys(Change, 0)
    compared = 0
    for child_id, latest in latest_per_child(values).items():
        start = first[child_id]
        if start.on == latest.on:
            continue
        compared += 1
        counts[change_of(start.value, latest.value, higher_is_better=higher_is_better)] += 1
    return Improvement(
        compared=compared,
        improved=counts[Change.IMPROVED],
        same=counts[Change.SAME],
        worse=counts[Change.WORSE],
    )
