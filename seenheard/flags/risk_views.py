"""Raising, reviewing and ending the shared risk flags in the browser (R-FLAG-9).

The pages are thin: ``seenheard.flags.risk`` decides who may do what and audits it. A child or
flag the actor may not see or change gets the one "not found" page, and nothing changes (DESIGN
rule 2, R-FLAG-10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.core import clock
from seenheard.flags.errors import RiskFlagRefused
from seenheard.flags.models import RiskFlag, RiskFlagType
from seenheard.flags.refusal_pages import PageAnswer, refusal_answer, refusal_on_form
from seenheard.flags.risk import (
    RiskFlagAction,
    risk_flag_end,
    risk_flag_get,
    risk_flag_raise,
    risk_flag_review,
    risk_flags_for_child,
)
from seenheard.flags.rules import risk_flag_latest_review
from seenheard.web.forms import DesignSystemForm
from seenheard.web.pages import not_found, page, request_actor

# What each kind of flag is for, shown as the radio's hint (R-FLAG-9, R-HIDDEN-4).
TYPE_HINTS = {
    RiskFlagType.MISSING: "The child is missing from home or care, or goes missing often.",
    RiskFlagType.MARAC: "The child lives with domestic abuse discussed at a multi-agency risk "
    "assessment conference (MARAC).",
    RiskFlagType.FGM: "A girl under 18 with a family history of female genital mutilation. If FGM "
    "has already been carried out, you must also report it to the police.",
    RiskFlagType.CSE: "The child is at risk of, or being, sexually exploited.",
}


class _ReviewDateMixin(DesignSystemForm):
    """The review date as an NHS.UK date input (day, month, year), in plain English."""

    field_names = {
        "review_day": "The day of the review date",
        "review_month": "The month of the review date",
        "review_year": "The year of the review date",
        "flag_type": "The kind of risk",
        "detail": "What the risk is",
        "note": "What the review found",
    }

    review_day = forms.CharField(max_length=4, required=False, strip=True)
    review_month = forms.CharField(max_length=4, required=False, strip=True)
    review_year = forms.CharField(max_length=6, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = {name: (data.get(f"review_{name}") or "") for name in ("day", "month", "year")}
        missing = [name for name, value in parts.items() if not value]
        problem = ""
        if len(missing) == 3:
            problem = "Enter the date the flag should be reviewed by."
        elif missing:
            problem = f"The review date must include a {' and '.join(missing)}."
        elif not all(value.isascii() and value.isdigit() for value in parts.values()):
            problem = "Use numbers only for the date, like 25 2 2027."
        elif len(parts["year"]) != 4:
            problem = "The year must be 4 numbers, like 2027."
        else:
            try:
                data["review_on"] = dt.date(
                    int(parts["year"]), int(parts["month"]), int(parts["day"])
                )
            except ValueError:
                problem = "The review date must be a real date."
        if problem:
            self.errors.setdefault("review_on", self.error_class()).append(problem)
        return data


class RiskFlagRaiseForm(_ReviewDateMixin):
    flag_type = forms.CharField(max_length=16, required=False)
    detail = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_flag_type(self) -> str:
        value = self.cleaned_data.get("flag_type") or ""
        if value not in RiskFlagType.values:
            raise forms.ValidationError("Choose the kind of risk.", code="required")
        return str(value)

    def clean_detail(self) -> str:
        detail = self.cleaned_data.get("detail") or ""
        if not detail:
            raise forms.ValidationError(
                "Say what the risk is, so others who see the flag know what to look out for.",
                code="required",
            )
        return str(detail)


class RiskFlagReviewForm(_ReviewDateMixin):
    note = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_note(self) -> str:
        note = self.cleaned_data.get("note") or ""
        if not note:
            raise forms.ValidationError(
                "Say what the review found, for example: risk continues, strategy meeting on "
                "Friday.",
                code="required",
            )
        return str(note)


class RiskFlagEndForm(DesignSystemForm):
    field_names = {"reason": "Why the flag is ending"}

    reason = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason") or ""
        if not reason:
            raise forms.ValidationError(
                "Say why the flag is ending, for example: child found safe and well.",
                code="required",
            )
        return str(reason)


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


def _latest_review_text() -> str:
    return risk_flag_latest_review(today=clock.today()).strftime("%-d %B %Y")


@require_GET
def risk_flag_list(request: HttpRequest, child_id: int) -> HttpResponse:
    """A child's risk flags, with what the actor may do to each (raise, review, end)."""
    actor = _actor(request)
    found = risk_flags_for_child(actor=actor, child_id=child_id) if actor else None
    if found is None:
        return not_found(request)
    return page(
        request,
        "flags/risk_list.jinja",
        {
            "found": found,
            "child": found.child,
            "back_href": f"/children/{found.child.pk}/",
            "back_text": f"Back to {found.child.given_name}'s summary",
        },
        title=f"Risk flags: {found.child.full_name}",
    )


