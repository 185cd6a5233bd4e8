"""The cohort's figures as CSV, for ``seenheard lac outcomes --la ONS_CODE --out FILE.csv``
(R-OUT-5): one row per measure and quarter; figures only, no child named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from seenheard.accounts.models import Organisation
from seenheard.lac_health.outcomes.rules import number_text
from seenheard.lac_health.outcomes.selectors import Cohort, cohort_for_council
from seenheard.lac_health.outcomes.services import scale_of

CSV_COLUMNS = (
    "measure_code",
    "measure_name",
    "in_use",
    "better",
    "scale",
    "quarter_start",
    "children_measured",
    "median",
    "mean",
    "children_in_care",
    "measured_more_than_once",
    "improved",
    "same",
    "worse",
)


def _number(value: float | None) -> str:
    return "" if value is None else number_text(round(value, 2))


def cohort_csv_rows(cohorts: Sequence[Cohort]) -> Iterator[list[str]]:
    for cohort in cohorts:
        v = cohort.measure.current
        imp = cohort.improvement
        for q in cohort.quarters:
            yield [
                cohort.measure.measure.code,
                v.name,
                "yes" if v.active else "no",
                v.direction,
                scale_of(v).words(),
                q.quarter.first_day.isoformat(),
                str(q.children),
                _number(q.median),
                _number(q.mean),
                str(cohort.looked_after),
                str(imp.compared),
                str(imp.improved),
                str(imp.same),
                str(imp.worse),
            ]


def outcome_rows(*, la: Organisation, today: dt.date) -> list[list[str]]:
    """Every measure of the council over its children in care on ``today``."""
    return list(cohort_csv_rows(cohort_for_council(la=la, today=today)))
