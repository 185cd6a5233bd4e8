"""The SDQ forms (R-OUT-3, R-OUT-4): the answers as ticked on the paper questionnaire, and a
specialist review seen. The forms read what was typed; the service decides what is allowed
(an answer of 3 or "yes" is refused there and shown against its question here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seenheard.screening.models import SdqNotCompletedReason, SdqOutcome
from seenheard.screening.questionnaires import IMPACT_QUESTIONS, SDQ, Informant
from seenheard.web.forms import DesignSystemForm


def parse_date(day: str, month: str, year: str, *, what: str) -> dt.date | str:
    """A date from an NHS.UK date input, or the plain-English problem with it."""
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        return f"Enter {what}."
    if missing:
        return f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}."
    if not all(v.isascii() and v.isdigit() for v in parts.values()):
        return "Use numbers only for the date, like 25 2 2026."
    if len(parts["year"]) != 4:
        return "The year must be 4 numbers, like 2026."
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return f"{what[0].upper()}{what[1:]} must be a real date."


class _DateForm(DesignSystemForm):
    date_field = "completed_on"
    date_what = "the date"
    day = forms.CharField(max_length=4, required=False, strip=True)
    month = forms.CharField(max_length=4, required=False, strip=True)
    year = forms.CharField(max_length=6, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        got = parse_date(
            data.get("day") or "",
            data.get("month") or "",
            data.get("year") or "",
            what=self.date_what,
        )
        if isinstance(got, str):
            self.add_error(self.date_field, got)
        else:
            data[self.date_field] = got
        return data

    def add_error(self, field: str | None, error: Any) -> None:
        # The date is three inputs, not a declared field; Django only accepts errors for
        # declared fields, so an error for it (or for the answers as a whole) is kept directly.
        if field is not None and field != "__all__" and field not in self.fields:
            self.errors.setdefault(field, self.error_class()).append(error)
            return
        super().add_error(field, error)


# The answers, kept as typed: the service says which are allowed. Declared (not added in
# __init__) so that the design system's plain messages apply to them like any other field.
_AnswerFields = type(
    "_AnswerFields",
    (forms.Form,),
    {
        **{
            f"item{item.number}": forms.CharField(
                required=False, max_length=20, label=f"Question {item.number}"
            )
            for item in SDQ.items
        },
        **{
            name: forms.CharField(required=False, max_length=20, label=f"The {name} answer")
            for name in ("difficulties", *IMPACT_QUESTIONS)
        },
    },
)


class SdqForm(_DateForm, _AnswerFields):  # type: ignore[misc,valid-type]
    field_names = {"informant": "Who completed it", "outcome": "Whether it was completed"}
    date_what = "the date on the questionnaire"

    informant = forms.ChoiceField(choices=Informant.choices)
    outcome = forms.ChoiceField(choices=SdqOutcome.choices)
    not_completed_reason = forms.CharField(required=False, max_length=8)

    def items(self) -> list[int | str | None]:
        return [self.cleaned_data.get(f"item{item.number}") or "" for item in SDQ.items]

    def impact(self) -> dict[str, int | str | None]:
        return {name: self.cleaned_data.get(name) or "" for name in IMPACT_QUESTIONS}


class SdqReviewSeenForm(_DateForm):
    field_names = {
        "seen_by": "Who saw the child",
        "service": "Their service",
        "outcome": "What was decided",
    }
    date_what = "the date the child was seen"
    date_field = "seen_on"

    seen_by = forms.CharField(max_length=200)
    service = forms.CharField(max_length=200)
    outcome = forms.CharField(max_length=4000, widget=forms.Textarea)


NOT_COMPLETED_REASONS = SdqNotCompletedReason.choices
