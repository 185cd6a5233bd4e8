"""How feedback reads on a page (R-VOICE-2): dates in words, figures in a table."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.core.charts import Chart, bar_chart
from seenheard.feedback.models import Feedback
from seenheard.feedback.selectors import ServiceMonth
from seenheard.feedback.services import IssuedCode
from seenheard.jobs.services import absolute_url
from seenheard.protocols.selectors import protocol_value


def code_days(actor: Actor) -> dict[str, Any]:
    return {"code_days": protocol_value("feedback.code_days", area=actor.organisation)}


def code_context(request: HttpRequest, issued: IssuedCode) -> dict[str, Any]:
    """What the code slip says: where to go, the code, until when it works."""
    return {
        "address": absolute_url("/feedback/"),
        "expires": timezone.localtime(issued.code.expires_at).strftime("%-d %B %Y"),
    }


def received_context(feedback: Feedback) -> dict[str, Any]:
    code = feedback.code
    return {
        "submitted": timezone.localtime(feedback.submitted_at).strftime("%-d %B %Y at %H:%M"),
        "issued": timezone.localtime(code.issued_at).strftime("%-d %B %Y"),
        "issued_by": f"{code.issued_by_name}, {feedback.service.name}",
        "back_href": f"/children/{feedback.child_id}/",
        "back_text": f"Back to {feedback.child.given_name}'s summary",
    }


#: At most this many services are drawn (the busiest); the table lists every one.
CHART_SERIES = 6


def report_chart(rows: list[ServiceMonth]) -> Chart | None:
    """R-VOICE-2: how many children gave feedback, by service and month."""
    if not rows:
        return None
    months = sorted({r.month for r in rows})
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.service] = totals.get(r.service, 0) + r.given
    services = sorted(totals, key=lambda s: (-totals[s], s))[:CHART_SERIES]
    given = {(r.service, r.month): r.given for r in rows}
    return bar_chart(
        title="Children who gave feedback",
        summary="How many children gave feedback on their care each month, by the service "
        "that gave them their code.",
        category_label="Month",
        categories=[m.strftime("%b %Y") for m in months],
        series=[(s, [given.get((s, m), 0) for m in months]) for s in services],
        chart_id="feedback-by-service",
    )


def report_context(rows: list[ServiceMonth]) -> dict[str, Any]:
    return {
        "chart": report_chart(rows),
        "rows": [
            {
                "service": r.service,
                "month": r.month.strftime("%B %Y"),
                "given": r.given,
                "good": r.good,
                "ok": r.ok,
                "not_good": r.not_good,
                "unsafe": r.unsafe,
                "good_percent": "none" if r.good_percent is None else f"{r.good_percent}%",
            }
            for r in rows
        ],
        "total": sum(r.given for r in rows),
        "unsafe": sum(r.unsafe for r in rows),
    }
