"""Pages of the looked-after children's health team (issue 11 item 9): the tracker, a child's
health record, and the forms for assessments and plans. Every refusal (ADR 025) is answered
from ``REFUSAL_PAGES``; a child the person may not see is "not found" (DESIGN rule 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.core import clock
from seenheard.lac_health import errors, forms, presenters
from seenheard.lac_health.health import (
    assessment_engagement_outcome,
    assessment_record,
    is_uasc,
    plan_record,
    plan_review_record,
)
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    Engagement,
    Progress,
    SubstanceHelp,
)
from seenheard.lac_health.outcomes.views import record_section as outcomes_section
from seenheard.lac_health.selectors import (
    assessment_get,
    councils_in_tracker,
    engagement_figures,
    health_record,
    plan_get,
    review_assessments,
    tracker_for,
)
from seenheard.voice.errors import VoiceRefused
from seenheard.voice.forms import ChildVoiceForm
from seenheard.web.pages import not_found, page, request_actor

#: How the pages answer each refusal: "not-found", or the form field its message is shown
#: against ("" for the top of the form). A test fails until every refusal has a row.
REFUSAL_PAGES: dict[type[errors.LacRefused], str] = {
    errors.LacRefused: "",
    errors.CouncilUnknown: "not-found",
    errors.FilesRejected: "",
    errors.EpisodeRejected: "field",
    errors.ChildNotFound: "not-found",
    errors.AssessmentRejected: "field",
    errors.PlanRejected: "field",
}


def refusal_answer(exc: errors.LacRefused) -> str:
    return next(REFUSAL_PAGES[k] for k in type(exc).__mro__ if k in REFUSAL_PAGES)


def refusal_errors(exc: errors.LacRefused) -> dict[str, str]:
    """The field errors a refusal puts on a form."""
    if isinstance(exc, errors.AssessmentRejected):
        return dict(exc.problems)
    if isinstance(exc, errors.PlanRejected):
        return dict(exc.errors)
    if isinstance(exc, errors.EpisodeRejected):
        return {exc.field: exc.message}
    return {"__all__": exc.message}


def _nurse(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


def tracker(request: HttpRequest) -> HttpResponse:
    """R-OUT-1, R-OUT-3: every child in care the person sees, what is due and what is late."""
    actor = _nurse(request)
    if actor is None:
        return not_found(request)
    councils = councils_in_tracker(actor=actor)
    chosen = next((c for c in councils if c.code == request.GET.get("la")), None)
    as_of_text = request.GET.get("as_of", "")
    error = ""
    try:
        as_of = dt.date.fromisoformat(as_of_text) if as_of_text else clock.today()
    except ValueError:
        as_of, error = clock.today(), "Enter the date as year-month-day, like 2026-01-31."
    rows = tracker_for(actor=actor, as_of=as_of, la=chosen)
    context = {
        "rows": [presenters.tracker_row(r) for r in rows],
        "overdue": sum(1 for r in rows if r.overdue),
        "councils": councils,
        "chosen": chosen,
        "as_of": as_of,
        "as_of_text": as_of_text,
        "error": error,
        "engagement": engagement_figures(actor=actor),
    }
    return page(
        request, "lac_health/tracker.jinja", context, title="Looked-after children's health"
    )


def record(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _nurse(request)
    found = health_record(actor=actor, child_id=child_id) if actor else None
    if actor is None or found is None:
        return not_found(request)
    context = {**presenters.record_context(found), **outcomes_section(actor, child_id)}
    return page(
        request,
        "lac_health/record.jinja",
        context,
        title=f"{found.child.full_name}: health record",
    )


def _form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    form_errors: dict[str, str],
) -> HttpResponse:
    voice_form = context.get("voice_form")
    voice_errors = voice_form.error_list() if voice_form is not None and voice_form.errors else []
    summary = [
        {"text": message, "href": f"#{presenters.field_anchor(name)}"}
        for name, message in form_errors.items()
    ] + voice_errors
    status = 400 if summary else 200
    return page(
        request,
        template,
        {**context, "errors": form_errors, "error_summary": summary},
        title=("Error: " if summary else "") + title,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """R-OUT-1, R-OUT-6, R-OUT-7, R-VOICE-1: record an assessment, done or declined."""
    actor = _nurse(request)
    found = health_record(actor=actor, child_id=child_id) if actor else None
    if actor is None or found is None:
        return not_found(request)
    voice_form = ChildVoiceForm(request.POST or None)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        data, form_errors = forms.assessment_input(request.POST)
        if voice_form.is_valid() and data is not None and not form_errors:
            try:
                assessment_record(
                    actor=actor, child_id=child_id, data=data, voice=voice_form.voice_input()
                )
            except (errors.LacRefused, VoiceRefused) as exc:
                if isinstance(exc, errors.LacRefused) and refusal_answer(exc) == "not-found":
                    return not_found(request)
                if isinstance(exc, errors.LacRefused):
                    form_errors = refusal_errors(exc)
            else:
                messages.success(request, "Health assessment recorded.")
                return redirect(f"/lac/children/{child_id}/")
    context = {
        "child": found.child,
        "uasc": is_uasc(found.child),
        "values": request.POST,
        "kinds": AssessmentKind.choices,
        "outcomes": AssessmentOutcome.choices,
        "engagements": Engagement.choices,
        "yes_no": [("yes", "Yes"), ("no", "No")],
        "substance_helps": SubstanceHelp.choices,
        "under_five": clock.age_on(found.child.date_of_birth, clock.today()) < 5,
        "voice_form": voice_form,
    }
    return _form_page(
        request,
        "lac_health/assessment_new.jinja",
        context,
        title="Record a health assessment",
        form_errors=form_errors,
    )


@require_POST
def engagement_outcome(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """R-OUT-6: whether what was tried next with a young person who declined worked."""
    actor = _nurse(request)
    found = assessment_get(actor=actor, assessment_id=assessment_id) if actor else None
    worked = request.POST.get("worked")
    if actor is None or found is None or worked not in ("yes", "no"):
        return not_found(request)
    try:
        assessment_engagement_outcome(
            actor=actor, assessment_id=assessment_id, worked=worked == "yes"
        )
    except errors.LacRefused:
        return not_found(request)
    messages.success(request, "Recorded whether the other approach worked.")
    return redirect(f"/lac/children/{found.child_id}/")


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """R-OUT-2, R-VOICE-1: write the child's SMART health plan."""
    actor = _nurse(request)
    found = health_record(actor=actor, child_id=child_id) if actor else None
    if actor is None or found is None:
        return not_found(request)
    voice_form = ChildVoiceForm(request.POST or None)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        objectives, form_errors = forms.objectives_input(request.POST)
        voice_ok = voice_form.is_valid()
        try:
            if form_errors or not voice_ok:
                raise errors.PlanRejected({})
            plan_record(
                actor=actor,
                child_id=child_id,
                objectives=objectives,
                voice=voice_form.voice_input(),
            )
        except errors.PlanRejected as exc:
            form_errors = {**forms.renumber(exc.errors, request.POST), **form_errors}
        except (errors.LacRefused, VoiceRefused):
            return not_found(request)
        else:
            messages.success(request, "Health plan saved.")
            return redirect(f"/lac/children/{child_id}/")
    context = {
        "child": found.child,
        "values": request.POST,
        "slots": range(forms.OBJECTIVE_SLOTS),
        "voice_form": voice_form,
    }
    return _form_page(
        request,
        "lac_health/plan_new.jinja",
        context,
        title="Write a health plan",
        form_errors=form_errors,
    )


