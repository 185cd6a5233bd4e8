"""The A&E records' figures for the area (R-REF-4, R-LEAD-4): of the children's records closed
each month at each department, the share completed, and the share holding the child's own
account taken apart from the adult (or given by a child who came alone). Shares only, each
from at least 5 records (fewer are held back, as every figure is): no child is named."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth

from seenheard.core.charts import Chart, line_chart
from seenheard.encounters.models import AttendanceRecord, RecordStatus
from seenheard.figures.registry import (
    SMALLEST_SHOWN,
    SUPPRESSED_TEXT,
    FiguresArea,
    FigureSection,
    by_month,
)


def share(part: int, whole: int) -> int | None:  # R-REF-4
    """A whole percentage (half up), or None when there are too few records to show."""
    if whole < SMALLEST_SHOWN:
        return None
    return (200 * part + whole) // (2 * whole)


def _chart(
    area: FiguresArea,
    title: str,
    summary: str,
    totals: dict[str, list[int]],
    parts: dict[str, list[int]],
    chart_id: str,
) -> Chart:
    series = [
        (name, [share(p, w) for p, w in zip(parts[name], totals[name], strict=True)])
        for name in sorted(totals)
    ]
    return line_chart(
        title=title,
        summary=summary,
        category_label="Month",
        categories=[m.strftime("%b %Y") for m in area.months],
        series=series,
        unit="%",
        y_max=100,
        chart_id=chart_id,
        gap_text=SUPPRESSED_TEXT,
    )


def ae_record_figures(area: FiguresArea) -> FigureSection | None:
    rows = (
        AttendanceRecord.objects.filter(
            setting_id__in=area.org_ids, closed_at__date__gte=area.since
        )
        .annotate(month=TruncMonth("closed_at"))
        .values_list("month", "setting__name", "status", "account_apart")
        .annotate(n=Count("pk"))
    )
    every: dict[str, list[tuple[object, int]]] = defaultdict(list)
    complete: dict[str, list[tuple[object, int]]] = defaultdict(list)
    apart: dict[str, list[tuple[object, int]]] = defaultdict(list)
    for month, setting, status, account_apart, n in rows:
        every[setting].append((month, n))
        if status == RecordStatus.COMPLETE:
            complete[setting].append((month, n))
        if account_apart == "yes":
            apart[setting].append((month, n))
    if not every:
        return None
    totals = {s: by_month(area.months, r) for s, r in every.items()}  # type: ignore[arg-type]
    done = {s: by_month(area.months, complete[s]) for s in every}  # type: ignore[arg-type]
    alone = {s: by_month(area.months, apart[s]) for s in every}  # type: ignore[arg-type]
    return FigureSection(
        title="Children's A&E and minor-injury records",
        about="Of the records of children under 18 closed each month at each department: "
        "the share completed (the rest say why they could not be), and the share holding the "
        "child's own account taken apart from the adult with them.",
        charts=(
            _chart(
                area,
                "Children's A&E records completed, by department",
                "The percentage of children's A&E and minor-injury records closed each month "
                "that were complete.",
                totals,
                done,
                "figures-ae-records-complete",
            ),
            _chart(
                area,
                "The child's own account taken apart from the adult, by department",
                "The percentage of children's A&E and minor-injury records closed each month "
                "holding the child's own account, taken apart from the adult with them.",
                totals,
                alone,
                "figures-ae-records-apart",
            ),
        ),
    )