@require_http_methods(["GET", "POST"])
def risk_flag_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Raise a risk flag for a child the actor can see; they become its owner."""
    actor = _actor(request)
    if actor is None or not policy_for(actor.role).raises_risk_flags:
        return not_found(request)
    found = risk_flags_for_child(actor=actor, child_id=child_id)
    if found is None:
        return not_found(request)
    child = found.child
    form = RiskFlagRaiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = risk_flag_raise(
                actor=actor,
                child_id=child.pk,
                flag_type=form.cleaned_data["flag_type"],
                detail=form.cleaned_data["detail"],
                review_on=form.cleaned_data["review_on"],
            )
        except RiskFlagRefused as refused:
            if refusal_answer(refused) is PageAnswer.NOT_FOUND:
                return not_found(request)
            refusal_on_form(form, refused)
        else:
            messages.success(
                request,
                f"{flag.get_flag_type_display()} flag raised for {child.full_name}. You own it "
                "and will be told when the child is seen anywhere.",
            )
            return redirect(f"/children/{child.pk}/")
    return page(
        request,
        "flags/risk_new.jinja",
        {
            "child": child,
            "form": form,
            "types": [(t.value, t.label, TYPE_HINTS[t]) for t in RiskFlagType],
            "latest_review": _latest_review_text(),
            "back_href": f"/children/{child.pk}/",
            "back_text": f"Back to {child.given_name}'s summary",
        },
        title=("Error: " if form.errors else "") + "Raise a risk flag",
        status=400 if form.errors else 200,
    )


def _flag_context(flag: RiskFlag) -> dict[str, Any]:
    return {
        "flag": flag,
        "child": flag.child,
        "back_href": f"/children/{flag.child_id}/risk-flags/",
        "back_text": "Back to risk flags",
    }


def _flag_action_page(
    request: HttpRequest,
    flag_id: int,
    *,
    action: RiskFlagAction,
    form_class: type[forms.Form],
    apply: Callable[[Actor, RiskFlag, dict[str, Any]], RiskFlag],
    done: Callable[[RiskFlag], str],
    template: str,
    title: str,
    context: Callable[[], dict[str, Any]] = dict,
) -> HttpResponse:
    """What the review and end pages share: the flag as the actor may act on it (else the one
    "not found" page), the form, the service's refusal shown on the form, and on success a
    message and back to the child's summary."""
    actor = _actor(request)
    flag = risk_flag_get(actor=actor, flag_id=flag_id, action=action) if actor else None
    if actor is None or flag is None:
        return not_found(request)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = apply(actor, flag, form.cleaned_data)
        except RiskFlagRefused as refused:
            if refusal_answer(refused) is PageAnswer.NOT_FOUND:
                return not_found(request)
            refusal_on_form(form, refused)
        else:
            messages.success(request, done(flag))
            return redirect(f"/children/{flag.child_id}/")
    return page(
        request,
        template,
        {**_flag_context(flag), "form": form, **context()},
        title=("Error: " if form.errors else "") + title,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def risk_flag_review_page(request: HttpRequest, flag_id: int) -> HttpResponse:
    """The owner or a safeguarding lead of the owner's organisation sets the next review date."""
    return _flag_action_page(
        request,
        flag_id,
        action=RiskFlagAction.REVIEW,
        form_class=RiskFlagReviewForm,
        apply=lambda actor, flag, data: risk_flag_review(
            actor=actor, flag_id=flag.pk, review_on=data["review_on"], note=data["note"]
        ),
        done=lambda flag: (
            f"{flag.get_flag_type_display()} flag reviewed. Next review by "
            f"{flag.review_on.strftime('%-d %B %Y')}."
        ),
        template="flags/risk_review.jinja",
        title="Review a risk flag",
        context=lambda: {"latest_review": _latest_review_text()},
    )


@require_http_methods(["GET", "POST"])
def risk_flag_end_page(request: HttpRequest, flag_id: int) -> HttpResponse:
    """End a flag with a reason; the flag is kept in the child's record."""
    return _flag_action_page(
        request,
        flag_id,
        action=RiskFlagAction.END,
        form_class=RiskFlagEndForm,
        apply=lambda actor, flag, data: risk_flag_end(
            actor=actor, flag_id=flag.pk, reason=data["reason"]
        ),
        done=lambda flag: (
            f"{flag.get_flag_type_display()} flag ended. It stays in the child's record "
            "with your reason."
        ),
        template="flags/risk_end.jinja",
        title="End a risk flag",
    )
