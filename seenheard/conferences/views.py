"""Child protection conference pages (R-REF-5). Thin: the services decide and audit; a
conference, invitation or child the person may not reach gets the one "not found" page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.children.selectors import child_get
from seenheard.conferences import errors, presenters
from seenheard.conferences.forms import (
    AttendanceForm,
    ConferenceScheduleForm,
    GpReportForm,
    InvitationResponseForm,
)
from seenheard.conferences.models import ConferenceKind, InvitationResponse, RemoteJoining
from seenheard.conferences.selectors import (
    conference_get,
    conferences_organised_by,
    gp_contribution_figures,
    invitation_get,
    invitations_for,
    invitee_candidates,
)
from seenheard.conferences.services import (
    ConferencePlan,
    GpReportText,
    conference_attendance_record,
    conference_schedule,
    gp_report_submit,
    invitation_respond,
)
from seenheard.voice.forms import ChildVoiceForm
from seenheard.web.pages import not_found, page, request_actor

_Answer = Callable[[HttpRequest, forms.Form, errors.ConferenceRefused], HttpResponse | None]


def _not_found(
    request: HttpRequest, form: forms.Form, exc: errors.ConferenceRefused
) -> HttpResponse:
    return not_found(request)


def _on_form(request: HttpRequest, form: forms.Form, exc: errors.ConferenceRefused) -> None:
    form.errors.setdefault(exc.field or "__all__", form.error_class()).append(exc.message)


#: ADR 025: every refusal's answer on the pages, in one table (a test reads errors.py).
REFUSAL_PAGES: dict[type[errors.ConferenceRefused], _Answer] = {
    errors.ConferenceNotFound: _not_found,
    errors.StrategyDateNeeded: _on_form,
    errors.StrategyDateInFuture: _on_form,
    errors.NoEarlierConference: _on_form,
    errors.ConferenceInPast: _on_form,
    errors.OutsideTimescale: _on_form,
    errors.NoInvitees: _on_form,
    errors.InviteeNotInvolved: _on_form,
    errors.TextRefused: _on_form,
    errors.ReportAfterConference: _on_form,
    errors.ConferenceNotOpen: _on_form,
    errors.AttendanceTooEarly: _on_form,
    errors.VoiceNotRecorded: _on_form,
}


def refused(
    request: HttpRequest, form: forms.Form, exc: errors.ConferenceRefused
) -> HttpResponse | None:
    """The page's answer to a refusal: "not found", or None with the error on the form."""
    answer = next(REFUSAL_PAGES[k] for k in type(exc).__mro__ if k in REFUSAL_PAGES)
    return answer(request, form, exc)


def _actor(request: HttpRequest) -> Actor | None:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return None
    return actor


def _title(form: forms.Form, title: str) -> str:
    return ("Error: " if form.errors else "") + title


@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    """The social worker's conferences: coming up, then past (R-REF-5)."""
    actor = _actor(request)
    if actor is None or not policy_for(actor.role).schedules_conferences:
        return not_found(request)
    rows = conferences_organised_by(actor=actor)
    return page(
        request,
        "conferences/list.jinja",
        {"rows": rows, "short_when": presenters.short_when},
        title="Child protection conferences",
    )


def _plan(data: dict[str, Any]) -> ConferencePlan:
    return ConferencePlan(
        kind=ConferenceKind(data["kind"]),
        starts_at=data["starts_at"],
        location=data.get("location") or "",
        remote_joining=RemoteJoining(data["remote_joining"]),
        remote_details=data.get("remote_details") or "",
        strategy_on=data.get("strategy_on"),
        reason=data.get("reason") or "",
        invitee_ids=tuple(data.get("invitees") or ()),
    )


