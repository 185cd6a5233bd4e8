"""The early help forms (R-REF-6): the shape of the input only; the rules are the service's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seenheard.tasks.forms import date_from_parts
from seenheard.web.forms import DesignSystemForm


class _DateMixin(DesignSystemForm):
    """An NHS.UK date input named ``review`` (review_day, review_month, review_year)."""

    review_day = forms.CharField(max_length=4, required=False, strip=True)
    review_month = forms.CharField(max_length=4, required=False, strip=True)
    review_year = forms.CharField(max_length=6, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, problem = date_from_parts(
            str(data.get("review_day") or ""),
            str(data.get("review_month") or ""),
            str(data.get("review_year") or ""),
        )
        if problem:
            problem = problem.replace("the task is due", "of the review").replace(
                "The due date", "The review date"
            )
            self.errors.setdefault("review_on", self.error_class()).append(problem)
        data["review_on"] = day
        return data


class EarlyHelpForm(_DateMixin):
    field_names = {"lead": "The lead professional", "help_offered": "The help offered"}

    needs = forms.CharField(required=False, strip=True)
    help_offered = forms.CharField(required=False, strip=True)
    lead = forms.CharField(max_length=40, required=False)

    def __init__(
        self, *args: Any, leads: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads or []

    def clean_lead(self) -> int | None:
        value = str(self.cleaned_data.get("lead") or "")
        chosen = {str(pk): pk for pk, _ in self.leads}
        if value not in chosen:
            raise forms.ValidationError(
                "Choose the lead professional from the list.", code="required"
            )
        return chosen[value]


class EarlyHelpReviewForm(_DateMixin):
    field_names = {"note": "What the review found"}

    note = forms.CharField(required=False, strip=True)


class EarlyHelpCloseForm(DesignSystemForm):
    field_names = {"reason": "Why early help is ending", "close_note": "What happens next"}

    reason = forms.CharField(max_length=16, required=False)
    close_note = forms.CharField(required=False, strip=True)


def review_due_text(review_on: dt.date, *, today: dt.date) -> tuple[str, bool]:
    """ "Review due 5 March 2027", or overdue, for the pages."""
    text = f"{review_on:%-d %B %Y}"
    if review_on < today:
        return f"Review overdue: it was due on {text}", True
    return f"Review due {text}", False
