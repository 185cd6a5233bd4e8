"""Pages of outcomes over time (R-OUT-5, R-OUT-4): a council's measures, defining and changing
one, recording a value for a child, and the cohort's figures. A child the person may not see, or
a measure of a council they do not work for, is "not found" (DESIGN rule 2). Every refusal is
answered from ``REFUSAL_PAGES`` (ADR 025)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation
from seenheard.core import clock
from seenheard.lac_health.outcomes import errors, forms, presenters
from seenheard.lac_health.outcomes.models import Direction
from seenheard.lac_health.outcomes.rules import number_text
from seenheard.lac_health.outcomes.selectors import (
    MeasureView,
    child_outcomes,
    cohort_for,
    councils_of,
    measure_view,
    measures_of,
    record_child,
)
from seenheard.lac_health.outcomes.services import (
    ValueInput,
    measure_change,
    measure_define,
    outcome_record,
    scale_of,
)
from seenheard.lac_health.presenters import field_anchor
from seenheard.voice.forms import ChildVoiceForm
from seenheard.web.pages import not_found, page, request_actor

#: How the pages answer each refusal: "not-found", or "field" (the message against its
#: field). A test fails until every refusal has a row.
REFUSAL_PAGES: dict[type[errors.OutcomeRefused], str] = {
    errors.OutcomeRefused: "field",
    errors.CouncilNotYours: "not-found",
    errors.ChildNotFound: "not-found",
    errors.MeasureNotFound: "field",
    errors.MeasureRetired: "field",
    errors.MeasureRejected: "field",
    errors.ValueRejected: "field",
}


def refusal_answer(exc: errors.OutcomeRefused) -> str:
    return next(REFUSAL_PAGES[k] for k in type(exc).__mro__ if k in REFUSAL_PAGES)


def refusal_errors(exc: errors.OutcomeRefused) -> dict[str, str]:
    if isinstance(exc, errors.MeasureRejected | errors.ValueRejected):
        return dict(exc.problems)
    return {exc.field or "__all__": exc.message}


def _staff(request: HttpRequest) -> tuple[Actor, list[Organisation]] | None:
    actor = request_actor(request)
    councils = councils_of(actor) if actor is not None else []
    if actor is None or not councils:
        return None
    return actor, councils


def _chosen(request: HttpRequest, councils: list[Organisation]) -> Organisation:
    code = request.GET.get("la") or request.POST.get("la") or ""
    return next((c for c in councils if c.code == code), councils[0])


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
        {"text": message, "href": f"#{field_anchor(name)}"} for name, message in form_errors.items()
    ] + voice_errors
    return page(
        request,
        template,
        {**context, "errors": form_errors, "error_summary": summary},
        title=("Error: " if summary else "") + title,
        status=400 if summary else 200,
    )


def measures(request: HttpRequest) -> HttpResponse:
    """R-OUT-5: the council's own outcome measures, in use and retired."""
    staff = _staff(request)
    if staff is None:
        return not_found(request)
    actor, councils = staff
    la = _chosen(request, councils)
    views = measures_of(actor=actor, la=la)
    context = {
        "la": la,
        "councils": councils,
        "active": [v for v in views if v.current.active],
        "retired": [v for v in views if not v.current.active],
    }
    return page(request, "outcomes/measures.jinja", context, title="Outcome measures")


def _measure_context(la: Organisation, values: QueryDict | dict[str, str]) -> dict[str, Any]:
    return {
        "la": la,
        "values": values,
        "directions": Direction.choices,
        "scale_kinds": forms.SCALE_KINDS,
    }


@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest) -> HttpResponse:
    """R-OUT-5: define a measure with the children: name, scale, which way is better."""
    staff = _staff(request)
    if staff is None:
        return not_found(request)
    actor, councils = staff
    la = _chosen(request, councils)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        data, form_errors = forms.measure_input(request.POST)
        try:
            measure = measure_define(actor=actor, la_code=la.code, data=data)
        except errors.OutcomeRefused as exc:
            if refusal_answer(exc) == "not-found":
                return not_found(request)
            form_errors = {**refusal_errors(exc), **form_errors}
        else:
            messages.success(request, f"Outcome measure '{data.name.strip()}' defined.")
            return redirect(f"/lac/outcomes/measures/{measure.pk}/")
    return _form_page(
        request,
        "outcomes/measure_form.jinja",
        _measure_context(la, request.POST),
        title="Define an outcome measure",
        form_errors=form_errors,
    )


