"""The conference pages' forms (R-REF-5). They check only what a person can fix on the form
(a date that is not a date, a time that is not a time); every rule is the service's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils import timezone

from seenheard.conferences.models import (
    TEXT_LIMIT,
    Attendance,
    ConferenceKind,
    InvitationResponse,
    RemoteJoining,
)
from seenheard.web.forms import DesignSystemForm

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def date_from_parts(data: Mapping[str, Any], prefix: str, what: str) -> tuple[dt.date | None, str]:
    """An NHS.UK date input's three boxes as a date, or the plain reason it is not one."""
    parts = {
        name: str(data.get(f"{prefix}_{name}") or "").strip() for name in ("day", "month", "year")
    }
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        return None, f"Enter {what}."
    if missing:
        return None, f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}."
    if not all(v.isascii() and v.isdigit() for v in parts.values()):
        return None, "Use numbers only for the date, like 25 2 2027."
    if len(parts["year"]) != 4:
        return None, "The year must be 4 numbers, like 2027."
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"])), ""
    except ValueError:
        return None, f"{what[0].upper()}{what[1:]} must be a real date."


class _DateFieldsForm(DesignSystemForm):
    def _date(
        self, data: Mapping[str, Any], prefix: str, what: str, *, required: bool = True
    ) -> dt.date | None:
        day, problem = date_from_parts(data, prefix, what)
        if problem and (
            required or any(data.get(f"{prefix}_{n}") for n in ("day", "month", "year"))
        ):
            self.errors.setdefault(prefix, self.error_class()).append(problem)
        return day


def _text(required: bool = False) -> forms.CharField:
    return forms.CharField(max_length=TEXT_LIMIT, required=required, strip=True)


class ConferenceScheduleForm(_DateFieldsForm):
    field_names = {
        "kind": "The kind of conference",
        "location": "Where the conference is",
        "remote_joining": "How people can join remotely",
        "remote_details": "How to join",
        "reason": "The reason",
        "time": "The start time",
    }

    kind = forms.ChoiceField(choices=ConferenceKind.choices, required=True)
    strategy_on_day = forms.CharField(max_length=4, required=False)
    strategy_on_month = forms.CharField(max_length=4, required=False)
    strategy_on_year = forms.CharField(max_length=6, required=False)
    starts_on_day = forms.CharField(max_length=4, required=False)
    starts_on_month = forms.CharField(max_length=4, required=False)
    starts_on_year = forms.CharField(max_length=6, required=False)
    time = forms.CharField(max_length=8, required=False, strip=True)
    location = forms.CharField(max_length=200, required=False, strip=True)
    remote_joining = forms.ChoiceField(choices=RemoteJoining.choices, required=True)
    remote_details = forms.CharField(max_length=300, required=False, strip=True)
    reason = _text()
    invitees = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args: Any, candidate_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The people the page offered (the service checks again: InviteeNotInvolved).
        cast(forms.ChoiceField, self.fields["invitees"]).choices = [
            (str(pk), str(pk)) for pk in candidate_ids or ()
        ]
        self.fields["kind"].error_messages["required"] = "Choose the kind of conference."
        self.fields["remote_joining"].error_messages["required"] = (
            "Say whether people can join remotely."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ConferenceKind.INITIAL:
            data["strategy_on"] = self._date(
                self.data, "strategy_on", "the date of the strategy discussion"
            )
        starts_on = self._date(self.data, "starts_on", "the date of the conference")
        match = TIME.match(data.get("time") or "")
        if not match:
            self.errors.setdefault("time", self.error_class()).append(
                "Enter the start time as hours and minutes, like 17:30."
            )
        elif starts_on is not None:
            naive = dt.datetime.combine(starts_on, dt.time(int(match[1]), int(match[2])))
            data["starts_at"] = timezone.make_aware(naive)
        return data


class InvitationResponseForm(DesignSystemForm):
    field_names = {"response": "Whether you can attend"}

    response = forms.ChoiceField(
        choices=[c for c in InvitationResponse.choices if c[0] != InvitationResponse.AWAITING],
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = "Choose whether you can attend."
        self.fields["response"].error_messages["invalid_choice"] = "Choose whether you can attend."


class GpReportForm(DesignSystemForm):
    field_names = {
        "health_and_development": "The child's health and development",
        "parents_health": "The parents' health",
        "child_with_parents": "What you have seen of the child with their parents",
        "attendances": "Attendances and missed appointments",
    }

    health_and_development = _text(required=True)
    parents_health = _text(required=True)
    child_with_parents = _text(required=True)
    attendances = _text(required=True)


class AttendanceForm(DesignSystemForm):
    """One radio per invitation: ``attendance-<id>``."""

    def __init__(self, *args: Any, invitation_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk in invitation_ids or ():
            self.fields[f"attendance-{pk}"] = forms.ChoiceField(
                choices=[c for c in Attendance.choices if c[0] != Attendance.NOT_RECORDED],
                required=True,
                error_messages={
                    "required": "Say whether each person attended.",
                    "invalid_choice": "Say whether each person attended.",
                },
            )

    def attendance(self) -> dict[int, Attendance]:
        return {
            int(name.split("-", 1)[1]): Attendance(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("attendance-")
        }
