"""The limits of a request to /fhir/, answered as OperationOutcomes (issue 7 section 5, ADR 023).

First in MIDDLEWARE, so that nothing else reads the request before its size is checked, and so
that a FHIR client gets a FHIR answer with the right status rather than an HTML page or a 400:

- a body larger than ``MAX_BODY_BYTES`` (the Content-Length says so): 413; one in chunks: 411;
- a URL longer than ``MAX_URL_BYTES``: 414;
- a header (name and value) longer than ``MAX_HEADER_BYTES``, or more than
  ``MAX_HEADER_TOTAL_BYTES`` of headers in all: 431;
- XML asked for (``_format`` or ``Accept``): 406, since only JSON is served.

A body sent in chunks (no Content-Length, which WSGI hands Django as no body at all) is refused
with 411. Should Django still find a body past DATA_UPLOAD_MAX_MEMORY_SIZE
(``RequestDataTooBig``), ``seenheard.fhir.errors`` answers 413; a deeply nested body is refused
with 413 by ``seenheard.fhir.body``.

Gunicorn (seenheard/config/gunicorn_conf.py) allows more than these limits, so it passes such
requests on to be answered here; only beyond its own limits (a request line over 8190 bytes, a
header over 64 KB, more than 100 headers) does it answer itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from seenheard.fhir.body import MAX_BODY_BYTES
from seenheard.fhir.errors import FhirError
from seenheard.fhir.systems import FHIR_JSON

FHIR_PREFIX = "/fhir/"

#: The longest URL (path and query) accepted: every search here is a few hundred bytes.
MAX_URL_BYTES = 4096
#: The longest single header accepted (name and value), and all of them together.
MAX_HEADER_BYTES = 8192
MAX_HEADER_TOTAL_BYTES = 32 * 1024

#: Values of ``_format`` that mean JSON (R4 http.html#mime-type); anything else is refused.
JSON_FORMATS = frozenset({"json", "application/json", FHIR_JSON, "application/json+fhir"})
#: Media ranges in Accept that JSON satisfies.
_JSON_RANGES = frozenset({"*/*", "application/*", "application/json", FHIR_JSON})
#: Pages under /fhir/ that are not FHIR (the API's own documentation, for a browser).
_NOT_FHIR = ("/fhir/R4/docs",)


def _header_problem(request: HttpRequest) -> FhirError | None:
    total = 0
    for name, value in request.META.items():
        if not (name.startswith("HTTP_") or name in ("CONTENT_TYPE", "CONTENT_LENGTH")):
            continue
        size = len(name) + len(str(value))
        total += size
        if size > MAX_HEADER_BYTES or total > MAX_HEADER_TOTAL_BYTES:
            header = name.removeprefix("HTTP_").replace("_", "-").title()
            return FhirError(
                431,
                code="too-costly",
                diagnostics=(
                    f"The request's headers are too large (the {header} header, or all of them "
                    f"together): each may be at most {MAX_HEADER_BYTES // 1024} KB, and all "
                    f"together {MAX_HEADER_TOTAL_BYTES // 1024} KB."
                ),
            )
    return None


def _accepts_json(accept: str) -> bool:
    """Whether an Accept header lets JSON be the answer (any JSON range with q above 0)."""
    for media_range in accept.split(","):
        kind, *params = (part.strip() for part in media_range.split(";"))
        quality = next((p.split("=", 1)[1] for p in params if p.startswith("q=")), "1")
        if kind.lower() in _JSON_RANGES or kind.lower().endswith("+json"):
            try:
                if float(quality) > 0:
                    return True
            except ValueError:
                continue
    return False


def _format_problem(request: HttpRequest) -> FhirError | None:
    formats = request.GET.getlist("_format")
    accept = request.headers.get("Accept", "").strip()
    wanted = next((f for f in formats if f.strip().lower() not in JSON_FORMATS), None)
    if wanted is None and (not accept or _accepts_json(accept)):
        return None
    asked = f"_format={wanted}" if wanted is not None else f"Accept: {accept}"
    return FhirError(
        406,
        code="not-supported",
        diagnostics=(
            f"This server answers in FHIR JSON only ({FHIR_JSON}), not as asked ({asked[:80]}). "
            f"Leave _format out or send _format=json, and accept {FHIR_JSON}."
        ),
    )


def problem(request: HttpRequest) -> FhirError | None:
    """What is wrong with the request's size or format, if anything; checked in this order."""
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        # Without a length the WSGI server hands Django no body at all: say so, rather than
        # answer as if nothing had been sent.
        return FhirError(
            411,
            code="structure",
            diagnostics="Send the request body with a Content-Length, not in chunks.",
        )
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isascii() or not length.isdigit():
        return FhirError(400, code="structure", diagnostics="The Content-Length is not a number.")
    if int(length) > MAX_BODY_BYTES:
        return FhirError(
            413,
            code="too-costly",
            diagnostics=(
                f"The request is larger than {MAX_BODY_BYTES // 1024} KB; send one resource at "
                "a time."
            ),
        )
    if len(request.get_full_path()) > MAX_URL_BYTES:
        return FhirError(
            414,
            code="too-costly",
            diagnostics=f"The address is longer than {MAX_URL_BYTES} characters.",
        )
    found = _header_problem(request)
    if found is not None:
        return found
    if request.path.startswith(_NOT_FHIR):
        return None
    return _format_problem(request)


class FhirRequestLimitsMiddleware:
    """Refuse oversized or non-JSON requests to /fhir/ with an OperationOutcome."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(FHIR_PREFIX):
            found = problem(request)
            if found is not None:
                response: HttpResponse = found.response()
                return response
        return self.get_response(request)