def measure(request: HttpRequest, measure_id: int) -> HttpResponse:
    staff = _staff(request)
    found = measure_view(actor=staff[0], measure_id=measure_id) if staff else None
    if found is None:
        return not_found(request)
    context = {
        "view": found,
        "rows": presenters.measure_rows(found.current),
        "history": presenters.history_rows(found),
    }
    return page(request, "outcomes/measure.jinja", context, title=found.current.name)


def _current_values(view: MeasureView) -> dict[str, str]:
    v = view.current
    return {
        "name": v.name,
        "measures": v.measures,
        "scale_kind": "points" if v.points else "numbers",
        "scale_min": number_text(v.scale_min),
        "scale_max": number_text(v.scale_max),
        "unit": v.unit,
        "points": "\n".join(f"{p['value']} = {p['label']}" for p in v.points),
        "direction": v.direction,
        "co_produced_with": v.co_produced_with,
        "childrens_words": v.childrens_words,
        "active": "yes" if v.active else "no",
    }


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    """R-OUT-5: change a measure, or retire it: a new version, with who and why."""
    staff = _staff(request)
    found = measure_view(actor=staff[0], measure_id=measure_id) if staff else None
    if staff is None or found is None:
        return not_found(request)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        data, form_errors = forms.measure_input(request.POST)
        try:
            measure_change(actor=staff[0], measure_id=measure_id, data=data)
        except errors.OutcomeRefused as exc:
            form_errors = {**refusal_errors(exc), **form_errors}
        else:
            messages.success(request, "The outcome measure was changed.")
            return redirect(f"/lac/outcomes/measures/{measure_id}/")
    values = request.POST if request.method == "POST" else _current_values(found)
    context = {**_measure_context(found.measure.la, values), "view": found}
    return _form_page(
        request,
        "outcomes/measure_form.jinja",
        context,
        title=f"Change {found.current.name}",
        form_errors=form_errors,
    )


@require_http_methods(["GET", "POST"])
def value_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """R-OUT-5, R-VOICE-1: record a value of a measure for a child, with their view."""
    staff = _staff(request)
    child = record_child(actor=staff[0], child_id=child_id) if staff else None
    if staff is None or child is None:
        return not_found(request)
    actor, councils = staff
    voice_form = ChildVoiceForm(request.POST or None)
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        data, form_errors = forms.value_input(request.POST)
        voice_ok = voice_form.is_valid()
        try:
            if data is not None and voice_ok:
                _record(actor, child_id, data, voice_form)
                messages.success(request, "Outcome recorded.")
                return redirect(f"/lac/children/{child_id}/#outcomes")
        except errors.OutcomeRefused as exc:
            if refusal_answer(exc) == "not-found":
                return not_found(request)
            form_errors = {**refusal_errors(exc), **form_errors}
    in_use = [v for la in councils for v in measures_of(actor=actor, la=la) if v.current.active]
    context = {
        "child": child,
        "measure_choices": [
            (str(v.measure.pk), f"{v.current.name} ({scale_of(v.current).words()})") for v in in_use
        ],
        "values": request.POST,
        "voice_form": voice_form,
        "today": clock.today(),
    }
    return _form_page(
        request,
        "outcomes/value_new.jinja",
        context,
        title="Record an outcome",
        form_errors=form_errors,
    )


def _record(actor: Actor, child_id: int, data: ValueInput, voice_form: ChildVoiceForm) -> None:
    outcome_record(actor=actor, child_id=child_id, data=data, voice=voice_form.voice_input())


def cohort(request: HttpRequest) -> HttpResponse:
    """R-OUT-5: the council's children in care, measure by measure, by quarter."""
    staff = _staff(request)
    if staff is None:
        return not_found(request)
    actor, councils = staff
    la = _chosen(request, councils)
    cohorts = cohort_for(actor=actor, la=la, today=clock.today())
    context = {
        "la": la,
        "councils": councils,
        "blocks": [presenters.cohort_block(c) for c in cohorts if c.measure.current.active],
    }
    return page(request, "outcomes/cohort.jinja", context, title="Outcomes of children in care")


def record_section(actor: Actor, child_id: int) -> dict[str, Any]:
    """What the child's looked-after health record shows of outcomes over time (R-OUT-5) and
    of their SDQs with the help they had (R-OUT-4); read (and audited) with the record."""
    found = child_outcomes(actor=actor, child_id=child_id)
    if found is None:
        return {"outcomes": None}
    return {
        "outcomes": {
            "blocks": presenters.measure_blocks(found),
            "sdq_chart": presenters.sdq_block(found),
            "can_record": found.can_record and any(v.current.active for v in found.measures),
        }
    }