@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Schedule a conference for a child and invite the professionals involved (R-REF-5)."""
    actor = _actor(request)
    if actor is None or not policy_for(actor.role).schedules_conferences:
        return not_found(request)
    child = child_get(actor=actor, child_id=child_id, purpose="conference")
    if child is None:
        return not_found(request)
    candidates = invitee_candidates(actor=actor, child=child)
    form = ConferenceScheduleForm(
        request.POST if request.method == "POST" else None,
        candidate_ids=[c.user_id for c in candidates],
        initial={"invitees": [c.user_id for c in candidates if c.is_gp]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = conference_schedule(
                actor=actor, child_id=child.pk, plan=_plan(form.cleaned_data)
            )
        except errors.ConferenceRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            messages.success(request, presenters.scheduled_message(conference))
            return redirect(f"/conferences/{conference.pk}/")
    return page(
        request,
        "conferences/new.jinja",
        {
            "child": child,
            "form": form,
            "candidates": candidates,
            "chosen": presenters.chosen_invitees(form, candidates),
            "back_href": f"/children/{child.pk}/",
            "back_text": f"Back to {child.given_name}'s summary",
        },
        title=_title(form, "Schedule a child protection conference"),
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, actor: Actor, conference_id: int, form: forms.Form | None = None
) -> HttpResponse:
    found = conference_get(actor=actor, conference_id=conference_id)
    if found is None:
        return not_found(request)
    if form is None and found.may_manage:
        form = AttendanceForm(invitation_ids=[v.invitation.pk for v in found.invitations])
    bad = bool(form is not None and form.errors)
    return page(
        request,
        "conferences/detail.jinja",
        {"found": found, "child": found.child, "form": form, **presenters.detail_context(found)},
        title=("Error: " if bad else "") + found.conference.get_kind_display(),
        status=400 if bad else 200,
    )


@require_GET
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    return _detail(request, actor, conference_id)


@require_POST
def conference_attendance(request: HttpRequest, conference_id: int) -> HttpResponse:
    """The organiser records who attended, after the start (R-REF-5: GP attendance tracked)."""
    actor = _actor(request)
    found = conference_get(actor=actor, conference_id=conference_id) if actor else None
    if actor is None or found is None or not found.may_manage:
        return not_found(request)
    form = AttendanceForm(request.POST, invitation_ids=[v.invitation.pk for v in found.invitations])
    if form.is_valid():
        try:
            conference_attendance_record(
                actor=actor, conference_id=conference_id, attendance=form.attendance()
            )
        except errors.ConferenceRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            messages.success(request, "Attendance recorded. The conference is marked as held.")
            return redirect(f"/conferences/{conference_id}/")
    return _detail(request, actor, conference_id, form)


@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The conferences the person is invited to (R-REF-5)."""
    actor = _actor(request)
    if actor is None:
        return not_found(request)
    rows = invitations_for(actor=actor)
    return page(
        request,
        "conferences/invitations.jinja",
        {"rows": rows, "short_when": presenters.short_when},
        title="Conference invitations",
    )


@require_http_methods(["GET", "POST"])
def invitation_detail(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """An invitation, and the answer: attend in person, join remotely, or send a report."""
    actor = _actor(request)
    row = invitation_get(actor=actor, invitation_id=invitation_id) if actor else None
    if actor is None or row is None:
        return not_found(request)
    form = InvitationResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_respond(
                actor=actor,
                invitation_id=invitation_id,
                response=InvitationResponse(form.cleaned_data["response"]),
            )
        except errors.ConferenceRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            if form.cleaned_data["response"] == InvitationResponse.REPORT and row.invitation.is_gp:
                return redirect(f"/conferences/invitations/{invitation_id}/report/")
            messages.success(request, "Thank you. The social worker can see your answer.")
            return redirect(f"/conferences/invitations/{invitation_id}/")
    return page(
        request,
        "conferences/invitation.jinja",
        {
            "row": row,
            "child": row.child,
            "form": form,
            **presenters.invitation_context(row),
            "back_href": "/conferences/invitations/",
            "back_text": "Back to your invitations",
        },
        title=_title(form, "Conference invitation"),
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def gp_report_new(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """The GP's structured report with the child's voice, sent before the conference
    (R-REF-5, R-VOICE-1)."""
    actor = _actor(request)
    row = invitation_get(actor=actor, invitation_id=invitation_id) if actor else None
    if actor is None or row is None or not row.invitation.is_gp:
        return not_found(request)
    data = request.POST if request.method == "POST" else None
    form, voice_form = GpReportForm(data), ChildVoiceForm(data)
    if data is not None and form.is_valid() & voice_form.is_valid():
        text = GpReportText(**form.cleaned_data, voice=voice_form.voice_input())
        try:
            gp_report_submit(actor=actor, invitation_id=invitation_id, text=text)
        except errors.ConferenceRefused as exc:
            answer = refused(request, form, exc)
            if answer is not None:
                return answer
        else:
            messages.success(
                request, "Your report has been sent to the social worker and the conference."
            )
            return redirect(f"/conferences/invitations/{invitation_id}/")
    bad = bool(form.errors or voice_form.errors)
    return page(
        request,
        "conferences/report.jinja",
        {
            "row": row,
            "child": row.child,
            "form": form,
            "voice_form": voice_form,
            **presenters.invitation_context(row),
            "back_href": f"/conferences/invitations/{invitation_id}/",
            "back_text": "Back to the invitation",
        },
        title=("Error: " if bad else "") + "Send your report to the conference",
        status=400 if bad else 200,
    )


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """For leaders: the share of conferences with a GP contribution, by practice and month."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_safeguarding_figures:
        return not_found(request)
    rows = gp_contribution_figures(actor=actor)
    return page(
        request,
        "conferences/figures.jinja",
        presenters.figures_context(rows),
        title="GP contribution to child protection conferences",
    )
