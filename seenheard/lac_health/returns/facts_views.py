"""The looked-after children's nurse records a child's health facts for the SSDA903 return
(R-LEAD-6): immunisations, dental check, health assessment and, for the under-fives, the
development checks, all up to date or not; a substance-misuse problem and the help for it; a
conviction (the council's). For a child the nurse may see who is looked after by a council."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from seenheard.access.roles import policy_for
from seenheard.children.selectors import child_get
from seenheard.lac_health.returns.rules import Oc2Facts
from seenheard.lac_health.returns.services import ReturnFactsRefused, health_return_facts_record
from seenheard.lac_health.returns.views import _years
from seenheard.web.pages import not_found, page, request_actor

QUESTIONS = (
    ("immunisations", "Are the child's immunisations up to date?", ""),
    ("teeth_check", "Has the child had a dental check in the year?", ""),
    ("health_assessment", "Is the child's health assessment up to date?", ""),
    (
        "health_check",
        "Are the child's development checks up to date?",
        "Only for children under 5 on 31 March.",
    ),
    ("substance_misuse", "Was a substance-misuse problem identified in the year?", ""),
    ("intervention_received", "If so, did the child receive help for it?", ""),
    ("intervention_offered", "If not, was help offered?", ""),
    (
        "convicted",
        "Was the child convicted of an offence in the year?",
        "Only for children 10 or over on 31 March; the council may know.",
    ),
)
ANSWERS = {"yes": True, "no": False, "": None}


@require_http_methods(["GET", "POST"])
def health_return_facts(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return not_found(request)
    child = child_get(actor=actor, child_id=child_id, purpose="health-return")
    if child is None:
        return not_found(request)
    years = _years()
    errors: dict[str, str] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        year_text = data.get("year", "")
        if not (year_text.isdigit() and int(year_text) in years):
            errors["year"] = "Choose the collection year."
        for name, _, _ in QUESTIONS:
            if data.get(name, "") not in ANSWERS:
                errors[name] = "Choose yes or no, or leave it unanswered."
        if not errors:
            facts = Oc2Facts(**{name: ANSWERS[data.get(name, "")] for name, _, _ in QUESTIONS})
            try:
                health_return_facts_record(
                    actor=actor, child_id=child.pk, year=int(year_text), facts=facts
                )
            except ReturnFactsRefused as refused:
                errors["year"] = refused.message
            else:
                messages.success(request, "Health outcomes for the return recorded.")
                return redirect(f"/children/{child.pk}/sdq/")
    context: dict[str, Any] = {
        "child": child,
        "years": years,
        "questions": QUESTIONS,
        "data": data,
        "errors": errors,
    }
    return page(
        request,
        "returns/health_return_facts.jinja",
        context,
        title=("Error: " if errors else "") + f"Health outcomes for the return: {child.full_name}",
        status=400 if errors else 200,
    )
