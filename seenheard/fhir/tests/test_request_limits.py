"""Every refusal under /fhir/ is an OperationOutcome with the right status (issue 7 section 5,
ADR 023): 413 for large or deeply nested bodies, 414 for a long URL, 431 for big headers, 406
for XML; and gunicorn lets those requests through to be answered so."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from seenheard.config import gunicorn_conf
from seenheard.fhir import middleware
from seenheard.fhir.errors import error_for
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS, FhirAs, body
from seenheard.fhir.tests.writes import send, state

pytestmark = pytest.mark.django_db


def only_issue(response: Any) -> dict[str, Any]:
    (issue,) = body(response)["issue"]
    return issue


def _flat(size: int) -> str:
    return '{"resourceType": "Encounter", "text": "' + "x" * size + '"}'


@pytest.mark.parametrize(
    "payload",
    [
        _flat(70 * 1024),
        _flat(2_700_000),  # past Django's own 2.5 MB limit: was a 400 "malformed"
        _flat(5_000_000),
        '{"resourceType": "Encounter", "x": ' + "[" * 300_000 + "]" * 300_000 + "}",
        '{"resourceType": "Encounter", "x": ' + "[" * 30_000 + "]" * 30_000 + "}",  # < 64 KB
    ],
    ids=["70KB", "2.7MB", "5MB", "nested-600KB", "nested-60KB"],
)
def test_a_large_or_deeply_nested_body_is_413_and_changes_nothing(
    fhir_as: FhirAs, cast: dict, payload: str
) -> None:
    nurse = fhir_as("ae.nurse")
    before = state()

    response = send(nurse, "post", "/fhir/R4/Encounter", payload)

    assert response.status_code == 413
    assert only_issue(response)["code"] == "too-costly"
    assert state() == before


def test_a_body_without_a_length_past_djangos_limit_is_413() -> None:
    """Chunked bodies are measured by Django as they are read (RequestDataTooBig)."""
    assert error_for(RequestDataTooBig()).status == 413


def test_a_chunked_body_is_411_and_changes_nothing(fhir_as: FhirAs, cast: dict) -> None:
    nurse = fhir_as("ae.nurse")
    before = state()
    response = nurse.client.post(
        "/fhir/R4/Encounter",
        "{}",
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {nurse.token}",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert "Content-Length" in only_issue(response)["diagnostics"]
    assert state() == before


def test_a_long_url_is_414(fhir_as: FhirAs, cast: dict) -> None:
    response = fhir_as("ae.nurse").get(f"/fhir/R4/Patient?identifier={NHS}|{'9' * 5000}")
    assert response.status_code == 414
    assert only_issue(response)["code"] == "too-costly"


def test_a_big_header_is_431(fhir_as: FhirAs, cast: dict) -> None:
    client = fhir_as("ae.nurse")
    response = client.client.get(
        "/fhir/R4/metadata", HTTP_X_PADDING="p" * 10 * 1024, HTTP_AUTHORIZATION="Bearer x"
    )
    assert response.status_code == 431
    assert "X-Padding" in only_issue(response)["diagnostics"]


def test_many_headers_together_are_431(client: Any) -> None:
    headers = {f"HTTP_X_PAD_{n}": "p" * 4000 for n in range(10)}
    response = client.get("/fhir/R4/metadata", **headers)
    assert response.status_code == 431


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("_format=xml", None),
        ("_format=application/fhir%2Bxml", None),
        ("", "application/xml"),
        ("", "application/fhir+xml"),
        ("", "text/html"),
        ("_format=json", "application/fhir+xml"),
    ],
)
def test_xml_is_406(fhir_as: FhirAs, cast: dict, query: str, accept: str | None) -> None:
    client = fhir_as("ae.nurse")
    headers: dict[str, Any] = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.client.get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&{query}",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
        **headers,
    )
    assert response.status_code == 406
    assert only_issue(response)["code"] == "not-supported"


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("_format=json", None),
        ("_format=application/fhir%2Bjson", None),
        ("", "application/fhir+json"),
        ("", "application/json"),
        ("", "*/*"),
        ("", "application/fhir+xml, application/fhir+json;q=0.5"),
    ],
)
def test_json_is_served(fhir_as: FhirAs, cast: dict, query: str, accept: str | None) -> None:
    client = fhir_as("ae.nurse")
    headers: dict[str, Any] = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.client.get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}&{query}",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
        **headers,
    )
    assert response.status_code == 200
    assert body(response)["total"] == 1


def test_the_api_documentation_page_still_opens_in_a_browser(client: Any) -> None:
    response = client.get("/fhir/R4/docs", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 200


def test_the_limits_are_checked_first_and_gunicorn_lets_such_requests_through() -> None:
    assert settings.MIDDLEWARE[0] == "seenheard.fhir.middleware.FhirRequestLimitsMiddleware"
    # A request line is "GET <url> HTTP/1.1": gunicorn must read a URL the middleware refuses.
    assert gunicorn_conf.limit_request_line > middleware.MAX_URL_BYTES + len("GET  HTTP/1.1")
    assert gunicorn_conf.limit_request_field_size > middleware.MAX_HEADER_BYTES
