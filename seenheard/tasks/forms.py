"""The forms of the task pages (R-REF-7): giving a task and passing it on. Only the shape of
the input is checked here; every rule (the date not in the past, the child, the owner, the
limits) is the service's, and its refusal is shown against the field (``views.REFUSAL_FIELDS``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seenheard.tasks.recipients import Recipient
from seenheard.web.forms import DesignSystemForm


def date_from_parts(day: str, month: str, year: str) -> tuple[dt.date | None, str]:
    """An NHS.UK date input's three boxes as a date, or the plain-English problem."""
    parts = {"day": day, "month": month, "year": year}
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        return None, "Enter the date the task is due."
    if missing:
        return None, f"The due date must include a {' and '.join(missing)}."
    if not all(v.isascii() and v.isdigit() for v in parts.values()):
        return None, "Use numbers only for the date, like 25 2 2027."
    if len(year) != 4:
        return None, "The year must be 4 numbers, like 2027."
    try:
        return dt.date(int(year), int(month), int(day)), ""
    except ValueError:
        return None, "The due date must be a real date."


class _RecipientForm(DesignSystemForm):
    recipient = forms.CharField(max_length=80, required=False)

    def __init__(
        self, *args: Any, recipients: list[Recipient] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recipients = recipients or []

    def clean_recipient(self) -> str:
        value = str(self.cleaned_data.get("recipient") or "")
        if value not in {r.value for r in self.recipients}:
            raise forms.ValidationError("Choose who the task is for.", code="required")
        return value


class TaskGiveForm(_RecipientForm):
    # The limits of the service (TITLE_MAX, DETAIL_MAX) are checked there, so the page and the
    # API give the same answer; the form only bounds what it reads (a 100 KB field is refused
    # by the service with its limit, and nothing is changed).
    field_names = {"recipient": "Who the task is for", "title": "What needs to be done"}

    title = forms.CharField(required=False, strip=True)
    detail = forms.CharField(required=False, strip=True)
    due_day = forms.CharField(max_length=4, required=False, strip=True)
    due_month = forms.CharField(max_length=4, required=False, strip=True)
    due_year = forms.CharField(max_length=6, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, problem = date_from_parts(
            str(data.get("due_day") or ""),
            str(data.get("due_month") or ""),
            str(data.get("due_year") or ""),
        )
        if problem:
            self.errors.setdefault("due_on", self.error_class()).append(problem)
        data["due_on"] = due
        return data


class TaskReassignForm(_RecipientForm):
    field_names = {"recipient": "Who the task is for now", "note": "Why it is passed on"}

    note = forms.CharField(required=False, strip=True)
