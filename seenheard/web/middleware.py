"""Security middleware: a strict content security policy, and sign-in for every page."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

# Paths served without a signed-in member of staff: sign-in itself, static files, and the API
# (which has its own bearer-token authentication).
PUBLIC_PREFIXES = ("/sign-in/", "/static/", "/fhir/", "/health/", "/favicon.ico")
# R-VOICE-2: the three pages where a child gives feedback with a one-time code, exactly these
# addresses (nothing below them). They show nothing about anyone; the code is the key.
PUBLIC_PATHS = frozenset({"/feedback/", "/feedback/tell-us/", "/feedback/thank-you/"})


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The NHS.UK template's one inline script (it marks the body as JS-enabled) carries
        # this nonce; nothing else inline may run.
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if not request.path.startswith("/fhir/R4/docs"):
            response.headers.setdefault("Content-Security-Policy", CSP.format(nonce=nonce))
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cache-Control", "no-store")
        return response


class RequireSignInMiddleware:
    """Every page needs a signed-in member of staff; with two-factor required, a verified one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?next={path}")
        needs_code = settings.REQUIRE_TWO_FACTOR and not user.is_verified()  # type: ignore[attr-defined]
        if needs_code and not path.startswith(("/two-factor/", "/sign-out/")):
            return redirect("/two-factor/")
        return self.get_response(request)
