"""Property-based tests over the served OpenAPI schema (issue 2: "schemathesis over the API
finds no server error"). Runs in-process against the WSGI application, as the A&E nurse (who
may trace any child, so found and not-found paths are both exercised).

Beyond "no 5xx", the responses must match the schema: documented status codes, the documented
content type and the documented body shapes, which keeps ``seenheard.fhir.schemas`` honest.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from seenheard.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/fhir/R4/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def nurse_token(cast: dict) -> str:
    from seenheard.accounts.services import api_token_create

    return api_token_create(username="ae.nurse", label="schemathesis")


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_fails_and_answers_as_documented(case: Any, nurse_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {nurse_token}"}, checks=CHECKS)