@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """R-OUT-2: review the plan at a review health assessment, objective by objective."""
    actor = _nurse(request)
    plan = plan_get(actor=actor, plan_id=plan_id) if actor else None
    if actor is None or plan is None:
        return not_found(request)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = request.POST.get("assessment", "")
        progress = {
            o.pk: (request.POST.get(f"progress-{o.pk}", ""), request.POST.get(f"note-{o.pk}", ""))
            for o in plan.objectives.all()
        }
        try:
            plan_review_record(
                actor=actor,
                plan_id=plan_id,
                assessment_id=int(chosen) if chosen.isdigit() else 0,
                progress=progress,
            )
        except errors.PlanRejected as exc:
            form_errors = dict(exc.errors)
        except errors.LacRefused:
            return not_found(request)
        else:
            messages.success(request, "Plan review recorded.")
            return redirect(f"/lac/children/{plan.child_id}/")
    context = {
        "plan": plan,
        "child": plan.child,
        "objectives": list(plan.objectives.all()),
        "assessments": review_assessments(actor=actor, child_id=plan.child_id),
        "progress_choices": Progress.choices,
        "values": request.POST,
    }
    return _form_page(
        request,
        "lac_health/plan_review.jinja",
        context,
        title="Review the health plan",
        form_errors=form_errors,
    )
