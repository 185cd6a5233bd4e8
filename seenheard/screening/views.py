"""The SDQ pages for the looked-after children's nurse (R-OUT-3, R-OUT-4): a child's SDQs over
time, recording one, the reviews waiting for a specialist, and recording one seen.

Thin: the services decide and audit; every refusal is answered from ``REFUSAL_FIELDS`` (ADR
025), against the field it is about. A child or review one may not see gets the one "not
found" page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.children.selectors import child_get
from seenheard.core import clock
from seenheard.screening import errors
from seenheard.screening.forms import NOT_COMPLETED_REASONS, SdqForm, SdqReviewSeenForm
from seenheard.screening.models import SdqOutcome
from seenheard.screening.presenters import (
    SCORE_COLUMNS,
    SHORT_LABELS,
    review_row,
    sdq_chart,
    sdq_row,
)
from seenheard.screening.questionnaires import IMPACT_QUESTIONS, SDQ, Informant
from seenheard.screening.selectors import (
    sdq_review_get,
    sdq_reviews_for_child,
    sdq_reviews_waiting,
    sdqs_for_child,
)
from seenheard.screening.services import (
    SdqAnswers,
    sdq_not_completed_record,
    sdq_record,
    sdq_review_seen,
)
from seenheard.web.pages import not_found, page, request_actor

#: ADR 025: each refusal, the form field its message is shown against ("" for the summary).
REFUSAL_FIELDS: dict[type[errors.ScreeningRefused], str] = {
    errors.SdqChildNotFound: "",
    errors.SdqAnswerInvalid: "",  # the refusal names its own field (item7, difficulties ...)
    errors.SdqInformantNotAllowed: "informant",
    errors.SdqDateInvalid: "",  # completed_on or seen_on: the refusal's own field
    errors.SdqReasonMissing: "not_completed_reason",
    errors.SdqNothingAnswered: "item1",
    errors.SdqReviewNotFound: "",
    errors.SdqReviewAlreadySeen: "",
    errors.SdqReviewDetailsMissing: "",
}


def _field_for(refused: errors.ScreeningRefused, *, date_field: str) -> str:
    if isinstance(refused, errors.SdqDateInvalid):
        return date_field
    fields: dict[type, str] = dict(REFUSAL_FIELDS)
    for cls in type(refused).__mro__:
        if cls in fields:
            return fields[cls] or refused.field or "__all__"
    return "__all__"


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


@require_GET
def child_sdqs(request: HttpRequest, child_id: int) -> HttpResponse:
    """A child's SDQs over time: each informant's total as a chart and every score in a table
    (R-OUT-4: so the effect of help shows), and any specialist review."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    with transaction.atomic():
        child = child_get(actor=actor, child_id=child_id, purpose="sdq")
        history = sdqs_for_child(actor=actor, child_id=child_id) if child else None
        if child is None or history is None:
            return not_found(request)
        reviews = sdq_reviews_for_child(actor=actor, child_id=child_id)
    records = history.records
    return page(
        request,
        "screening/child_sdqs.jinja",
        {
            "child": child,
            "rows": [sdq_row(r) for r in reversed(records)],
            "columns": [SHORT_LABELS[s] for s in SCORE_COLUMNS],
            "chart": sdq_chart(records),
            "reviews": [review_row(r) for r in reviews],
            "age": clock.age_on(child.date_of_birth, clock.today()),
            "withheld": history.withheld,
            "any_recorded": history.any_recorded,
        },
        title=f"SDQs: {child.full_name}",
    )


def _record(actor: Actor, child_id: int, form: SdqForm) -> None:
    data = form.cleaned_data
    informant = Informant(data["informant"])
    if data["outcome"] == SdqOutcome.NOT_COMPLETED:
        sdq_not_completed_record(
            actor=actor,
            child_id=child_id,
            informant=informant,
            asked_on=data["completed_on"],
            reason=data.get("not_completed_reason") or "",
        )
        return
    impact = form.impact()
    sdq_record(
        actor=actor,
        child_id=child_id,
        informant=informant,
        completed_on=data["completed_on"],
        # As typed: the service checks each answer (a 3 or "yes" is refused there).
        answers=SdqAnswers(
            items=form.items(), difficulties=data.get("difficulties") or None, impact=impact
        ),
    )


@require_http_methods(["GET", "POST"])
def sdq_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record an SDQ as ticked on paper, or that it was not completed and why (R-OUT-3)."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    child = child_get(actor=actor, child_id=child_id, purpose="sdq-record")
    if child is None:
        return not_found(request)
    form = SdqForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _record(actor, child.pk, form)
        except errors.ScreeningRefused as refused:
            form.add_error(_field_for(refused, date_field="completed_on"), refused.message)
        else:
            messages.success(request, "SDQ recorded.")
            return redirect(f"/children/{child.pk}/sdq/")
    return page(
        request,
        "screening/sdq_new.jinja",
        _form_context(child, form),
        title=("Error: " if form.errors else "") + f"Record an SDQ: {child.full_name}",
        status=400 if form.errors else 200,
    )


def _form_context(child: Any, form: SdqForm) -> dict[str, Any]:
    return {
        "child": child,
        "form": form,
        "items": SDQ.items,
        "informants": Informant.choices,
        "impact_questions": IMPACT_QUESTIONS,
        "reasons": NOT_COMPLETED_REASONS,
        "self_from": SDQ.self_report_from_age,
        # The error summary links to each question's first radio (its id is the name).
        "field_ids": {
            "completed_on": "completed_on-day",
            "__all__": "maincontent",
            **{
                name: name
                for name in (
                    "informant",
                    "outcome",
                    "not_completed_reason",
                    "difficulties",
                    *IMPACT_QUESTIONS,
                    *(f"item{item.number}" for item in SDQ.items),
                )
            },
        },
    }


@require_GET
def reviews_waiting(request: HttpRequest) -> HttpResponse:
    """R-OUT-4: children whose SDQ total called for a specialist review not yet seen."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    reviews = sdq_reviews_waiting(actor=actor)
    today = clock.today()
    rows = [
        {
            "review": review_row(r),
            "child": r.child,
            "days": (today - r.raised_at.date()).days,
        }
        for r in reviews
    ]
    return page(
        request, "screening/reviews_waiting.jinja", {"rows": rows}, title="SDQ reviews waiting"
    )


@require_http_methods(["GET", "POST"])
def review_seen(request: HttpRequest, review_id: int) -> HttpResponse:
    """R-OUT-4: record that the child was seen by a specialist, by whom and what was decided."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    review = sdq_review_get(actor=actor, review_id=review_id)
    if review is None:
        return not_found(request)
    form = SdqReviewSeenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sdq_review_seen(
                actor=actor,
                review_id=review.pk,
                seen_on=data["seen_on"],
                seen_by=data["seen_by"],
                service=data["service"],
                outcome=data["outcome"],
            )
        except errors.ScreeningRefused as refused:
            form.add_error(_field_for(refused, date_field="seen_on"), refused.message)
        else:
            messages.success(request, "Review recorded as seen.")
            return redirect(f"/children/{review.child_id}/sdq/")
    return page(
        request,
        "screening/review_seen.jinja",
        {"form": form, "review": review_row(review), "child": review.child},
        title=("Error: " if form.errors else "") + "Record the specialist review",
        status=400 if form.errors else 200,
    )
