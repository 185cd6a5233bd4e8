"""The figures of the apps that were here first (R-LEAD-4): unscheduled-care attendances,
children coming onto plans (R-FLAG-1), reviews and tasks (R-REF-7) and emergency access
(R-FLAG-10). Counts only, by month, for the area's organisations."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import TruncMonth

from seenheard.access.models import BreakGlassGrant
from seenheard.accounts.models import Organisation, SettingType
from seenheard.core.charts import bar_chart
from seenheard.encounters.models import Encounter
from seenheard.figures.registry import (
    SUPPRESSED_TEXT,
    FiguresArea,
    FigureSection,
    by_month,
    figures_section_register,
    suppressed,
)
from seenheard.flags.models import PlanType, ProtectionFlag
from seenheard.tasks.models import Task


def _labels(area: FiguresArea) -> list[str]:
    return [m.strftime("%b %Y") for m in area.months]


def _counts(area: FiguresArea, rows: object) -> list[int | None]:
    return [suppressed(c) for c in by_month(area.months, rows)]  # type: ignore[arg-type]


def attendances(area: FiguresArea) -> FigureSection | None:
    rows = (
        Encounter.objects.filter(
            setting_id__in=area.org_ids, unscheduled=True, started_at__date__gte=area.since
        )
        .annotate(month=TruncMonth("started_at"))
        .values_list("month", "setting_type")
        .annotate(n=Count("pk"))
    )
    by_type: dict[str, list[tuple[object, int]]] = {}
    for month, setting_type, n in rows:
        by_type.setdefault(setting_type, []).append((month, n))
    series = [
        (SettingType(t).label if t in SettingType.values else "Other", _counts(area, r))
        for t, r in sorted(by_type.items())
    ] or [("Attendances", [0] * len(area.months))]
    chart = bar_chart(
        title="Unscheduled-care attendances of children, by month",
        summary="Children's attendances at the area's emergency departments, minor injury "
        "units and other unscheduled-care settings, each month, by kind of setting.",
        category_label="Month",
        categories=_labels(area),
        series=series,
        gap_text=SUPPRESSED_TEXT,
        chart_id="figures-attendances",
    )
    return FigureSection(
        title="Attendances",
        about="Counted from the attendances registered at the area's settings.",
        charts=(chart,),
    )


def plans(area: FiguresArea) -> FigureSection | None:
    rows = (
        ProtectionFlag.objects.filter(
            la_id__in=area.org_ids, entered_in_error=False, start_date__gte=area.since
        )
        .annotate(month=TruncMonth("start_date"))
        .values_list("month", "plan_type")
        .annotate(n=Count("pk"))
    )
    if not ProtectionFlag.objects.filter(la_id__in=area.org_ids).exists():
        return None  # not a council's area: it keeps no plans
    by_type: dict[str, list[tuple[object, int]]] = {p: [] for p in PlanType.values}
    for month, plan_type, n in rows:
        by_type[plan_type].append((month, n))
    chart = bar_chart(
        title="Children coming onto plans or into care, by month",
        summary="Child protection plans started, children becoming looked after, and unborn "
        "children put on a plan, each month, as the council recorded them.",
        category_label="Month",
        categories=_labels(area),
        series=[(PlanType(p).label, _counts(area, r)) for p, r in by_type.items()],
        gap_text=SUPPRESSED_TEXT,
        chart_id="figures-plans",
    )
    return FigureSection(
        title="Plans and care",
        about="From the council's protection-flag records.",
        charts=(chart,),
    )


def tasks(area: FiguresArea) -> FigureSection | None:
    owned = Task.objects.filter(owner_org_id__in=area.org_ids)
    given = (
        owned.filter(created_at__date__gte=area.since)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    closed = (
        owned.filter(closed_at__date__gte=area.since)
        .annotate(month=TruncMonth("closed_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    chart = bar_chart(
        title="Reviews and tasks given and closed, by month",
        summary="Reviews the rules raised and tasks between professionals, for the area's "
        "teams: how many were given and how many closed each month.",
        category_label="Month",
        categories=_labels(area),
        series=[("Given", _counts(area, given)), ("Closed", _counts(area, closed))],
        gap_text=SUPPRESSED_TEXT,
        chart_id="figures-tasks",
    )
    return FigureSection(
        title="Reviews and tasks", about="From the tasks of the area's teams.", charts=(chart,)
    )


def emergency_access(area: FiguresArea) -> FigureSection | None:
    codes = list(Organisation.objects.filter(pk__in=area.org_ids).values_list("code", flat=True))
    grants = BreakGlassGrant.objects.filter(org_code__in=codes, granted_at__date__gte=area.since)
    used = grants.annotate(month=TruncMonth("granted_at")).values_list("month")
    reviewed = grants.filter(reviewed_at__isnull=False).annotate(month=TruncMonth("granted_at"))
    chart = bar_chart(
        title="Emergency access used and reviewed, by month",
        summary="Each time staff in the area opened a record with emergency access, and how "
        "many of those have been reviewed by a safeguarding professional.",
        category_label="Month",
        categories=_labels(area),
        series=[
            ("Used", _counts(area, used.annotate(n=Count("pk")))),
            ("Reviewed", _counts(area, reviewed.values_list("month").annotate(n=Count("pk")))),
        ],
        gap_text=SUPPRESSED_TEXT,
        chart_id="figures-emergency-access",
    )
    return FigureSection(
        title="Emergency access",
        about="From the record of every use of emergency access.",
        charts=(chart,),
    )


figures_section_register("attendances", attendances)
figures_section_register("plans", plans)
figures_section_register("tasks", tasks)
figures_section_register("emergency-access", emergency_access)
