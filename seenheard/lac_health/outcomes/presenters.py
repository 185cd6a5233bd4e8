"""Outcomes in plain words for the pages: each measure's scale and history, a child's values
over time and their SDQs with the help they had marked (R-OUT-4), a cohort's figures; every
chart drawn by ``core.charts`` with its numbers in a table."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from seenheard.core.charts import Chart, bar_chart, date_markers, line_chart
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.models import Direction, OutcomeMeasureVersion, OutcomeRecord
from seenheard.lac_health.outcomes.selectors import ChildOutcomes, Cohort, MeasureView
from seenheard.lac_health.outcomes.services import scale_of
from seenheard.screening.models import SdqReviewStatus
from seenheard.screening.presenters import sdq_chart
from seenheard.voice.presenters import voice_summary


def _day(value: dt.date | dt.datetime) -> str:
    return f"{value:%-d %b %Y}"


def value_text(value: Decimal | float, version: OutcomeMeasureVersion) -> str:
    """A value as people say it: "7.5 hours", or "2 (Most days)" on a labelled scale."""
    number = rules.number_text(value)
    labels = {Decimal(p["value"]): p["label"] for p in version.points}
    if Decimal(str(value)) in labels:
        return f"{number} ({labels[Decimal(str(value))]})"
    return f"{number} {version.unit}".strip()


def measure_rows(version: OutcomeMeasureVersion) -> list[dict[str, dict[str, str]]]:
    rows = [
        ("What it measures", version.measures),
        ("Scale", scale_of(version).words()),
        ("Which way is better", Direction(version.direction).label),
        ("Agreed with", version.co_produced_with),
        ("In the children's words", version.childrens_words or "Not recorded"),
        ("In use", "Yes" if version.active else "No, retired"),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def history_rows(view: MeasureView) -> list[dict[str, str]]:
    return [
        {
            "version": str(v.number),
            "when": _day(v.changed_at),
            "who": v.changed_by_name,
            "why": v.reason,
            "what": f"{v.name}; {scale_of(v).words()}; {Direction(v.direction).label.lower()}"
            + ("" if v.active else "; retired"),
        }
        for v in view.history
    ]


def axis_top(highest: float) -> float:
    """The top of a chart's scale for a measure: its highest point, raised to a multiple of
    four so the chart's five lines fall on round numbers (a 0 to 3 scale is drawn to 4)."""
    return float(math.ceil(highest / 4) * 4) if highest > 0 else 1.0


def _decimals(values: Sequence[float]) -> int:
    return 0 if all(float(v).is_integer() for v in values) else 1


def _plan_events(outcomes: ChildOutcomes) -> list[tuple[dt.date, str]]:
    events = []
    for plan in outcomes.plans:
        needs = "; ".join(o.need for o in plan.objectives.all())
        events.append(
            (plan.recorded_at.date(), f"Health plan written on {_day(plan.recorded_at)}: {needs}")
        )
    return events


def _measure_chart(
    view: MeasureView, records: list[OutcomeRecord], events: list[tuple[dt.date, str]]
) -> Chart:
    current = view.current
    days = [r.measured_on for r in records]
    values = [float(r.value) for r in records]
    better = "higher" if current.direction == Direction.HIGHER else "lower"
    unit = f" ({current.unit})" if current.unit else ""
    return line_chart(
        title=f"{current.name} over time",
        summary=(
            f"{current.measures} Each value recorded, on a scale of {scale_of(current).words()}; "
            f"{better} is better."
        ),
        category_label="Date",
        categories=[_day(d) for d in days],
        series=[(f"{current.name}{unit}", values)],
        decimals=_decimals(values),
        y_max=axis_top(max(float(current.scale_max), *values)),
        chart_id=f"outcome-{view.measure.pk}",
        markers=date_markers(sorted(days), [e for e in events if days[0] <= e[0] <= days[-1]]),
    )


def _record_row(record: OutcomeRecord) -> dict[str, Any]:
    return {
        "date": _day(record.measured_on),
        "value": value_text(record.value, record.version),
        "who": record.recorded_by_name,
        "voice": voice_summary(record.voice) if record.voice else None,
    }


