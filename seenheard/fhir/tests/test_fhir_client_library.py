"""A real FHIR client library (fhirclient, the SMART on FHIR Python client, a test dependency)
against the live server over HTTP: the capability statement, search, read, create and paging
work as a FHIR client expects (issue 7 section 5, ADR 023). The library parses every answer
into its R4 models, which refuse anything not R4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fhirclient import client as fhir_client
from fhirclient.models.encounter import Encounter
from fhirclient.models.fhirsearch import FHIRSearch
from fhirclient.models.flag import Flag
from fhirclient.models.patient import Patient

from seenheard.children.models import Child
from seenheard.encounters.tests.factories import flag_add
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS
from seenheard.flags.models import PlanType

pytestmark = pytest.mark.django_db(transaction=True)

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


def _server(live_server: Any, token: str) -> Any:
    smart = fhir_client.FHIRClient(
        settings={"app_id": "seenheard-tests", "api_base": f"{live_server.url}/fhir/R4/"}
    )
    smart.server.session.headers["Authorization"] = f"Bearer {token}"
    return smart.server


def _attendance(start: str, status: str = "arrived") -> Encounter:
    return Encounter(
        {
            "resourceType": "Encounter",
            "status": status,
            "class": {"code": "EMER"},
            "subject": {"identifier": {"system": NHS, "value": AMELIA_NHS}},
            "serviceProvider": {"identifier": {"system": ODS, "value": "RDEMO-ED"}},
            "period": {"start": start},
        }
    )


def test_the_library_reads_the_capability_statement(
    live_server: Any, token_for: Callable[[str], str]
) -> None:
    server = _server(live_server, token_for("ae.nurse"))
    statement = server.capabilityStatement
    assert statement.fhirVersion == "4.0.1"
    (rest,) = statement.rest
    encounter = next(r for r in rest.resource if r.type == "Encounter")
    assert {i.code for i in encounter.interaction} == {"read", "create", "search-type"}
    assert encounter.conditionalCreate is True


def test_search_read_create_and_paging_through_the_library(
    live_server: Any, token_for: Callable[[str], str], amelia: Child
) -> None:
    flag_add(amelia, plan_type=PlanType.LAC, start=dt.date(2024, 9, 1))
    nurse = _server(live_server, token_for("ae.nurse"))

    # search: the nurse traces the child by NHS number
    (patient,) = Patient.where(struct={"identifier": f"{NHS}|{AMELIA_NHS}"}).perform_resources_iter(
        nurse
    )
    assert patient.birthDate.isostring == "2014-03-02"

    # create: the library keeps the Encounter the server answers with, id and all
    answered = _attendance("2026-01-05T10:00:00Z", status="in-progress").create(nurse)
    created = Encounter(answered)
    assert created.id
    assert created.status == "in-progress"
    for start in ("2026-01-06T10:00:00Z", "2026-01-07T10:00:00Z"):
        _attendance(start).create(nurse)

    # read: the created Encounter, at its id (the Location), as the search shows it
    read = Encounter.read(created.id, nurse)
    assert read.status == "in-progress"
    assert read.subject.reference == f"Patient/{patient.id}"

    # paging: the child's social worker sees her attendances one a page, the library
    # following the next links
    worker = _server(live_server, token_for("social.worker"))
    search = FHIRSearch(Encounter, {"patient:identifier": f"{NHS}|{AMELIA_NHS}", "_count": "1"})
    pages = list(search.perform_iter(worker))
    assert len(pages) == 3
    assert all(page.total == 3 and len(page.entry) == 1 for page in pages)
    starts = [page.entry[0].resource.period.start.datetime for page in pages]
    assert starts == [dt.datetime(2026, 1, day, 10, tzinfo=dt.UTC) for day in (7, 6, 5)]

    # Flag by patient reference, as the library writes it, and read at its fullUrl
    flags = Flag.where(struct={"patient": f"Patient/{patient.id}"}).perform_resources_iter(worker)
    (flag,) = flags
    assert flag.code.coding[0].code == "764841000000100"
    assert Flag.read(flag.id, worker).status == "active"
