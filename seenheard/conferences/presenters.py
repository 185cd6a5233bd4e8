"""How conferences read on a page (R-REF-5): dates in words, people by name and role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from seenheard.accounts.models import Role
from seenheard.conferences.models import Conference, RemoteJoining
from seenheard.conferences.selectors import (
    ConferenceView,
    ContributionRow,
    InvitationRow,
    InviteeCandidate,
)
from seenheard.core.charts import Chart, line_chart
from seenheard.voice.presenters import voice_summary


def when(at: dt.datetime) -> str:
    """ "Tuesday 15 December 2026 at 17:30", in England's time."""
    return timezone.localtime(at).strftime("%A %-d %B %Y at %H:%M")


def short_when(at: dt.datetime) -> str:
    """ "15 Dec 2026 17:30", in England's time."""
    return timezone.localtime(at).strftime("%-d %b %Y %H:%M")


def day(on: dt.date) -> str:
    return on.strftime("%-d %B %Y")


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


def scheduled_message(conference: Conference) -> str:
    invited = conference.invitations.count()
    people = "person" if invited == 1 else "people"
    return (
        f"{conference.get_kind_display()} booked for {when(conference.starts_at)}. "
        f"{invited} {people} invited: they have been told in their inbox and by e-mail."
    )


def chosen_invitees(form: forms.Form, candidates: list[InviteeCandidate]) -> set[str]:
    """The ticked boxes: what was posted, or the GPs when the form is first shown."""
    if form.is_bound:
        return set(form.data.getlist("invitees")) if hasattr(form.data, "getlist") else set()
    return {str(c.user_id) for c in candidates if c.is_gp}


def remote_text(conference: Conference) -> str:
    if conference.remote_joining == RemoteJoining.NONE:
        return "In person only"
    details = f": {conference.remote_details}" if conference.remote_details else ""
    return f"{conference.get_remote_joining_display()}{details}"


def detail_context(found: ConferenceView) -> dict[str, Any]:
    c = found.conference
    return {
        "when": when(c.starts_at),
        "due_by": day(c.due_by),
        "remote": remote_text(c),
        "strategy_on": day(c.strategy_discussion_on) if c.strategy_discussion_on else "",
        "started": c.starts_at <= timezone.now(),
        "role_label": role_label,
        "voice_summary": voice_summary,
        "when_of": when,
        "back_href": "/conferences/" if found.may_manage else "/conferences/invitations/",
        "back_text": "Back to conferences" if found.may_manage else "Back to your invitations",
    }


def invitation_context(row: InvitationRow) -> dict[str, Any]:
    c = row.invitation.conference
    return {
        "when": when(c.starts_at),
        "remote": remote_text(c),
        "organiser": f"{c.organiser_name}, {c.organiser_org.name}",
        "when_of": when,
    }


#: At most this many practices are drawn (the busiest); the table lists every one.
CHART_SERIES = 6


def figures_chart(rows: list[ContributionRow]) -> Chart | None:
    """R-REF-5: the share with a GP contribution, a line per practice over the months."""
    if not rows:
        return None
    months = sorted({r.month for r in rows})
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.practice] = totals.get(r.practice, 0) + r.conferences
    practices = sorted(totals, key=lambda p: (-totals[p], p))[:CHART_SERIES]
    share = {(r.practice, r.month): r.percent for r in rows}
    return line_chart(
        title="Conferences with a GP contribution",
        summary="The percentage of conferences held each month, for the children of each "
        "practice, where a GP attended or sent a report before the conference.",
        category_label="Month",
        categories=[m.strftime("%b %Y") for m in months],
        series=[(p, [share.get((p, m)) for m in months]) for p in practices],
        unit="%",
        y_max=100,
        chart_id="gp-contribution",
    )


def figures_context(rows: list[ContributionRow]) -> dict[str, Any]:
    """The figures as a chart and a table of numbers (R-REF-5)."""
    total = sum(r.conferences for r in rows)
    contributed = sum(r.contributed for r in rows)
    return {
        "rows": [
            {
                "practice": r.practice,
                "month": r.month.strftime("%B %Y"),
                "conferences": r.conferences,
                "contributed": r.contributed,
                "percent": "none" if r.percent is None else f"{r.percent}%",
            }
            for r in rows
        ],
        "total": total,
        "contributed": contributed,
        "chart": figures_chart(rows),
    }
