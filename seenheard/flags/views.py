"""Council flag uploads in the browser (R-FLAG-2): the upload history, the upload form, the
result of each upload and its rejected records as CSV.

Only the council's own flag administrators see these pages. Everyone else (a flag
administrator from another council, other roles, board and system administrators) gets the
one "not found" page, whether or not the upload exists (DESIGN rule 2, R-FLAG-10). The upload
itself goes through ``flag_upload_apply``, the same service as ``seenheard flags upload``, so
the page and the command line accept and reject the same files for the same reasons.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, OrgKind, User
from seenheard.audit.services import audit_view
from seenheard.flags.errors import FlagUploadRefused
from seenheard.flags.forms import FlagUploadForm
from seenheard.flags.models import (
    FlagUpload,
    PlanType,
    UploadChangeKind,
    UploadStatus,
)
from seenheard.flags.presenters import UPLOAD_SUMMARY, gaps_sentence, upload_explanation
from seenheard.flags.refusal_pages import PageAnswer, refusal_answer, refusal_on_form
from seenheard.flags.upload.apply import flag_upload_apply
from seenheard.flags.upload.changes import (
    UPLOAD_CHANGES_SHOWN,
    flag_upload_changes,
    open_flag_counts,
)
from seenheard.flags.upload.gaps import GAP_REASON_MAX, flag_upload_gap_close
from seenheard.flags.upload.parse import HEADER, MAX_BYTES
from seenheard.flags.upload.selectors import (
    applied_uploads,
    flag_match_warning,
    flag_upload_gaps,
    flag_upload_rejections,
)
from seenheard.web.pages import not_found, page, request_actor

HISTORY_LIMIT = 100  # uploads listed; a council sends about one a day
REJECTIONS_SHOWN = 500  # rows on the result page; the CSV has them all


@dataclass(frozen=True)
class FlagAdmin:
    actor: Actor
    council: Organisation


def _flag_admin(request: HttpRequest) -> FlagAdmin | None:
    """The signed-in flag administrator and their council, or None for everyone else.

    A flag administrator's membership is at the council itself (FlagAdministrator.org_kinds),
    so "their council" is their organisation: they can never name another one.
    """
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).manages_flags:
        return None
    if actor.organisation.kind != OrgKind.LOCAL_AUTHORITY:
        return None
    return FlagAdmin(actor, actor.organisation)


def _next_sequence(council: Organisation) -> int:
    last = applied_uploads(council).aggregate(last=Max("sequence"))["last"]
    return 1 if last is None else int(last) + 1


def _open_flag_counts(council: Organisation) -> list[dict[str, Any]]:
    """Open flags held by the council, by plan type: started, and not ended as of today
    (the same 'open' as flag_state, R-FLAG-1)."""
    counts = open_flag_counts(council=council)
    return [
        {"code": plan.value, "label": plan.label, "count": counts.get(plan.value, 0)}
        for plan in PlanType
    ]


def _names(usernames: set[str]) -> dict[str, str]:
    """Display names for the people who uploaded (the CLI's operator is 'system')."""
    names = {"system": "Server operator (command line)"}
    for user in User.objects.filter(username__in=usernames - set(names)):
        names[user.username] = user.get_full_name() or user.username
    return names


def _percent(upload: FlagUpload) -> str:
    rate = upload.match_rate
    return "" if rate is None else f"{rate * 100:.1f}%"


_STATUS_TAG = {
    UploadStatus.APPLIED: ("All applied", "nhsuk-tag--green"),
    UploadStatus.PARTLY_APPLIED: ("Some rejected", "nhsuk-tag--orange"),
    UploadStatus.REJECTED: ("File rejected", "nhsuk-tag--red"),
    UploadStatus.ALREADY_APPLIED: ("Already applied", "nhsuk-tag--grey"),
}


def _row(upload: FlagUpload, names: dict[str, str]) -> dict[str, Any]:
    tag_text, tag_class = _STATUS_TAG[UploadStatus(upload.status)]
    return {
        "upload": upload,
        "at": timezone.localtime(upload.uploaded_at),
        "by": names.get(upload.uploaded_by, upload.uploaded_by),
        "kind": "Full" if upload.full else "Delta",
        "tag_text": tag_text,
        "tag_class": tag_class,
        "match_rate": _percent(upload),
        "counts_known": upload.status != UploadStatus.REJECTED,
    }


@require_GET
def upload_list(request: HttpRequest) -> HttpResponse:
    """The council's uploads, newest first, with the match-rate warning while it applies."""
    admin = _flag_admin(request)
    if admin is None:
        return not_found(request)
    council = admin.council
    uploads = list(
        FlagUpload.objects.filter(la=council).order_by("-uploaded_at", "-pk")[:HISTORY_LIMIT]
    )
    names = _names({u.uploaded_by for u in uploads})
    return page(
        request,
        "flags/upload_list.jinja",
        {
            "council": council,
            "rows": [_row(u, names) for u in uploads],
            "limited": len(uploads) == HISTORY_LIMIT,
            "warning": flag_match_warning(la=council),
            "next_sequence": _next_sequence(council),
            "open_counts": _open_flag_counts(council),
            **_gap_context(council),
        },
        title="Flag uploads",
    )


def _gap_context(council: Organisation) -> dict[str, Any]:
    """The council's files not received (ADR 021), for the list and result pages."""
    gaps = flag_upload_gaps(la=council)
    return {
        "gaps": [
            {
                "first": first,
                "last": last,
                "text": gaps_sentence([(first, last)]),
                "href": f"/flags/uploads/gaps/{first}-{last}/close/",
            }
            for first, last in gaps
        ],
        "gaps_text": gaps_sentence(gaps),
    }


def _form_page(
    request: HttpRequest, admin: FlagAdmin, form: FlagUploadForm, *, sequence: str
) -> HttpResponse:
    return page(
        request,
        "flags/upload_new.jinja",
        {
            "council": admin.council,
            "form": form,
            "sequence_value": sequence,
            "next_sequence_text": str(_next_sequence(admin.council)),
            "full_checked": bool(form.data.get("full")) if form.is_bound else False,
            # Not "header": the layout's own ``header`` macro would shadow it (issue 7).
            "header_line": ",".join(HEADER),
            "max_mb": MAX_BYTES // 1_048_576,
            "back_href": "/flags/uploads/",
        },
        title=("Error: " if form.errors else "") + "Upload a flag file",
        status=400 if form.errors else 200,
    )


def _safe_filename(name: str | None) -> str:
    """Only the file's own name, as the browser sent it, for the history."""
    base = os.path.basename((name or "").replace("\\", "/"))
    return "".join(ch for ch in base if ch.isprintable())[:255]


class _OversizeUploadHandler(FileUploadHandler):
    """First in the chain for the upload form: once a file passes the limit, the rest of it is
    counted but not stored, so a huge upload costs no more memory or disk than the limit. The
    form then sees a placeholder with the true size and says, in plain English, that the file
    is too large (rather than the server failing, or filling its disk)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return None if self.received > MAX_BYTES else raw_data

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if file_size <= MAX_BYTES:
            return None  # the next handler (memory or temporary file) has it all
        placeholder = SimpleUploadedFile(self.file_name or "", b"", self.content_type or "")
        placeholder.size = file_size
        return placeholder


@csrf_exempt  # only so the handler can go in before the body is read; checked just below
@require_http_methods(["GET", "POST"])
def upload_new(request: HttpRequest) -> HttpResponse:
    """The NHS.UK file-upload form; a valid file goes to flag_upload_apply, then the result."""
    request.upload_handlers.insert(0, _OversizeUploadHandler(request))
    return _upload_new(request)


@csrf_protect
def _upload_new(request: HttpRequest) -> HttpResponse:
    admin = _flag_admin(request)
    if admin is None:
        return not_found(request)
    if request.method != "POST":
        form = FlagUploadForm()
        return _form_page(request, admin, form, sequence=str(_next_sequence(admin.council)))
    form = FlagUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, admin, form, sequence=form.data.get("sequence", ""))
    upload_file = form.cleaned_data["file"]
    try:
        result = flag_upload_apply(
            actor=admin.actor,
            la_code=admin.council.code,
            sequence=form.cleaned_data["sequence"],
            full=form.cleaned_data["full"],
            content=upload_file.read(),
            filename=_safe_filename(upload_file.name),
        )
    except FlagUploadRefused as refused:
        if refusal_answer(refused) is PageAnswer.NOT_FOUND:
            return not_found(request)
        refusal_on_form(form, refused)
        return _form_page(request, admin, form, sequence=form.data.get("sequence", ""))
    return redirect(f"/flags/uploads/{result.upload.pk}/")


def _own_upload(admin: FlagAdmin, upload_id: int) -> FlagUpload | None:
    return FlagUpload.objects.filter(pk=upload_id, la=admin.council).first()


def _late_note(upload: FlagUpload) -> str:
    """For a file that arrived after later ones (ADR 021): what that meant for its records."""
    if upload.sequence is None or UploadStatus(upload.status) not in (
        UploadStatus.APPLIED,
        UploadStatus.PARTLY_APPLIED,
    ):
        return ""
    earlier_later = applied_uploads(upload.la).filter(
        sequence__gt=upload.sequence, uploaded_at__lte=upload.uploaded_at
    )
    if not earlier_later.exclude(pk=upload.pk).exists():
        return ""
    note = (
        f"File {upload.sequence} arrived after later files, so it filled a gap. Its records were "
        "applied, except any for a plan that a later file or the API had already changed "
        "(those are rejected below as superseded)."
    )
    if upload.full:
        note += " As a later file is newer, no open flag was ended for being missing from it."
    return note


@require_GET
def upload_result(request: HttpRequest, upload_id: int) -> HttpResponse:
    """What happened to one upload, and every rejected record (R-FLAG-2). Viewing it is
    audited: the rejected records name children by NHS number."""
    admin = _flag_admin(request)
    if admin is None:
        return not_found(request)
    with transaction.atomic():
        upload = _own_upload(admin, upload_id)
        if upload is None:
            return not_found(request)
        rejections = list(upload.rejections.order_by("line", "pk")[:REJECTIONS_SHOWN])
        audit_view(
            actor=admin.actor,
            object_type="FlagUpload",
            object_id=upload.pk,
            child_id=None,
            detail={"status": upload.status, "sequence": upload.sequence},
        )
        sections = flag_upload_changes(actor=admin.actor, upload=upload)
    status = UploadStatus(upload.status)
    names = _names({upload.uploaded_by})
    return page(
        request,
        "flags/upload_result.jinja",
        {
            "council": admin.council,
            "upload": upload,
            "row": _row(upload, names),
            "status": status,
            "statuses": UploadStatus,
            "summary": UPLOAD_SUMMARY[status],
            "explanation": upload_explanation(upload),
            "rejections": rejections,
            "more_rejections": max(upload.rejected - len(rejections), 0),
            "warning": flag_match_warning(la=admin.council),
            "next_sequence": _next_sequence(admin.council),
            "back_href": "/flags/uploads/",
            "sections": sections,
            "kinds": UploadChangeKind,
            "shown_limit": UPLOAD_CHANGES_SHOWN,
            "late_note": _late_note(upload),
            **_gap_context(admin.council),
        },
        title=f"Upload {upload.sequence if upload.sequence is not None else upload.pk}: "
        + UPLOAD_SUMMARY[status],
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: the NHS number column is the
    council's own text from the file, whatever it was."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@require_GET
def upload_rejections_csv(request: HttpRequest, upload_id: int) -> HttpResponse:
    """The rejected records as CSV (line, NHS number, code, message), to fix and send again.
    Audited like the result page: it lists children's NHS numbers."""
    admin = _flag_admin(request)
    if admin is None:
        return not_found(request)
    with transaction.atomic():
        upload = _own_upload(admin, upload_id)
        if upload is None:
            return not_found(request)
        audit_view(
            actor=admin.actor,
            object_type="FlagUpload",
            object_id=upload.pk,
            child_id=None,
            detail={"download": "rejections.csv", "rejected": upload.rejected},
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["line", "nhs_number", "code", "message"])
        for rejection in flag_upload_rejections(la=admin.council, upload_id=upload.pk):
            writer.writerow(
                [
                    rejection.line,
                    _cell(rejection.nhs_number),
                    rejection.code,
                    _cell(rejection.message),
                ]
            )
    name = f"{admin.council.code}-upload-{upload.sequence or upload.pk}-rejected.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_GAP_FORM_TITLE = "Record why files will not arrive"


@require_http_methods(["GET", "POST"])
def upload_gap_close(request: HttpRequest, first: int, last: int) -> HttpResponse:
    """A flag administrator records why files in a gap of the council's sequence will never
    arrive (R-FLAG-2, issue 7); the gap then stops being shown. Audited by the service."""
    admin = _flag_admin(request)
    if admin is None:
        return not_found(request)
    council = admin.council
    if (first, last) not in flag_upload_gaps(la=council):
        return not_found(request)
    error = ""
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            flag_upload_gap_close(
                actor=admin.actor, la_code=council.code, first=first, last=last, reason=reason
            )
        except FlagUploadRefused as refused:
            if refusal_answer(refused) is PageAnswer.NOT_FOUND:
                return not_found(request)
            error = refused.message
        else:
            return redirect("/flags/uploads/")
    return page(
        request,
        "flags/upload_gap_close.jinja",
        {
            "council": council,
            "gap_text": gaps_sentence([(first, last)]),
            "first": first,
            "last": last,
            "reason": reason,
            "error": error,
            "reason_max": GAP_REASON_MAX,
            "back_href": "/flags/uploads/",
        },
        title=("Error: " if error else "") + _GAP_FORM_TITLE,
        status=400 if error else 200,
    )
