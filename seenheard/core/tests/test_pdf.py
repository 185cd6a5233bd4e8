"""PDFs of pages from their own templates (core/pdf.py): the text a reader needs is in the
PDF, the navigation and forms are not, every sheet says which page of how many it is, and
nothing is fetched from the network."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from pypdf import PdfReader

from seenheard.core.charts import bar_chart, month_labels
from seenheard.core.pdf import (
    BASE_URL,
    html_to_pdf,
    pdf_response,
    render_pdf,
    static_only_fetcher,
    static_path,
)
from seenheard.protocols.presenters import protocol_rows

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Words as a reader reads them: lines wrapped in table cells joined again.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _request():
    request = RequestFactory().get("/protocol/")
    request.user = AnonymousUser()
    request.csp_nonce = "n"
    return request


def test_a_page_template_prints_with_its_content_and_without_its_navigation(cast):
    area = cast["QDEMO"]
    context = {"area": area, "rows": protocol_rows(area), "may_change": True}
    pdf = render_pdf(_request(), "protocols/protocol.jinja", context, title="Area protocol")
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Your area's protocol" in text
    assert "Demo Integrated Care Board" in text
    assert "Level 4: child protection (acute needs)" in text
    # The links and forms of the screen are not on paper.
    assert "Change" not in text.replace("Every change", "")
    assert "Sign out" not in text and "Skip to main content" not in text
    assert "Page 1 of" in text and "Printed " in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_a_chart_prints_with_its_table():
    chart = bar_chart(
        title="Children not brought",
        summary="By month.",
        category_label="Month",
        categories=month_labels(dt.date(2026, 10, 1), 3),
        series=[("Health visiting", [12, 7, 9])],
    )
    from django.template import engines

    body = engines["jinja2"].from_string(
        '<html><body><h1>Figures</h1>{% from "core/charts.jinja" import chart %}'
        "{{ chart(c) }}</body></html>"
    )
    text = _text(html_to_pdf(body.render({"c": chart})))
    assert "Children not brought: the numbers" in text
    assert "Oct 2026" in text and "12" in text


def test_nothing_is_fetched_from_outside_the_sites_static_files():
    fetcher = static_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert static_path(BASE_URL + "static/core/print.css") is not None
    assert static_path(BASE_URL + "static/../settings.py") is None
    # A page pointing elsewhere still prints, without what it pointed to.
    pdf = html_to_pdf('<html><body><h1>Hi</h1><img src="https://example.invalid/x.png"></body>')
    assert "Hi" in _text(pdf)


def test_the_response_is_a_download_that_is_never_cached(cast):
    area = cast["QDEMO"]
    response = pdf_response(
        _request(),
        "protocols/protocol.jinja",
        {"area": area, "rows": protocol_rows(area), "may_change": False},
        title="Area protocol",
        filename="area protocol/../QDEMO.pdf",
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="area-protocol-..-QDEMO.pdf"'
    assert response["Cache-Control"] == "no-store"
