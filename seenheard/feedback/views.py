"""Children's feedback pages (R-VOICE-2, R-VOICE-3).

The child's pages (``/feedback/``, ``/feedback/tell-us/``, ``/feedback/thank-you/``) need no
account: they are the only pages of the service open without signing in
(``web.middleware.PUBLIC_PATHS``). They never show who a code belongs to. The staff pages give a
code, show a child's feedback to their lead professional, and the figures by service.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.roles import policy_for
from seenheard.children.selectors import child_get
from seenheard.feedback import errors, presenters
from seenheard.feedback.forms import AnswersForm, CodeForm
from seenheard.feedback.selectors import feedback_by_service, feedback_received_get
from seenheard.feedback.services import (
    Answers,
    feedback_code_issue,
    feedback_code_open,
    feedback_submit,
)
from seenheard.web.pages import not_found, page, request_actor

SESSION_KEY = "feedback_code_id"
SESSION_UNSAFE = "feedback_unsafe"

_Answer = Callable[[HttpRequest, forms.Form, errors.FeedbackRefused], HttpResponse | None]


def _not_found(request: HttpRequest, form: forms.Form, exc: errors.FeedbackRefused) -> HttpResponse:
    return not_found(request)


def _start_again(
    request: HttpRequest, form: forms.Form, exc: errors.FeedbackRefused
) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("/feedback/")


def _on_form(request: HttpRequest, form: forms.Form, exc: errors.FeedbackRefused) -> None:
    form.errors.setdefault(exc.field or "__all__", form.error_class()).append(exc.message)


#: ADR 025: every refusal's answer on the pages, in one table (a test reads errors.py).
REFUSAL_PAGES: dict[type[errors.FeedbackRefused], _Answer] = {
    errors.FeedbackNotFound: _not_found,
    errors.CodeNotAccepted: _on_form,
    errors.TooManyTries: _on_form,
    errors.FeedbackSessionEnded: _start_again,
    errors.AnswerRefused: _on_form,
}


def refused(
    request: HttpRequest, form: forms.Form, exc: errors.FeedbackRefused
) -> HttpResponse | None:
    answer = next(REFUSAL_PAGES[k] for k in type(exc).__mro__ if k in REFUSAL_PAGES)
    return answer(request, form, exc)


@require_http_methods(["GET", "POST"])
def code_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """A professional gives a child a one-time feedback code, printed or shown (R-VOICE-2)."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).issues_feedback_codes:
        return not_found(request)
    child = child_get(actor=actor, child_id=child_id, purpose="feedback code")
    if child is None:
        return not_found(request)
    back = {
        "back_href": f"/children/{child.pk}/",
        "back_text": f"Back to {child.given_name}'s summary",
    }
    if request.method == "POST":
        try:
            issued = feedback_code_issue(actor=actor, child_id=child.pk)
        except errors.FeedbackRefused:
            return not_found(request)
        return page(
            request,
            "feedback/code_shown.jinja",
            {"child": child, "issued": issued, **presenters.code_context(request, issued), **back},
            title=f"Feedback code for {child.full_name}",
        )
    return page(
        request,
        "feedback/code_new.jinja",
        {"child": child, **presenters.code_days(actor), **back},
        title="Give a feedback code",
    )


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The child types in their code (no account)."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            code_id = feedback_code_open(
                typed=form.cleaned_data["code"], client_address=_client_address(request)
            )
        except errors.FeedbackRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = code_id
            return redirect("/feedback/tell-us/")
    return render(
        request,
        "feedback/start.jinja",
        {
            "form": form,
            "page_title": ("Error: " if form.errors else "") + "Tell us how it is going",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def tell_us(request: HttpRequest) -> HttpResponse:
    """The child's answers, and "I feel unsafe" (R-VOICE-2)."""
    code_id = request.session.get(SESSION_KEY)
    if not isinstance(code_id, int):
        return redirect("/feedback/")
    form = AnswersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = feedback_submit(code_id=code_id, answers=Answers(**form.cleaned_data))
        except errors.FeedbackRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            request.session.pop(SESSION_KEY, None)
            request.session[SESSION_UNSAFE] = feedback.feels_unsafe
            return redirect("/feedback/thank-you/")
    return render(
        request,
        "feedback/tell_us.jinja",
        {"form": form, "page_title": ("Error: " if form.errors else "") + "How is it going?"},
        status=400 if form.errors else 200,
    )


@require_GET
def thank_you(request: HttpRequest) -> HttpResponse:
    unsafe = bool(request.session.pop(SESSION_UNSAFE, False))
    return render(
        request, "feedback/thank_you.jinja", {"unsafe": unsafe, "page_title": "Thank you"}
    )


@require_GET
def received(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """A child's feedback, for their lead professional and the service's safeguarding leads."""
    actor = request_actor(request)
    feedback = feedback_received_get(actor=actor, feedback_id=feedback_id) if actor else None
    if feedback is None:
        return not_found(request)
    return page(
        request,
        "feedback/received.jinja",
        {"feedback": feedback, "child": feedback.child, **presenters.received_context(feedback)},
        title=f"Feedback from {feedback.child.full_name}",
    )


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Children's feedback by service and month, for leaders: no child is named."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_safeguarding_figures:
        return not_found(request)
    rows = feedback_by_service(actor=actor)
    return page(
        request,
        "feedback/report.jinja",
        presenters.report_context(rows),
        title="Children's feedback by service",
    )
