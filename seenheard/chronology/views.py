"""The child's chronology page (issue 9 item 10). A child the viewer may not see, or who does
not exist, gets the one "not found" page; a link to a page that cannot exist gets a plain
error and changes nothing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from seenheard.access.roles import policy_for
from seenheard.chronology.selectors import Cursor, chronology_for
from seenheard.web.pages import not_found, page, request_actor


@require_GET
def chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return not_found(request)
    token = request.GET.get("before", "")
    before = Cursor.parse(token) if token else None
    if token and before is None:
        return page(
            request,
            "chronology/bad_page.jinja",
            {"child_id": child_id, "back_href": f"/children/{child_id}/chronology/"},
            title="Error: there is no such page of the chronology",
            status=400,
        )
    found = chronology_for(actor=actor, child_id=child_id, before=before)
    if found is None:
        return not_found(request)
    rows = [{"event": e, "at": timezone.localtime(e.at)} for e in found.events]
    return page(
        request,
        "chronology/chronology.jinja",
        {
            "child": found.child,
            "rows": rows,
            "older_href": "?" + urlencode({"before": found.older.token()}) if found.older else "",
            "first_page": found.first_page,
            "back_href": f"/children/{found.child.pk}/",
            "back_text": "Back to the child's summary",
        },
        title=f"Chronology: {found.child.full_name}",
    )
