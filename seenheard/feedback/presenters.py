"""How feedback reads on a page (R-VOICE-2): dates in words, figures in a table."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from seenheard.access.actor import Actor
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


def report_context(rows: list[ServiceMonth]) -> dict[str, Any]:
    return {
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
