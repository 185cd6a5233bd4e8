"""Property-based tests over the served OpenAPI schema (issue 2: "schemathesis over the API
finds no server error"). Runs in-process against the WSGI application, as the A&E nurse (who
may trace any child, so found and not-found paths are both exercised).

Beyond "no 5xx", the responses must match the schema: documented status codes, the documented
content type and the documented body shapes, which keeps ``seenheard.fhir.schemas`` honest.

The nurse is refused the council's Flag writes (403) before the body is read, so those two
operations are also fuzzed as Islington's flag administrator (issue 3 "Bad input": no server
error from any Flag a council's system could send).
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

#: The council's writes (POST /Flag and PUT /Flag/{id}): fuzzed as a flag administrator below,
#: since the nurse is refused them (403) before the body is read.
FLAG_WRITE_IDS = ["flagCreate", "flagEnd"]

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
@schema.exclude(operation_id=FLAG_WRITE_IDS).parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_fails_and_answers_as_documented(case: Any, nurse_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {nurse_token}"}, checks=CHECKS)


@pytest.fixture
def flag_admin_token(cast: dict) -> str:
    from seenheard.accounts.services import api_token_create

    return api_token_create(username="flag.admin", label="schemathesis")


@pytest.mark.django_db(transaction=True)
@schema.include(operation_id=FLAG_WRITE_IDS).parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_flag_writes_by_a_council_never_fail_and_answer_as_documented(
    case: Any, flag_admin_token: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {flag_admin_token}"}, checks=CHECKS)
