"""The council's SSDA903 return download (R-LEAD-6): choose a collection year, get the three
tables in one zip file. For the council's own staff (those who read its inbox); anyone else
gets the "not found" page. Each child in the return is audited as disclosed."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from seenheard.access.scope import council_of
from seenheard.audit.models import AuditAction
from seenheard.audit.services import AuditItem, audit_record_many
from seenheard.core import clock
from seenheard.lac_health.returns.tables import ssda903_tables
from seenheard.web.pages import not_found, page, request_actor

YEARS_OFFERED = 3


def _years() -> list[int]:
    """The collection years a council may download: the one ending next 31 March (in
    progress) and the ones before."""
    today = clock.today()
    latest = today.year + (1 if today.month > 3 else 0)
    return [latest - n for n in range(YEARS_OFFERED)]


@require_http_methods(["GET", "POST"])
def ssda903_download(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    la = council_of(actor) if actor is not None else None
    if actor is None or la is None:
        return not_found(request)
    years = _years()
    error = ""
    if request.method == "POST":
        text = request.POST.get("year", "")
        if text.isdigit() and int(text) in years:
            year = int(text)
            with transaction.atomic():
                tables = ssda903_tables(la=la, year=year)
                items: list[AuditItem] = [
                    (
                        AuditAction.VIEW,
                        "Ssda903Return",
                        f"{la.code}-{year}",
                        child_id,
                        {"purpose": "ssda903-return", "requirement": "R-LEAD-6"},
                    )
                    for child_id in tables.child_ids
                ]
                audit_record_many(actor=actor, items=items)
            response = HttpResponse(tables.zip_bytes(), content_type="application/zip")
            name = f"ssda903-{la.code}-{year}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        error = "Choose the collection year."
    return page(
        request,
        "returns/ssda903.jinja",
        {"council": la, "years": years, "error": error},
        title=("Error: " if error else "") + "SSDA903 return",
        status=400 if error else 200,
    )
