"""Django's error handlers, rendered as our own pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from seenheard.web.pages import not_found


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page as "no such child" and "not allowed" (DESIGN rule 2, R-FLAG-10).
    return not_found(request)
