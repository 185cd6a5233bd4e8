"""The A&E or minor-injury record's page (R-REF-4): the setting's staff write it while the child
is there and discharge the child; staff who may see the child read it. Thin: the services
decide and audit, refusals are answered from ``encounters.views.REFUSAL_PAGES`` (ADR 025), and
anyone the record is not for gets the one "not found" page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.encounters.errors import EncounterRefused, RecordIncomplete, RecordProblems
from seenheard.encounters.models import (
    AccountApart,
    AdultRelationship,
    Answer,
    CameWith,
    LeftWith,
    Letter,
    NotCompletedReason,
    ParentalResponsibility,
)
from seenheard.encounters.record.forms import (
    record_input,
    record_values,
    show_problems,
    voice_form_of,
)
from seenheard.encounters.record.presenters import closed_text, record_sections, status_text
from seenheard.encounters.record.rules import asks_older_risks
from seenheard.encounters.record.selectors import RecordRead, attendance_record_get
from seenheard.encounters.record.services import (
    attendance_discharge,
    attendance_record_save,
    record_input_of,
)
from seenheard.voice.forms import ChildVoiceForm
from seenheard.voice.presenters import voice_summary
from seenheard.web.pages import not_found, page, request_actor

CHOICES = {
    "came_with": CameWith.choices,
    "adult_relationship": AdultRelationship.choices,
    "parental_responsibility": ParentalResponsibility.choices,
    "account_apart": AccountApart.choices,
    "answers": Answer.choices,
    "left_with": LeftWith.choices,
    "letters": Letter.choices,
    "not_completed_reason": NotCompletedReason.choices,
}


def _header(read: RecordRead) -> dict[str, Any]:
    return {
        "read": read,
        "child": read.child,
        "age": read.age_years,
        "older": asks_older_risks(read.age_years),
        "arrived": timezone.localtime(read.encounter.started_at),
        "setting": read.encounter.setting,
        "status": status_text(read.record),
    }


def _form_page(
    request: HttpRequest,
    read: RecordRead,
    *,
    values: dict[str, Any],
    voice_form: ChildVoiceForm,
    errors: dict[str, str] | None = None,
    summary: list[dict[str, str]] | None = None,
    incomplete: bool = False,
) -> HttpResponse:
    name = read.child.full_name
    return page(
        request,
        "encounters/record.jinja",
        {
            **_header(read),
            "values": values,
            "errors": errors or {},
            "error_items": summary or [],
            "incomplete": incomplete,
            "voice_form": voice_form,
            "choices": CHOICES,
            "action": request.path,
        },
        title=("Error: " if summary else "") + f"A&E record: {name}",
        status=400 if summary else 200,
    )


def _summary_page(request: HttpRequest, read: RecordRead) -> HttpResponse:
    record = record_input_of(read.record)
    voice = read.record.voice if read.record is not None else None
    return page(
        request,
        "encounters/record_summary.jinja",
        {
            **_header(read),
            "sections": record_sections(
                record, read.questions, older=asks_older_risks(read.age_years)
            ),
            "voice": voice_summary(voice) if voice is not None else None,
            "closed": closed_text(read.record) if read.record is not None else "",
        },
        title=f"A&E record: {read.child.full_name}",
    )


@require_http_methods(["GET", "POST"])
def attendance_record(request: HttpRequest, encounter_id: int) -> HttpResponse:
    """The record of a child's attendance: the form while the setting's staff may write it,
    the record itself for everyone else who may see the child (audited by the selector)."""
    actor = request_actor(request)
    read = attendance_record_get(actor=actor, encounter_id=encounter_id) if actor else None
    if actor is None or read is None:
        return not_found(request)
    if not read.writable:
        return _summary_page(request, read)
    if request.method == "POST":
        return _write(request, actor, read)
    record = record_input_of(read.record)
    return _form_page(
        request, read, values=record_values(record), voice_form=voice_form_of(None, record)
    )


def _write(request: HttpRequest, actor: Actor, read: RecordRead) -> HttpResponse:
    """Save what was typed (always), then discharge when asked; a refusal shows the form
    again with every problem against its field."""
    from seenheard.encounters.views import refused_page

    voice_form = ChildVoiceForm(request.POST)
    record = record_input(request.POST, read.questions, voice_form)
    discharging = request.POST.get("action") == "discharge"
    try:
        attendance_record_save(actor=actor, encounter_id=read.encounter.pk, record=record)
        if discharging:
            attendance_discharge(actor=actor, encounter_id=read.encounter.pk)
    except EncounterRefused as refused:
        return refused_page(request, actor, refused)
    if discharging:
        messages.success(request, f"{read.child.full_name} has been discharged.")
    else:
        messages.success(request, "The record has been saved.")
    return redirect(request.path)


def problems_page(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    """The form again, as typed, each problem against its field (``REFUSAL_PAGES``' answer to
    ``RecordProblems``). The attendance is read again for the actor, as the page was."""
    assert isinstance(exc, RecordProblems)
    match = request.resolver_match
    encounter_id = match.kwargs.get("encounter_id") if match else None
    read = (
        attendance_record_get(actor=actor, encounter_id=encounter_id)
        if isinstance(encounter_id, int)
        else None
    )
    if read is None:
        return not_found(request)
    record = record_input(request.POST, read.questions, ChildVoiceForm(request.POST))
    # Unbound, filled with what was typed: only the service's problems show against it.
    voice_form = voice_form_of(None, record)
    errors, items = show_problems(exc.problems, voice_form)
    return _form_page(
        request,
        read,
        values=record_values(record),
        voice_form=voice_form,
        errors=errors,
        summary=items,
        incomplete=isinstance(exc, RecordIncomplete),
    )
