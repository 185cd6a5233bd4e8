"""Every error the API gives is an OperationOutcome (issue 2 item 10, DESIGN rule 7).

Handlers raise ``FhirError``; ``install_error_handlers`` turns it, and everything ninja or Django
raises on the way (authentication, parameter validation, unknown routes, wrong methods,
unexpected failures), into an OperationOutcome with the right status and
``application/fhir+json``. Diagnostics are plain English; ``expression`` names the element or
search parameter at fault.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from fhir.resources.R4B.operationoutcome import OperationOutcome
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticValidationError

from seenheard.fhir.responses import CONTENT_TYPE, fhir_response

logger = logging.getLogger(__name__)

#: WWW-Authenticate challenge (RFC 6750) sent with every 401.
BEARER_REALM = 'Bearer realm="Seen and Heard FHIR API"'

NOT_FOUND_ROUTE = (
    "There is nothing at this address. GET /fhir/R4/metadata lists the resources and "
    "searches this server supports."
)
SERVER_FAULT = (
    "Something went wrong on our side and the request could not be completed. "
    "Try again; if it keeps happening, contact the service desk."
)


def operation_outcome(
    *,
    code: str,
    diagnostics: str,
    severity: str = "error",
    expression: Sequence[str] = (),
) -> OperationOutcome:
    """One issue. ``code`` is from the FHIR IssueType value set (invalid, value, required,
    not-supported, login, not-found, forbidden, exception ...)."""
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = list(expression)
    return OperationOutcome.model_validate({"resourceType": "OperationOutcome", "issue": [issue]})


class FhirError(Exception):
    """Raise from a handler to answer with an OperationOutcome."""

    def __init__(
        self,
        status: int,
        *,
        code: str,
        diagnostics: str,
        expression: Sequence[str] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
        self.expression = tuple(expression)
        self.headers = headers or {}

    def response(self) -> HttpResponse:
        try:
            outcome = operation_outcome(
                code=self.code, diagnostics=self.diagnostics, expression=self.expression
            )
        except PydanticValidationError:
            # Text echoed from the request did not fit a FHIR string; say less, never fail.
            logger.warning("OperationOutcome text was not a valid FHIR string: %r", self)
            outcome = operation_outcome(code=self.code, diagnostics="The request was refused.")
        return fhir_response(outcome, status=self.status, headers=self.headers)


class InvalidToken(AuthenticationError):
    """A bearer token was sent but belongs to nobody who may act (unknown, expired, revoked, or
    the account is inactive or has no active role). One answer for all, so a caller learns
    nothing about which (ADR 012)."""


def not_found(diagnostics: str, *, expression: Sequence[str] = ()) -> FhirError:
    return FhirError(404, code="not-found", diagnostics=diagnostics, expression=expression)


def invalid(
    diagnostics: str, *, expression: Sequence[str] = (), code: str = "invalid"
) -> FhirError:
    return FhirError(400, code=code, diagnostics=diagnostics, expression=expression)


def _unauthenticated(exc: AuthenticationError) -> FhirError:
    if isinstance(exc, InvalidToken):
        return FhirError(
            401,
            code="login",
            diagnostics=(
                "This bearer token is not valid: it may be mistyped, it may have expired or "
                "been revoked, or its account may no longer be active. Ask your administrator "
                "for a new token."
            ),
            headers={"WWW-Authenticate": f'{BEARER_REALM}, error="invalid_token"'},
        )
    return FhirError(
        401,
        code="login",
        diagnostics=(
            "Sign in first: send the header 'Authorization: Bearer <token>' with a token from "
            "'seenheard token create --username <you>'."
        ),
        headers={"WWW-Authenticate": BEARER_REALM},
    )


def _validation(exc: ValidationError) -> FhirError:
    """Ninja's 422 for parameters that do not fit the declared types becomes a FHIR 400."""
    expressions: list[str] = []
    messages: list[str] = []
    missing_only = True
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = ".".join(loc) or "request"
        expressions.append(name)
        if error.get("type") == "missing":
            messages.append(f"The {name} parameter is required")
        else:
            missing_only = False
            messages.append(f"The {name} parameter is not valid ({error.get('msg', 'invalid')})")
    return invalid(
        "; ".join(messages) + ". GET /fhir/R4/metadata lists what each search needs.",
        expression=expressions,
        code="required" if missing_only else "invalid",
    )


def error_for(exc: Exception) -> FhirError:
    """The FhirError that answers any exception raised while serving the API."""
    if isinstance(exc, FhirError):
        return exc
    if isinstance(exc, AuthenticationError):
        return _unauthenticated(exc)
    if isinstance(exc, ValidationError):
        return _validation(exc)
    if isinstance(exc, Http404):
        return not_found(NOT_FOUND_ROUTE)
    if isinstance(exc, HttpError):
        code = {403: "forbidden", 404: "not-found", 429: "throttled"}.get(exc.status_code)
        return FhirError(
            exc.status_code, code=code or "processing", diagnostics=exc.message or "Refused."
        )
    if isinstance(exc, PermissionDenied):
        return FhirError(403, code="forbidden", diagnostics="You may not do this.")
    if isinstance(exc, RequestDataTooBig):
        # A body sent without a Content-Length (chunked) that passed Django's limit.
        return FhirError(
            413,
            code="too-costly",
            diagnostics="The request is too large; send one resource at a time.",
        )
    if isinstance(exc, SuspiciousOperation):
        return invalid("The request was refused as malformed (for example, an unknown host).")
    logger.exception("Unexpected error in the FHIR API", exc_info=exc)
    return FhirError(500, code="exception", diagnostics=SERVER_FAULT)


def install_error_handlers(api: NinjaAPI) -> None:
    """Route every exception ninja sees through ``error_for``."""

    def handle(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_for(exc).response()

    for exc_class in (
        FhirError,
        AuthenticationError,
        ValidationError,
        HttpError,
        Http404,
        PermissionDenied,
        SuspiciousOperation,
        Exception,
    ):
        api.add_exception_handler(exc_class, handle)


def _is_fhir(response: HttpResponseBase) -> bool:
    return str(response.get("Content-Type", "")).startswith(CONTENT_TYPE.split(";")[0])


ViewFunc = Callable[..., HttpResponseBase]


def fhir_errors(view: ViewFunc) -> ViewFunc:
    """Wrap a URL's view so what ninja answers outside its handlers is FHIR too: 405 for a
    method a route does not serve, and anything raised before a handler runs."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Exception as exc:
            return error_for(exc).response()
        if response.status_code == 405 and not _is_fhir(response):
            allowed = str(response.get("Allow", ""))
            return FhirError(
                405,
                code="not-supported",
                diagnostics=(
                    f"This address does not accept {request.method} requests"
                    + (f"; it accepts {allowed}." if allowed else ".")
                ),
                headers={"Allow": allowed} if allowed else None,
            ).response()
        return response

    return wrapped


@csrf_exempt
def unknown_route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Anything under /fhir/R4/ that no route serves (an unknown resource type, a typo)."""
    return not_found(NOT_FOUND_ROUTE).response()
