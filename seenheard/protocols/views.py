"""The area's protocol in the browser (issue 10 item 7): read by the safeguarding lead (and
the board), changed by the area's designated professionals with who and why. Refusals map to
answers in one table (ADR 025)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from seenheard.access.actor import Actor
from seenheard.protocols import errors
from seenheard.protocols.catalogue import LISTS, ListItem
from seenheard.protocols.presenters import ProtocolRow, protocol_row, protocol_rows
from seenheard.protocols.selectors import (
    protocol_area_changeable_by,
    protocol_area_readable_by,
)
from seenheard.protocols.services import protocol_list_change, protocol_value_change
from seenheard.web.pages import not_found, page, request_actor

#: Each refusal's answer on the pages: "not found", or the form again with the error against
#: its field (``exc.field``).
REFUSAL_PAGES: dict[type[errors.ProtocolRefused], str] = {
    errors.ParameterUnknown: "not found",
    errors.ChangeNotAllowed: "not found",
    errors.ValueNotWholeNumber: "field",
    errors.ValueTooLarge: "field",
    errors.ReasonMissing: "field",
    errors.ReasonTooLong: "field",
    errors.ListEmpty: "field",
    errors.ListEntryIncomplete: "field",
    errors.ListEntryTooLong: "field",
    errors.ListCodeInvalid: "field",
    errors.ListCodeRepeated: "field",
}

#: The most list entries the change form takes (the threshold model has four or five).
ENTRIES_MAX = 30


@require_GET
def protocol_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    area = protocol_area_readable_by(actor) if actor else None
    if actor is None or area is None:
        return not_found(request)
    return page(
        request,
        "protocols/protocol.jinja",
        {
            "area": area,
            "rows": protocol_rows(area),
            "may_change": protocol_area_changeable_by(actor) is not None,
        },
        title="Your area's protocol",
    )


def _posted_items(request: HttpRequest) -> list[ListItem]:
    """The entries as posted (code_N, name_N, description_N from 1); an entry left wholly
    empty is removed."""
    items: list[ListItem] = []
    for n in range(1, ENTRIES_MAX + 2):
        parts = [request.POST.get(f"{part}_{n}", "") for part in ("code", "name", "description")]
        if any(p.strip() for p in parts):
            items.append(ListItem(*parts))
    return items


def _apply(actor: Actor, key: str, request: HttpRequest) -> None:
    reason = request.POST.get("reason", "")
    if key in LISTS:
        protocol_list_change(actor=actor, key=key, items=_posted_items(request), reason=reason)
        return
    text = request.POST.get("value", "").strip().replace(",", "")
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise errors.ValueNotWholeNumber()
    protocol_value_change(actor=actor, key=key, value=int(text), reason=reason)


def _entries(row: ProtocolRow, request: HttpRequest) -> list[ListItem]:
    """The entries the form shows: as posted after an error, else the current list; and one
    empty entry for adding one."""
    current = _posted_items(request) if request.method == "POST" else list(row.items)
    return [*current[:ENTRIES_MAX], ListItem("", "", "")]


@require_http_methods(["GET", "POST"])
def protocol_change(request: HttpRequest, key: str) -> HttpResponse:
    actor = request_actor(request)
    area = protocol_area_changeable_by(actor) if actor else None
    row = protocol_row(area, key) if area else None
    if actor is None or area is None or row is None:
        return not_found(request)
    problem: errors.ProtocolRefused | None = None
    if request.method == "POST":
        try:
            _apply(actor, key, request)
        except errors.ProtocolRefused as exc:
            if REFUSAL_PAGES[type(exc)] == "not found":
                return not_found(request)
            problem = exc
        else:
            messages.success(request, f"Changed: {row.meaning}")
            return redirect("protocols:page")
    context: dict[str, Any] = {
        "area": area,
        "row": row,
        "entries": _entries(row, request) if row.is_list else [],
        "posted": request.POST if request.method == "POST" else {},
        "problem": problem,
        "back_href": "/protocol/",
    }
    return page(
        request,
        "protocols/protocol_change.jinja",
        context,
        title=("Error: " if problem else "") + "Change your area's protocol",
        status=400 if problem else 200,
    )
