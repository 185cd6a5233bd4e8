"""Fixtures for the FHIR API tests: bearer tokens for the demo cast, and a client that sends
them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seenheard.fhir.tests.r4_schema import assert_valid_r4
from seenheard.fhir.tests.validity import assert_valid_fhir

NHS = "https://fhir.nhs.uk/Id/nhs-number"
AMELIA_NHS = "9990000018"
# Checksum-valid, in the synthetic 999 range, and given to no child in the demo cast.
ABSENT_NHS = "9990000085"


class FhirClient:
    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def get(self, path: str) -> Any:
        if self.token:
            return self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {self.token}")
        return self.client.get(path)


def body(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/fhir+json"), response["Content-Type"]
    data = json.loads(response.content)
    # Every answer the API gives is valid FHIR R4B JSON that validation would not change, and
    # valid against the official R4 JSON schema.
    assert_valid_fhir(data)
    assert_valid_r4(data)
    return data


FhirAs = Callable[[str], FhirClient]


@pytest.fixture
def token_for(cast: dict) -> Callable[[str], str]:
    from seenheard.accounts.services import api_token_create

    return lambda username: api_token_create(username=username, label="test")


@pytest.fixture
def fhir_as(token_for: Callable[[str], str]) -> FhirAs:
    """A client carrying a fresh bearer token for the named demo user."""
    return lambda username: FhirClient(token_for(username))


@pytest.fixture
def anonymous() -> FhirClient:
    return FhirClient(None)
