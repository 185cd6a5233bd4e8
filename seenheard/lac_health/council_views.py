"""The council's pages: its SSDA903 tables uploaded, or one child's episode recorded (issue 11
item 1). Only the council's own flag administrators (``services.may_import_for``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.lac_health import codes, errors, forms
from seenheard.lac_health.models import EpisodeSource
from seenheard.lac_health.services import (
    EpisodeInput,
    ImportResult,
    episode_record,
    lac_import_apply,
    may_import_for,
)
from seenheard.lac_health.tables import MAX_BYTES
from seenheard.web.pages import not_found, page, request_actor


def _council(request: HttpRequest) -> tuple[Actor, Organisation] | None:
    actor = request_actor(request)
    if actor is None or actor.organisation.kind != OrgKind.LOCAL_AUTHORITY:
        return None
    if not may_import_for(actor, actor.organisation):
        return None
    return actor, actor.organisation


def _file(request: HttpRequest, name: str, what: str) -> tuple[bytes, str, str]:
    upload = request.FILES.get(name)
    if upload is None or not upload.size:
        return b"", "", f"Select the {what} CSV file."
    if upload.size > MAX_BYTES:
        return b"", "", f"The {what} file must be smaller than 50 MB."
    return upload.read(), upload.name or f"{name}.csv", ""


@require_http_methods(["GET", "POST"])
def import_files(request: HttpRequest) -> HttpResponse:
    found = _council(request)
    if found is None:
        return not_found(request)
    actor, la = found
    form_errors: dict[str, str] = {}
    problems: list[errors.FileProblem] = []
    result: ImportResult | None = None
    if request.method == "POST":
        header, header_name, e1 = _file(request, "header", "Header table")
        episodes, episodes_name, e2 = _file(request, "episodes", "Episodes table")
        form_errors = {k: v for k, v in (("header", e1), ("episodes", e2)) if v}
        if not form_errors:
            try:
                result = lac_import_apply(
                    actor=actor,
                    la_code=la.code,
                    header=header,
                    episodes=episodes,
                    header_name=header_name,
                    episodes_name=episodes_name,
                )
            except errors.FilesRejected as exc:
                problems = exc.problems
            except errors.LacRefused:
                return not_found(request)
    summary = [{"text": m, "href": f"#{k}"} for k, m in form_errors.items()]
    if problems:
        summary.append(
            {
                "text": f"The files were not imported: {len(problems)} problems to put right. "
                "Nothing has changed.",
                "href": "#problems",
            }
        )
    context = {
        "la": la,
        "errors": form_errors,
        "error_summary": summary,
        "problems": problems,
        "result": result,
    }
    title = "Import children looked after"
    return page(
        request,
        "lac_health/import.jinja",
        context,
        title=("Error: " if summary else "") + title,
        status=400 if summary else 200,
    )


def _episode_input(post: dict[str, str]) -> tuple[EpisodeInput | None, dict[str, str]]:
    born, e1 = forms.date_parts(post, "date_of_birth", "the child's date of birth")
    began, e2 = forms.date_parts(post, "decom", "the date the episode began")
    ended, e3 = forms.date_parts(post, "dec", "the date the episode ended")
    problems = {k: v for k, v in (("date_of_birth", e1), ("decom", e2)) if v}
    if e3 and not e3.startswith("Enter"):
        problems["dec"] = e3
    if born is None or began is None or problems:
        return None, problems

    def text(name: str) -> str:
        return (post.get(name) or "").strip()

    names = ("child_ref", "nhs_number", "sex", "ethnic", "rne", "ls", "cin", "place")
    optional = ("place_provider", "rec", "reason_place_change", "home_post", "pl_post", "urn")
    return (
        EpisodeInput(
            **{n: text(n) for n in names},
            **{n: text(n) for n in optional},
            date_of_birth=born,
            decom=began,
            dec=ended,
            uasc=text("uasc") == "yes",
        ),
        {},
    )


@require_http_methods(["GET", "POST"])
def episode_new(request: HttpRequest) -> HttpResponse:
    found = _council(request)
    if found is None:
        return not_found(request)
    actor, la = found
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        data, form_errors = _episode_input(request.POST.dict())
        if data is not None:
            try:
                episode_record(actor=actor, la_code=la.code, data=data, source=EpisodeSource.FORM)
            except errors.EpisodeRejected as exc:
                form_errors = {exc.field: exc.message}
            except errors.LacRefused:
                return not_found(request)
            else:
                messages.success(request, f"Episode recorded for child {data.child_ref}.")
                return redirect("/lac/episodes/new/")
    anchors = {"date_of_birth", "decom", "dec"}
    summary = [
        {"text": m, "href": f"#{k}-day" if k in anchors else f"#{k}"}
        for k, m in form_errors.items()
    ]
    context = {
        "la": la,
        "values": request.POST,
        "errors": form_errors,
        "error_summary": summary,
        "codes": codes,
    }
    title = "Record one child's episode of care"
    return page(
        request,
        "lac_health/episode_new.jinja",
        context,
        title=("Error: " if summary else "") + title,
        status=400 if summary else 200,
    )
