"""How appointments read on a page: plain words, local times (R-WNB-1: "was not brought")."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from seenheard.appointments.models import Appointment, Outcome, Service
from seenheard.core.charts import Chart, bar_chart, line_chart

if TYPE_CHECKING:
    from seenheard.access.actor import Actor
    from seenheard.appointments.figures import WnbFigures
    from seenheard.appointments.meetings import Agenda
    from seenheard.appointments.selectors import SummaryAppointments

#: NHS.UK tag colours for each outcome.
TAG_CLASSES = {
    Outcome.BOOKED: "nhsuk-tag--grey",
    Outcome.ATTENDED: "nhsuk-tag--green",
    Outcome.WAS_NOT_BROUGHT: "nhsuk-tag--red",
    Outcome.FAMILY_CANCELLED: "nhsuk-tag--yellow",
    Outcome.SERVICE_CANCELLED: "nhsuk-tag--white",
}


def appointment_phrase(service: str) -> str:
    """An appointment in running text: "a health visiting appointment", "a GP appointment",
    "an immunisations appointment"."""
    label = Service(service).label if service in Service.values else "an"
    if label == "an":
        return "an appointment"
    words = label if label[1:2].isupper() else label[0].lower() + label[1:]
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words} appointment"


def history_rows(appointments: list[Appointment]) -> list[dict[str, Any]]:
    return [
        {
            "when": timezone.localtime(a.starts_at),
            "service": a.get_service_display(),
            "where": a.organisation.name,
            "outcome": a.get_outcome_display(),
            "tag": TAG_CLASSES[Outcome(a.outcome)],
        }
        for a in appointments
    ]


#: What an appointment's outcome reads as on the child's summary (R-WNB-1: "was not brought",
#: never "did not attend"); a booked one in the past is still waiting for its outcome.
SUMMARY_OUTCOMES = {
    Outcome.ATTENDED: "Attended",
    Outcome.WAS_NOT_BROUGHT: "Was not brought",
    Outcome.FAMILY_CANCELLED: "Cancelled or rescheduled by the family",
    Outcome.SERVICE_CANCELLED: "Cancelled by the service",
}


def summary_rows(appointments: list[Appointment], *, now: dt.datetime) -> list[dict[str, Any]]:
    """Rows for the child's summary: when, which service, where, and the outcome in plain
    words, with its tag colour."""
    rows = []
    for a in appointments:
        outcome = Outcome(a.outcome)
        if outcome == Outcome.BOOKED:
            words = "Booked" if a.starts_at >= now else "No outcome recorded yet"
        else:
            words = SUMMARY_OUTCOMES[outcome]
        rows.append(
            {
                "when": timezone.localtime(a.starts_at),
                "service": a.get_service_display(),
                "where": a.organisation.name,
                "outcome": words,
                "tag": TAG_CLASSES[outcome],
            }
        )
    return rows


def appointments_section(found: SummaryAppointments, *, now: dt.datetime) -> dict[str, Any]:
    """The child summary's appointments section."""
    return {
        "upcoming": summary_rows(found.upcoming, now=now),
        "recent": summary_rows(found.recent, now=now),
        "since": found.since,
        "not_brought": sum(1 for a in found.recent if a.outcome == Outcome.WAS_NOT_BROUGHT),
    }


#: The agenda's CSV columns (and ``seenheard wnb agenda``'s), one row per child.
AGENDA_CSV_HEADER = ["nhs_number", "name", "date_of_birth", "reasons", "wnb_count"]


def agenda_csv_rows(agenda: Agenda) -> list[list[str]]:
    return [AGENDA_CSV_HEADER] + [
        [
            item.child.nhs_number,
            item.child.full_name,
            item.child.date_of_birth.isoformat(),
            "; ".join(item.reasons),
            str(item.wnbs),
        ]
        for item in agenda.items
    ]


def decision_rows(agenda: Agenda) -> dict[int, dict[str, Any]]:
    """Each decided child's decision and actions, as the page and the minutes show them."""
    rows: dict[int, dict[str, Any]] = {}
    for item in agenda.items:
        d = item.decision
        if d is None:
            continue
        rows[item.child.pk] = {
            "decision": d.decision,
            "by": d.decided_by,
            "at": timezone.localtime(d.decided_at),
            "actions": [
                {"what": t.title, "due": t.due_on, "done": t.status != "open"}
                for t in d.actions.all().order_by("pk")
            ],
        }
    return rows


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1).strftime("%b %Y")


def figure_charts(f: WnbFigures) -> list[Chart]:
    """The three charts of issue 10 item 8, each drawn with its table (core.charts)."""
    months = [_month_label(m) for m in f.months]
    shown = [
        (label, [f.by_service.get((code, m), 0) for m in f.months])
        for code, label in f.services
        if any(f.by_service.get((code, m), 0) for m in f.months)
    ] or [("All services", [0 for _ in f.months])]
    return [
        bar_chart(
            title="Children not brought, by service and month",
            summary="Appointments a child was not brought to, each month, by the service.",
            category_label="Month",
            categories=months,
            series=shown,
            chart_id="wnb-by-service",
        ),
        line_chart(
            title="Triaged in time",
            summary=(
                "Of the children not brought each month, the percentage whose triage was "
                "recorded by its due date (2 working days unless the area's protocol says "
                "otherwise)."
            ),
            category_label="Month",
            categories=months,
            series=[("Triaged in time", [s.percent for s in f.triaged_in_time])],
            unit="%",
            y_max=100,
            chart_id="wnb-triaged",
        ),
        line_chart(
            title="Meeting actions done on time",
            summary=(
                "Of the safeguarding meeting's actions due each month, the percentage done by "
                "their due date."
            ),
            category_label="Month",
            categories=months,
            series=[("Done on time", [s.percent for s in f.actions_on_time])],
            unit="%",
            y_max=100,
            chart_id="wnb-actions",
        ),
    ]


def home_cards(actor: Actor) -> list[dict[str, str]]:
    """The home page's cards for this app's pages, for the people who use them."""
    from seenheard.access.scope import holds_meetings
    from seenheard.appointments.figures import sees_wnb_figures
    from seenheard.appointments.services import books_appointments

    cards = []
    if books_appointments(actor):
        cards.append(
            {
                "href": "/appointments/",
                "heading": "Appointments",
                "description": "Book appointments and record whether the child was brought.",
            }
        )
    if holds_meetings(actor):
        cards.append(
            {
                "href": "/appointments/meeting/",
                "heading": "Safeguarding meeting",
                "description": "This week's children not brought to appointments, and decisions.",
            }
        )
    if sees_wnb_figures(actor):
        cards.append(
            {
                "href": "/appointments/figures/",
                "heading": "Children not brought: figures",
                "description": "Not brought by service and month, triage and actions on time.",
            }
        )
    return cards
