"""Early help pages (R-REF-6): the team's list, recording early help from the child's page, and
one record with its reviews (review it, or close it). A record or child that is not the actor's
to see is "not found" (DESIGN rule 2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Membership
from seenheard.accounts.presenters import people_by_username
from seenheard.early_help import errors
from seenheard.early_help.forms import EarlyHelpCloseForm, EarlyHelpForm, EarlyHelpReviewForm
from seenheard.early_help.models import EarlyHelpCloseReason
from seenheard.early_help.presenters import early_help_row
from seenheard.early_help.selectors import early_help_get, early_help_reviews, early_help_team_list
from seenheard.early_help.services import early_help_close, early_help_record, early_help_review
from seenheard.tasks.presenters import names_by_user_id
from seenheard.tasks.recipients import task_recipients
from seenheard.tasks.selectors import task_child
from seenheard.web.pages import not_found, page, request_actor

#: Each refusal (ADR 025) and the form field it is shown against ("" names its own field).
REFUSAL_FIELDS: dict[type[errors.EarlyHelpRefused], str] = {
    errors.EarlyHelpChildNotFound: "needs",
    errors.EarlyHelpTextMissing: "",
    errors.EarlyHelpTextTooLong: "",
    errors.EarlyHelpLeadNotFound: "lead",
    errors.EarlyHelpReviewDateInvalid: "review_on",
    errors.EarlyHelpAlreadyOpen: "needs",
    errors.EarlyHelpClosed: "note",
    errors.EarlyHelpCloseReasonMissing: "reason",
}


def refusal_field(exc: errors.EarlyHelpRefused) -> str:
    if isinstance(exc, errors.EarlyHelpTextMissing | errors.EarlyHelpTextTooLong):
        return exc.field
    return next(REFUSAL_FIELDS[k] for k in type(exc).__mro__ if k in REFUSAL_FIELDS)


def _refused(form: forms.Form, exc: errors.EarlyHelpRefused, *, rename: str = "") -> None:
    field = refusal_field(exc)
    form.errors.setdefault(
        rename if rename and field == "note" else field, form.error_class()
    ).append(exc.message)


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    return actor if actor is not None and policy_for(actor.role).sees_child_data else None


def early_help_list(request: HttpRequest) -> HttpResponse:
    """The team's children with open early help, the next review first."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    paged = early_help_team_list(actor=actor, page_number=request.GET.get("page"))
    records = list(paged.object_list)
    names = names_by_user_id(r.lead_user_id for r in records)
    return page(
        request,
        "early_help/list.jinja",
        {"rows": [early_help_row(r, names) for r in records], "paged": paged},
        title="Early help",
    )


def _leads(actor: Actor, child: Any) -> list[tuple[int, str]]:
    people = [r for r in task_recipients(actor=actor, child=child) if r.value.startswith("person:")]
    own = Membership.objects.filter(
        user_id=actor.user_id, organisation_id=actor.organisation.pk, role=actor.role, active=True
    ).first()
    leads = [(int(r.value.partition(":")[2]), r.label) for r in people]
    if own is not None:
        leads.insert(0, (own.pk, f"You ({actor.name})"))
    return leads


@require_http_methods(["GET", "POST"])
def early_help_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record early help for a child the actor may see (R-REF-6)."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    child = task_child(actor=actor, child_id=child_id)
    if child is None:
        return not_found(request)
    leads = _leads(actor, child)
    form = EarlyHelpForm(request.POST if request.method == "POST" else None, leads=leads)
    if request.method == "POST" and form.is_valid():
        try:
            record = early_help_record(
                actor=actor,
                child_id=child.pk,
                needs=form.cleaned_data["needs"],
                help_offered=form.cleaned_data["help_offered"],
                lead_membership_id=form.cleaned_data["lead"],
                review_on=form.cleaned_data["review_on"],
            )
        except errors.EarlyHelpRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Early help recorded for {child.full_name}.")
            return redirect(f"/early-help/{record.pk}/")
    return page(
        request,
        "early_help/new.jinja",
        {
            "child": child,
            "form": form,
            "leads": leads,
            "back_href": f"/children/{child.pk}/",
            "back_text": f"Back to {child.given_name}'s summary",
        },
        title=("Error: " if form.errors else "") + "Record early help",
        status=400 if form.errors else 200,
    )


def _post(
    request: HttpRequest, actor: Actor, record_id: int
) -> tuple[HttpResponse | None, forms.Form | None]:
    if request.POST.get("action") == "close":
        form: forms.Form = EarlyHelpCloseForm(request.POST)
        if not form.is_valid():
            return None, form
        try:
            done = early_help_close(
                actor=actor,
                early_help_id=record_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["close_note"],
            )
        except errors.EarlyHelpRefused as exc:
            _refused(form, exc, rename="close_note")
            return None, form
        said = "Early help closed."
    else:
        form = EarlyHelpReviewForm(request.POST)
        if not form.is_valid():
            return None, form
        try:
            done = early_help_review(
                actor=actor,
                early_help_id=record_id,
                note=form.cleaned_data["note"],
                next_review_on=form.cleaned_data["review_on"],
            )
        except errors.EarlyHelpRefused as exc:
            _refused(form, exc)
            return None, form
        said = "Review recorded."
    if done is None:
        return not_found(request), None
    messages.success(request, said)
    return redirect(f"/early-help/{record_id}/"), None


@require_http_methods(["GET", "POST"])
def early_help_detail(request: HttpRequest, early_help_id: int) -> HttpResponse:
    """One child's early help: needs, help, lead, reviews; review it or close it."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    failed: forms.Form | None = None
    if request.method == "POST":
        answer, failed = _post(request, actor, early_help_id)
        if answer is not None:
            return answer
    record = early_help_get(actor=actor, early_help_id=early_help_id)
    if record is None:
        return not_found(request)
    reviews = early_help_reviews(record)
    people = people_by_username([record.created_by, *(r.reviewed_by for r in reviews)])
    review_form = failed if isinstance(failed, EarlyHelpReviewForm) else EarlyHelpReviewForm()
    close_form = failed if isinstance(failed, EarlyHelpCloseForm) else EarlyHelpCloseForm()
    return page(
        request,
        "early_help/detail.jinja",
        {
            "row": early_help_row(record, names_by_user_id([record.lead_user_id])),
            "recorded_by": people.get(record.created_by, ""),
            "reviews": [
                {
                    "at": timezone.localtime(r.reviewed_at),
                    "by": people.get(r.reviewed_by, ""),
                    "note": r.note,
                    "next": r.next_review_on,
                }
                for r in reviews
            ],
            "review_form": review_form,
            "close_form": close_form,
            "reasons": EarlyHelpCloseReason.choices,
            "back_href": "/early-help/",
            "back_text": "Back to early help",
        },
        title=("Error: " if failed is not None else "") + f"Early help: {record.child.full_name}",
        status=400 if failed is not None else 200,
    )
