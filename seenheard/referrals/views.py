"""Referral pages (R-REF-1, R-REF-3): write (a draft saved at every button), send, read, and
the receiving team's decision. Thin: the services decide and audit; refusals are answered from
one table (ADR 025). Anything the actor may not see is the one "not found" page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.children.models import Child
from seenheard.referrals import errors
from seenheard.referrals.forms import DecisionForm, referral_forms, referral_input, show_problems
from seenheard.referrals.models import (
    ConsentBasis,
    DecisionOutcome,
    Referral,
    ReferralService,
    ReferralStatus,
    RiskLikelihood,
    RiskSeverity,
)
from seenheard.referrals.presenters import (
    decision_rows,
    feedback_rows,
    referral_sections,
    status_text,
    when,
)
from seenheard.referrals.selectors import (
    receiving_orgs,
    referral_child,
    referral_get,
    referral_is_receiver,
    referrals_incoming,
    referrals_mine,
    threshold_descriptions,
)
from seenheard.referrals.services import (
    referral_decide,
    referral_draft_save,
    referral_input_of,
    referral_submit,
)
from seenheard.voice.presenters import voice_summary
from seenheard.web.pages import not_found, page, request_actor

#: How each refusal is answered on the pages (ADR 025): "not-found" is the one not-found page;
#: "form" shows the problems against their fields; "message" shows the message on the page.
REFUSAL_PAGES: dict[type[errors.ReferralRefused], str] = {
    errors.ReferralRefused: "message",
    errors.ReferralNotFound: "not-found",
    errors.ReferralNotReceived: "not-found",
    errors.ReferralProblems: "form",
    errors.ReferralIncomplete: "form",
    errors.ReferralTooLong: "form",
    errors.DecisionIncomplete: "form",
    errors.AuditIncomplete: "form",
    errors.ReferralNotDraft: "message",
    errors.ReferralAlreadyDecided: "message",
}


def refusal_page(refused: errors.ReferralRefused) -> str:
    for kind in type(refused).__mro__:
        if kind in REFUSAL_PAGES:
            return REFUSAL_PAGES[kind]
    return "message"


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


def _form_context(
    actor: Actor, child: Child, referral: Referral | None, forms: tuple[Any, Any]
) -> dict[str, Any]:
    form, voice_form = forms
    org = referral.receiving_org if referral else None
    return {
        "child": child,
        "referral": referral,
        "form": form,
        "voice_form": voice_form,
        "errors": [],
        "services": ReferralService.choices,
        "orgs": receiving_orgs(),
        "likelihoods": RiskLikelihood.choices,
        "severities": RiskSeverity.choices,
        "consents": ConsentBasis.choices,
        "levels": threshold_descriptions(org or actor.organisation),
        "action": f"/referrals/{referral.pk}/edit/"
        if referral
        else f"/children/{child.pk}/referrals/new/",
    }


def _write(
    request: HttpRequest, actor: Actor, child: Child, referral: Referral | None
) -> HttpResponse:
    """Save the draft (always), then send it when asked; a refusal shows the form again."""
    forms = referral_forms(request.POST)
    data = referral_input(*forms)
    sending = request.POST.get("action") == "send"
    try:
        referral = referral_draft_save(
            actor=actor,
            child_id=child.pk,
            data=data,
            referral_id=referral.pk if referral else None,
        )
        if sending:
            referral = referral_submit(actor=actor, referral_id=referral.pk)
    except errors.ReferralRefused as refused:
        return _refused(request, actor, child, referral, forms, refused)
    if sending:
        messages.success(request, "Your referral has been sent. You will be told the decision.")
        return redirect(f"/referrals/{referral.pk}/")
    messages.success(request, "Your draft has been saved. Only you can see it.")
    return redirect(f"/referrals/{referral.pk}/edit/")


def _refused(
    request: HttpRequest,
    actor: Actor,
    child: Child,
    referral: Referral | None,
    forms: tuple[Any, Any],
    refused: errors.ReferralRefused,
) -> HttpResponse:
    answer = refusal_page(refused)
    if answer == "not-found":
        return not_found(request)
    ctx = _form_context(actor, child, referral, forms)
    if isinstance(refused, errors.ReferralProblems):
        ctx["errors"] = show_problems(*forms, refused.problems)
        if isinstance(refused, errors.ReferralIncomplete):
            ctx["incomplete"] = True
    else:
        ctx["errors"] = [{"text": refused.message, "href": "#maincontent"}]
    return page(request, "referrals/referral_form.jinja", ctx, title="Error: Make a referral")


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = (
        referral_child(actor=actor, child_id=child_id, purpose="referral-new") if actor else None
    )
    if actor is None or child is None:
        return not_found(request)
    if request.method == "POST":
        return _write(request, actor, child, None)
    ctx = _form_context(actor, child, None, referral_forms(None))
    return page(request, "referrals/referral_form.jinja", ctx, title="Make a referral")


@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral = referral_get(actor=actor, referral_id=referral_id, purpose="edit") if actor else None
    if actor is None or referral is None or referral.referrer_id != actor.user_id:
        return not_found(request)
    if referral.status != ReferralStatus.DRAFT:
        return redirect(f"/referrals/{referral.pk}/")
    if request.method == "POST":
        return _write(request, actor, referral.child, referral)
    ctx = _form_context(
        actor, referral.child, referral, referral_forms(None, referral_input_of(referral))
    )
    return page(request, "referrals/referral_form.jinja", ctx, title="Make a referral")


@require_GET
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral = referral_get(actor=actor, referral_id=referral_id) if actor else None
    if actor is None or referral is None:
        return not_found(request)
    if referral.status == ReferralStatus.DRAFT:
        return redirect(f"/referrals/{referral.pk}/edit/")
    decision = getattr(referral, "decision", None)
    audit = getattr(referral, "quality_audit", None)
    # R-REF-2: the referrer sees the feedback on their own referral.
    feedback = (
        feedback_rows(audit)
        if audit is not None and audit.scored_at and referral.referrer_id == actor.user_id
        else None
    )
    ctx = {
        "feedback_rows": feedback,
        "referral": referral,
        "child": referral.child,
        "sections": referral_sections(referral),
        "voice": voice_summary(referral.voice) if referral.voice else None,
        "decision_rows": decision_rows(decision) if decision else None,
        "may_decide": decision is None and referral_is_receiver(actor, referral),
        "due": when(referral.decision_due_at),
        "status": status_text(referral),
    }
    return page(request, "referrals/referral_detail.jinja", ctx, title="Referral")


@require_http_methods(["GET", "POST"])
def referral_decide_page(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _actor(request)
    referral = (
        referral_get(actor=actor, referral_id=referral_id, purpose="decide") if actor else None
    )
    if actor is None or referral is None or not referral_is_receiver(actor, referral):
        return not_found(request)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    error_items: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            referral_decide(actor=actor, referral_id=referral.pk, decision=form.decision_input())
        except errors.ReferralRefused as refused:
            if refusal_page(refused) == "not-found":
                return not_found(request)
            problems = refused.problems if isinstance(refused, errors.ReferralProblems) else []
            for problem in problems:
                form.errors.setdefault(problem.field, form.error_class()).append(problem.message)
                error_items.append({"text": problem.message, "href": f"#{problem.field}"})
            if not problems:
                error_items.append({"text": refused.message, "href": "#maincontent"})
        else:
            messages.success(request, "Your decision has been recorded and the referrer told.")
            return redirect(f"/referrals/{referral.pk}/")
    ctx = {
        "referral": referral,
        "child": referral.child,
        "form": form,
        "errors": error_items,
        "outcomes": DecisionOutcome.choices,
    }
    title = "Error: Decide on the referral" if error_items else "Decide on the referral"
    return page(request, "referrals/referral_decide.jinja", ctx, title=title)


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    rows = [
        {
            "referral": r,
            "status": status_text(r),
            "saved": when(r.saved_at),
            "sent": when(r.sent_at),
        }
        for r in referrals_mine(actor=actor)
    ]
    return page(request, "referrals/referral_list.jinja", {"rows": rows}, title="Your referrals")


@require_GET
def referral_incoming(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    rows = [
        {
            "referral": r,
            "status": status_text(r),
            "sent": when(r.sent_at),
            "due": when(r.decision_due_at),
        }
        for r in referrals_incoming(actor=actor)
    ]
    return page(
        request, "referrals/referral_incoming.jinja", {"rows": rows}, title="Referrals received"
    )
