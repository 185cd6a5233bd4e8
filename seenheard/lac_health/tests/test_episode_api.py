"""POST /fhir/R4/EpisodeOfCare (issue 11 item 1): one child's episode from a council's system."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client

from seenheard.fhir.routers.episodeofcare import EXAMPLE, REFUSALS
from seenheard.fhir.tests.conftest import body
from seenheard.lac_health import errors
from seenheard.lac_health.models import Episode

pytestmark = pytest.mark.django_db


def _post(token: str, resource: dict) -> object:
    return Client().post(
        "/fhir/R4/EpisodeOfCare",
        json.dumps(resource),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _token(username: str) -> str:
    from seenheard.accounts.services import api_token_create

    return api_token_create(username=username, label="test")


def test_the_council_records_an_episode(amelia):
    response = _post(_token("flag.admin"), EXAMPLE)
    assert response.status_code == 201, response.content
    resource = body(response)
    assert resource["status"] == "active"
    assert resource["patient"]["reference"] == f"Patient/{amelia.pk}"
    assert Episode.objects.get().period_start.isoformat() == "2024-05-06"


def test_an_unknown_code_is_refused_naming_the_element(amelia):
    bad = copy.deepcopy(EXAMPLE)
    bad["extension"][0]["extension"][5] = {"url": "LS", "valueCode": "C9"}
    response = _post(_token("flag.admin"), bad)
    assert response.status_code == 400
    issue = body(response)["issue"][0]
    assert "codes for LS" in issue["diagnostics"]
    assert issue["expression"] == [
        "EpisodeOfCare.extension('https://seenheard.example/fhir/StructureDefinition/"
        "ssda903-episode').extension('LS')"
    ]
    assert not Episode.objects.exists()


def test_an_end_before_the_start_is_refused(amelia):
    bad = copy.deepcopy(EXAMPLE)
    bad["period"] = {"start": "2024-05-06", "end": "2024-05-01"}
    bad["extension"][0]["extension"].append({"url": "REC", "valueCode": "E13"})
    response = _post(_token("flag.admin"), bad)
    assert response.status_code == 400
    assert body(response)["issue"][0]["expression"] == ["EpisodeOfCare.period.end"]


def test_only_a_councils_flag_administrators(amelia):
    assert _post(_token("lac.nurse"), EXAMPLE).status_code == 403
    assert _post(_token("stranger"), EXAMPLE).status_code == 403


def test_every_refusal_has_an_answer_in_the_api_and_the_pages():
    from seenheard.lac_health.views import REFUSAL_PAGES

    refusals = {
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.LacRefused)
    }
    assert refusals <= set(REFUSALS)
    assert refusals <= set(REFUSAL_PAGES)
