"""Early help in plain English for the pages (R-REF-6)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seenheard.core import clock
from seenheard.early_help.forms import review_due_text
from seenheard.early_help.models import EarlyHelp
from seenheard.tasks.presenters import names_by_user_id, owner_label


def early_help_row(record: EarlyHelp, names: dict[int, str]) -> dict[str, Any]:
    text, overdue = review_due_text(record.review_on, today=timezone.localdate(clock.now()))
    return {
        "record": record,
        "lead": owner_label(record.lead_org, record.lead_role, record.lead_user_id, names),
        "review": text,
        "overdue": overdue and record.status == "open",
    }


def early_help_rows(records: list[EarlyHelp]) -> list[dict[str, Any]]:
    names = names_by_user_id(r.lead_user_id for r in records)
    return [early_help_row(r, names) for r in records]
