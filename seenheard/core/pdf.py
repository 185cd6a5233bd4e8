"""A page's own template printed to PDF with WeasyPrint (DESIGN: PDFs from the page templates).

A page that can be printed (the safeguarding meeting's agenda and minutes, a health plan ...)
keeps one template: the browser shows it, and ``pdf_response`` renders the same template with
the same context to A4 through the print stylesheet (``core/static/core/print.css``: the
page's heading on every sheet, page numbers, no navigation, forms or buttons). Stylesheets and
images come from the static files on disk; nothing is fetched from the network. The caller
has already done the page's access check and audit, exactly as for the page itself.

    return pdf_response(request, "appointments/agenda.jinja", context,
                        title="Safeguarding meeting agenda", filename="agenda-2026-W49.pdf")

WeasyPrint needs the pango, harfbuzz and fontconfig libraries (on Debian:
libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation); ``.ci/run`` installs
them when missing.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

#: A made-up origin for the page's relative addresses; only its static files are served.
BASE_URL = "https://seenheard.invalid/"
PRINT_CSS = "core/print.css"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_STYLESHEET_LINK = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.IGNORECASE)


def static_only_fetcher() -> Any:
    """A new fetcher for one document (a fetcher keeps state between its calls)."""
    return _fetcher_class()()


@functools.cache
def _fetcher_class() -> Any:
    """WeasyPrint's URL fetcher, made once: the site's static files from disk, ``data:`` URLs
    as they are, and nothing else (no network: fonts on a CDN are skipped, and the page falls
    back to Arial's metric twin). WeasyPrint is imported only when a PDF is made."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"})

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError(f"Only the site's own static files go in a PDF, not {url}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return StaticOnlyFetcher


def static_path(url: str) -> Path | None:
    """The file on disk behind one of the site's static URLs, or None."""
    prefix = BASE_URL.rstrip("/") + str(settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :].split("?")[0].split("#")[0]
    if not name or ".." in name.split("/") or name.startswith("/"):
        return None
    found = finders.find(name)
    if not found:
        return None
    path = Path(found if isinstance(found, str) else found[0])
    return path if path.is_file() else None


def html_to_pdf(html: str) -> bytes:
    """HTML (a rendered page) to PDF bytes, styled by the print stylesheet alone: the page's own
    stylesheet links are left out (the screen's 280 KB sheet takes WeasyPrint seconds to read;
    print.css styles what a printed page uses)."""
    from weasyprint import CSS, HTML

    html = _STYLESHEET_LINK.sub("", html)
    fetcher = static_only_fetcher()
    stylesheet = CSS(
        url=BASE_URL.rstrip("/") + str(settings.STATIC_URL) + PRINT_CSS, url_fetcher=fetcher
    )
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the skipped CDN fonts are expected, not news
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(stylesheets=[stylesheet])
    finally:
        quiet.setLevel(level)
    return pdf


def render_pdf(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, title: str
) -> bytes:
    """The page's template, with the page's context, printed. The layout's header (with the
    navigation and the person's name) is left out by the print stylesheet; the foot of each
    sheet says when it was printed and by whom."""
    actor = getattr(request, "_actor", None)
    who = f" by {actor.name}" if actor is not None else ""
    printed = f"Printed {timezone.localtime():%-d %B %Y %H:%M}{who}"
    ctx: dict[str, Any] = {
        "actor": None,
        "nav": [],
        "page_title": title,
        "printing": True,
        "printed": printed,
    }
    page = str(render_to_string(template, {**ctx, **(context or {})}, request=request))
    html = page.replace("</body>", f'<p class="sh-printed">{_escape(printed)}</p></body>', 1)
    return html_to_pdf(html)


def pdf_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    title: str,
    filename: str,
) -> HttpResponse:
    """The PDF as a download, never cached (it may name children)."""
    response = HttpResponse(
        render_pdf(request, template, context, title=title), content_type="application/pdf"
    )
    safe = _SAFE_NAME.sub("-", filename).strip("-") or "document.pdf"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["Cache-Control"] = "no-store"
    return response


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
