"""The area's figures (R-LEAD-4) for boards, commissioners and safeguarding leads: charts with
their numbers, never an identifiable child."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from seenheard.figures.registry import SMALLEST_SHOWN
from seenheard.figures.selectors import figure_sections, figures_area_for
from seenheard.web.pages import not_found, page, request_actor


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    area = figures_area_for(actor) if actor else None
    if area is None:
        return not_found(request)
    return page(
        request,
        "figures/figures.jinja",
        {
            "area": area,
            "sections": figure_sections(area),
            "smallest_shown": SMALLEST_SHOWN,
            "first": area.months[0],
            "last": area.months[-1],
        },
        title="Figures for your area",
    )
