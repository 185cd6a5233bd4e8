"""What the looked-after children's health pages show, worked out once (issue 11 item 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from seenheard.lac_health import codes
from seenheard.lac_health.models import Episode, HealthAssessment
from seenheard.lac_health.sdq import latest_sdqs
from seenheard.lac_health.selectors import HealthRecord
from seenheard.lac_health.tracker import TrackerRow
from seenheard.voice.presenters import voice_summary

DATE_FIELDS = ("assessed_on", "due_on", "dental_check_on")
ITEMS = {"IHA": "Initial assessment", "RHA": "Review assessment", "SDQ": "SDQ"}


def field_anchor(name: str) -> str:
    """The id of the first box of a field on the page, for the error summary's link."""
    return f"{name}-day" if name.endswith(DATE_FIELDS) else name


def _day(value: dt.date | None) -> str:
    return f"{value:%-d %b %Y}" if value else ""


def tracker_row(row: TrackerRow) -> dict[str, Any]:
    late = {o.item for o in row.overdue}
    return {
        "href": f"/lac/children/{row.child_id}/",
        "name": row.name,
        "nhs_number": row.nhs_number,
        "la_child_id": row.la_child_id,
        "uasc": row.uasc,
        "entered_care": _day(row.entered_care),
        "iha_due": _day(row.iha_due),
        "iha_done": _day(row.iha_done) or ("Overdue" if "IHA" in late else "Not yet"),
        "iha_late": "IHA" in late,
        "rha_due": _day(row.rha_due) or "After the initial assessment",
        "rha_late": "RHA" in late,
        "sdq_due": _day(row.sdq_due) or "Not due (outside ages 4 to 16)",
        "sdq_late": "SDQ" in late,
        "last_sdq": _last_sdq(row),
        "status": "; ".join(f"{ITEMS[o.item]} overdue since {_day(o.due)}" for o in row.overdue)
        or "Up to date",
        "late": bool(row.overdue),
    }


def _last_sdq(row: TrackerRow) -> str:
    if row.last_sdq_date is None:
        return "None recorded"
    if row.last_sdq_total is None and not row.last_sdq_band:
        return f"Done on {_day(row.last_sdq_date)}"
    return f"{row.last_sdq_total} ({row.last_sdq_band}) on {_day(row.last_sdq_date)}"


def episode_row(e: Episode) -> dict[str, str]:
    return {
        "council": e.lac_child.la.name,
        "began": _day(e.decom),
        "ceased": _day(e.dec) or "Still looked after",
        "legal_status": codes.LS.get(e.ls, e.ls),
        "placement": e.place,
        "period_start": _day(e.period_start),
    }


def assessment_rows(a: HealthAssessment) -> list[dict[str, dict[str, str]]]:
    rows = [
        ("Date", _day(a.assessed_on)),
        ("Done by", f"{a.assessor_name}, {a.assessor_role}".strip(", ")),
        ("Where", a.place),
    ]
    if a.outcome == "done":
        rows.append(("What it found", a.findings))
        rows += _outcome_rows(a)
    else:
        worked = {None: "Not yet known", True: "Yes", False: "No"}[a.engagement_worked]
        rows += [
            ("Why they declined", a.decline_reason),
            ("What was tried next", f"{a.get_engagement_display()}. {a.engagement_detail}"),
            ("Did it work?", worked),
        ]
    if a.uasc_considerations:
        rows.append(("What their asylum status means for their health", a.uasc_considerations))
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def _yes_no(value: bool | None) -> str:
    return {None: "Not known", True: "Yes", False: "No"}[value]


def _outcome_rows(a: HealthAssessment) -> list[tuple[str, str]]:
    """What the assessment found of the outcomes the SSDA903 return counts (R-LEAD-6)."""
    rows = [
        ("Immunisations up to date", _yes_no(a.immunisations_up_to_date)),
        ("Last dental check", _day(a.dental_check_on) or "Not known"),
    ]
    if a.development_checks_up_to_date is not None:
        rows.append(("Development checks up to date", _yes_no(a.development_checks_up_to_date)))
    misuse = _yes_no(a.substance_misuse)
    if a.substance_misuse and a.substance_help:
        misuse += f". {a.get_substance_help_display()}"
    rows.append(("Substance misuse found", misuse))
    return rows


def record_context(found: HealthRecord) -> dict[str, Any]:
    # R-OUT-3: the SDQ's score only for those who read SDQs' detail (access.sensitive).
    sdq = latest_sdqs([found.child.pk]).get(found.child.pk) if found.sdq_detail else None
    return {
        "record": found,
        "child": found.child,
        "episodes": [episode_row(e) for e in found.episodes],
        "assessments": [
            {
                "assessment": a,
                "title": a.get_kind_display() + (" (declined)" if a.outcome == "declined" else ""),
                "rows": assessment_rows(a),
                "voice": voice_summary(a.voice),
                "ask_engagement": a.outcome == "declined" and a.engagement_worked is None,
            }
            for a in found.assessments
        ],
        "plan_voice": voice_summary(found.plan.voice) if found.plan else None,
        "objectives": found.objectives,
        "reviews": [
            {"review": r, "progress": {p.objective_id: p for p in r.progress.all()}}
            for r in found.reviews
        ],
        "sdq": sdq,
        "sdq_withheld": not found.sdq_detail,
    }
