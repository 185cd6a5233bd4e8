"""The weekly safeguarding meeting's pages (R-WNB-2): the agenda with why each child is on it,
the decision and actions recorded per child, and the agenda as CSV. Only those who run the
organisation's meeting reach them; everyone else gets "not found"."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from seenheard.access.actor import Actor
from seenheard.access.scope import holds_meetings
from seenheard.appointments import errors
from seenheard.appointments.figures import sees_wnb_figures, wnb_figures
from seenheard.appointments.meetings import (
    ActionGiven,
    agenda_build,
    meeting_decision_record,
    meeting_owners,
    week_parse,
)
from seenheard.appointments.presenters import agenda_csv_rows, decision_rows, figure_charts
from seenheard.appointments.rules import iso_week_of
from seenheard.appointments.views import CONFLICTS, refusal_field
from seenheard.core.pdf import pdf_response
from seenheard.web.pages import not_found, page, request_actor

#: Rows of actions offered on each child's form.
ACTION_ROWS = 2


def _meeting_actor(request: HttpRequest, week: str) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not holds_meetings(actor):
        return None
    try:
        week_parse(week)
    except errors.WeekInvalid:
        return None
    return actor


def this_week(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor is None or not holds_meetings(actor):
        return not_found(request)
    return redirect(f"/appointments/meeting/{iso_week_of(timezone.localdate())}/")


def _neighbours(week: str) -> tuple[str, str]:
    monday = week_parse(week)
    return (
        iso_week_of(monday - dt.timedelta(days=7)),
        iso_week_of(monday + dt.timedelta(days=7)),
    )


def meeting_context(actor: Actor, week: str) -> dict[str, Any]:
    agenda = agenda_build(actor=actor, week=week)
    previous, following = _neighbours(week)
    return {
        "agenda": agenda,
        "decisions": decision_rows(agenda),
        "previous_week": previous,
        "next_week": following,
        "owners": [
            {"value": str(m.pk), "text": f"{m.user.get_full_name()}, {m.get_role_display()}"}
            for m in meeting_owners(actor)
        ],
        "action_rows": range(1, ACTION_ROWS + 1),
    }


@require_GET
def meeting(request: HttpRequest, week: str) -> HttpResponse:
    actor = _meeting_actor(request, week)
    if actor is None:
        return not_found(request)
    return page(
        request,
        "appointments/meeting.jinja",
        {**meeting_context(actor, week), "errors": {}, "data": {}, "child_id": None},
        title=f"Safeguarding meeting, week {week}",
    )


def _due(data: Any, i: int) -> dt.date | None:
    try:
        return dt.date(
            int(data.get(f"due_{i}_year", "")),
            int(data.get(f"due_{i}_month", "")),
            int(data.get(f"due_{i}_day", "")),
        )
    except ValueError:
        return None


def _actions(data: Any) -> list[ActionGiven]:
    given = []
    for i in range(1, ACTION_ROWS + 1):
        fields = [data.get(f"action_{i}", ""), data.get(f"owner_{i}", "")]
        fields += [data.get(f"due_{i}_{part}", "") for part in ("day", "month", "year")]
        if not any(f.strip() for f in fields):
            continue
        owner = data.get(f"owner_{i}", "")
        given.append(
            ActionGiven(
                what=data.get(f"action_{i}", ""),
                owner_membership_id=int(owner) if owner.isascii() and owner.isdigit() else None,
                due_on=_due(data, i),
            )
        )
    return given


@require_POST
def decide(request: HttpRequest, week: str, child_id: int) -> HttpResponse:
    actor = _meeting_actor(request, week)
    if actor is None:
        return not_found(request)
    try:
        meeting_decision_record(
            actor=actor,
            week=week,
            child_id=child_id,
            decision=request.POST.get("decision", ""),
            actions=_actions(request.POST),
        )
        return redirect(f"/appointments/meeting/{week}/#child-{child_id}")
    except errors.AppointmentRefused as exc:
        field = refusal_field(exc)
        if field is None:
            return not_found(request)
        found = {field: exc.message}
        status = 409 if isinstance(exc, CONFLICTS) else 400
    return page(
        request,
        "appointments/meeting.jinja",
        {
            **meeting_context(actor, week),
            "errors": found,
            "data": request.POST,
            "child_id": child_id,
        },
        title=f"Safeguarding meeting, week {week}",
        status=status,
    )


@require_GET
def agenda_csv(request: HttpRequest, week: str) -> HttpResponse:
    actor = _meeting_actor(request, week)
    if actor is None:
        return not_found(request)
    out = io.StringIO()
    csv.writer(out).writerows(agenda_csv_rows(agenda_build(actor=actor, week=week)))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"safeguarding-meeting-{actor.organisation.code}-{week}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def minutes_pdf(request: HttpRequest, week: str) -> HttpResponse:
    """The agenda and minutes, printed from the meeting page's own template (core.pdf)."""
    actor = _meeting_actor(request, week)
    if actor is None:
        return not_found(request)
    return pdf_response(
        request,
        "appointments/meeting.jinja",
        {**meeting_context(actor, week), "errors": {}, "data": {}, "child_id": None},
        title=f"Safeguarding meeting, week {week}",
        filename=f"safeguarding-meeting-{actor.organisation.code}-{week}.pdf",
    )


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Issue 10 item 8 (R-LEAD-4): counts and shares only, for the chair and the board."""
    actor = request_actor(request)
    if actor is None or not sees_wnb_figures(actor):
        return not_found(request)
    return page(
        request,
        "appointments/figures.jinja",
        {"charts": figure_charts(wnb_figures(actor=actor)), "org": actor.organisation},
        title="Children not brought: figures",
    )
