"""The quality audit's pages (R-REF-2): allocate the month's sample, score a referral, and the
results by service and month. Thin: ``referrals.quality`` decides and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from seenheard.core import clock
from seenheard.core.ids import id_or_none
from seenheard.referrals import errors
from seenheard.referrals.models import AuditHeading, AuditScore
from seenheard.referrals.presenters import quality_chart, referral_sections
from seenheard.referrals.quality import (
    audit_for_auditor,
    auditors_for,
    audits_allocated_to,
    may_run_quality_audit,
    quality_by_service_month,
    referral_audit_allocate,
    referral_audit_score,
)
from seenheard.referrals.rules import month_start
from seenheard.referrals.views import _actor
from seenheard.voice.presenters import voice_summary
from seenheard.voice.selectors import voice_present_by_service_month
from seenheard.web.pages import not_found, page


def _months(today: dt.date, count: int = 12) -> list[dt.date]:
    months = [month_start(today)]
    while len(months) < count:
        months.append(month_start(months[-1] - dt.timedelta(days=1)))
    return months


def _allocate(request: HttpRequest, actor: Any) -> HttpResponse | list[dict[str, str]]:
    month = id_or_none(str(request.POST.get("month", "")).replace("-", ""))
    membership = id_or_none(str(request.POST.get("auditor", "")))
    chosen = next((m for m in _months(clock.today()) if int(f"{m:%Y%m}") == month), None)
    problems = []
    if chosen is None:
        problems.append({"text": "Choose the month to audit.", "href": "#month"})
    if membership is None:
        problems.append({"text": "Choose who will audit the referrals.", "href": "#auditor"})
    if problems:
        return problems
    assert chosen is not None and membership is not None
    try:
        made = referral_audit_allocate(actor=actor, month=chosen, auditor_membership_id=membership)
    except errors.ReferralRefused:
        return [{"text": "Choose who will audit the referrals from the list.", "href": "#auditor"}]
    if made:
        messages.success(request, f"{len(made)} referrals from {chosen:%B %Y} allocated.")
    else:
        messages.info(request, f"There were no referrals from {chosen:%B %Y} left to sample.")
    return redirect("/referrals/audit/")


@require_http_methods(["GET", "POST"])
def audit_home(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    runs = may_run_quality_audit(actor)
    errors_list: list[dict[str, str]] = []
    if request.method == "POST":
        if not runs:
            return not_found(request)
        answer = _allocate(request, actor)
        if isinstance(answer, HttpResponse):
            return answer
        errors_list = answer
    results = quality_by_service_month(actor=actor) if runs else []
    # R-VOICE-1: the share of referrals holding the child's own words, beside quality.
    voice = voice_present_by_service_month(actor=actor, record_kind="referral") if runs else []
    ctx = {
        "charts": quality_chart(results, voice),
        "runs": runs,
        "errors": errors_list,
        "mine": audits_allocated_to(actor=actor),
        "months": _months(clock.today()),
        "auditors": auditors_for(actor) if runs else [],
        "results": results,
        "voice": voice,
    }
    return page(request, "referrals/audit_home.jinja", ctx, title="Quality audit of referrals")


def _score_input(request: HttpRequest) -> tuple[dict[str, str], dict[str, str], str]:
    scores = {h: str(request.POST.get(f"score-{h}", "")) for h in AuditHeading.values}
    comments = {h: str(request.POST.get(f"comment-{h}", "")) for h in AuditHeading.values}
    return scores, comments, str(request.POST.get("summary", ""))


@require_http_methods(["GET", "POST"])
def audit_score(request: HttpRequest, audit_id: int) -> HttpResponse:
    actor = _actor(request)
    audit = audit_for_auditor(actor=actor, audit_id=audit_id) if actor else None
    if actor is None or audit is None:
        return not_found(request)
    scores, comments, summary = (
        _score_input(request)
        if request.method == "POST"
        else (dict(audit.scores), dict(audit.comments), audit.summary)
    )
    field_errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            referral_audit_score(
                actor=actor, audit_id=audit.pk, scores=scores, comments=comments, summary=summary
            )
        except errors.ReferralRefused as refused:
            if not isinstance(refused, errors.ReferralProblems):
                return not_found(request)
            field_errors = {p.field: p.message for p in refused.problems}
        else:
            messages.success(request, "Your audit has been saved and the referrer told.")
            return redirect("/referrals/audit/")
    from seenheard.referrals.selectors import referral_get

    referral = referral_get(actor=actor, referral_id=audit.referral_id, purpose="quality-audit")
    if referral is None:
        return not_found(request)
    ctx = {
        "audit": audit,
        "referral": referral,
        "child": referral.child,
        "sections": referral_sections(referral),
        "voice": voice_summary(referral.voice) if referral.voice else None,
        "headings": AuditHeading.choices,
        "score_choices": AuditScore.choices,
        "scores": scores,
        "comments": comments,
        "summary": summary,
        "field_errors": field_errors,
        "errors": [{"text": m, "href": f"#{f}"} for f, m in field_errors.items()],
    }
    title = "Error: Audit a referral" if field_errors else "Audit a referral"
    return page(request, "referrals/audit_score.jinja", ctx, title=title)