def measure_blocks(outcomes: ChildOutcomes) -> list[dict[str, Any]]:
    """For each measure with values for the child: the chart (the numbers beside it) and the
    values with who recorded them and what the child said; plans marked where they fell."""
    events = _plan_events(outcomes)
    blocks = []
    for view in outcomes.measures:
        records = [r for r in outcomes.records if r.measure_id == view.measure.pk]
        if not records:
            continue
        blocks.append(
            {
                "view": view,
                "chart": _measure_chart(view, records, events),
                "rows": [_record_row(r) for r in reversed(records)],
                "change": _change_words(view, records),
            }
        )
    return blocks


def _change_words(view: MeasureView, records: list[OutcomeRecord]) -> str:
    if len(records) < 2:
        return "Measured once so far."
    change = rules.change_of(
        float(records[0].value),
        float(records[-1].value),
        higher_is_better=view.current.direction == Direction.HIGHER,
    )
    words = {
        rules.Change.IMPROVED: "Better",
        rules.Change.SAME: "The same",
        rules.Change.WORSE: "Worse",
    }[change]
    return f"{words} than when first measured on {_day(records[0].measured_on)}."


def sdq_interventions(outcomes: ChildOutcomes) -> list[tuple[dt.date, str]]:
    """R-OUT-4: what was done about the SDQs: each specialist review asked for and held, and
    each health plan."""
    events: list[tuple[dt.date, str]] = []
    for review in outcomes.sdq_reviews:
        sdq = review.sdq
        events.append(
            (
                sdq.completed_on,
                f"The SDQ of {_day(sdq.completed_on)} (total difficulties "
                f"{sdq.total_difficulties}) led to a referral for a specialist mental-health "
                "review",
            )
        )
        if review.status == SdqReviewStatus.SEEN and review.seen_on:
            service = f" ({review.service})" if review.service else ""
            events.append(
                (review.seen_on, f"Seen by a specialist on {_day(review.seen_on)}{service}")
            )
    return events + _plan_events(outcomes)


def sdq_block(outcomes: ChildOutcomes) -> Chart | None:
    return sdq_chart(outcomes.sdqs, sdq_interventions(outcomes))


# --- the cohort -------------------------------------------------------------------------------


def cohort_block(cohort: Cohort) -> dict[str, Any]:
    current = cohort.measure.current
    labels = [f.quarter.label() for f in cohort.quarters]
    medians = [f.median for f in cohort.quarters]
    means = [f.mean for f in cohort.quarters]
    pk = cohort.measure.measure.pk
    better = "higher" if current.direction == Direction.HIGHER else "lower"
    averages = line_chart(
        title=f"{current.name}: children in care, by quarter",
        summary=(
            f"The median and mean of each child's latest value in the quarter, on a scale of "
            f"{scale_of(current).words()}; {better} is better."
        ),
        category_label="Quarter",
        categories=labels,
        series=[("Median", medians), ("Mean", means)],
        decimals=1,
        y_max=axis_top(float(current.scale_max)),
        chart_id=f"cohort-{pk}",
    )
    counts = bar_chart(
        title=f"{current.name}: children measured, by quarter",
        summary="How many of the children in care now had a value recorded in each quarter.",
        category_label="Quarter",
        categories=labels,
        series=[("Children measured", [f.children for f in cohort.quarters])],
        chart_id=f"cohort-count-{pk}",
    )
    imp = cohort.improvement
    share = imp.improved_percent
    return {
        "view": cohort.measure,
        "averages": averages,
        "counts": counts,
        "improvement": [
            {"key": {"text": k}, "value": {"text": v}}
            for k, v in (
                ("Children in care now", str(cohort.looked_after)),
                ("Measured more than once", str(imp.compared)),
                (
                    "Better than when first measured",
                    f"{imp.improved}" + (f" ({share}%)" if share is not None else ""),
                ),
                ("The same", str(imp.same)),
                ("Worse", str(imp.worse)),
            )
        ],
    }
