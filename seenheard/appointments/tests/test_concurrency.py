"""The same "was not brought" recorded by two clerks at the same moment: one outcome and one
triage task, the other clerk told it was already recorded (R-WNB-1, R-WNB-5). Real concurrent
requests through the API, each in its own thread and connection (run on PostgreSQL too)."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import connections
from django.test import Client

from seenheard.appointments.kinds import WNB_TRIAGE
from seenheard.appointments.models import Appointment, Outcome, Triage
from seenheard.appointments.services import appointment_book
from seenheard.core import clock
from seenheard.tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_record_the_same_wnb_at_once(hv, jayden):
    from seenheard.accounts.services import api_token_create

    appointment = appointment_book(
        actor=hv,
        nhs_number=jayden.nhs_number,
        service="health-visiting",
        starts_at=clock.now() - dt.timedelta(hours=1),
    )
    tokens = [api_token_create(username="hv.nurse", label=f"clerk {i}") for i in range(2)]
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    failures: list[BaseException] = []

    def record(token: str) -> None:
        try:
            client = Client()
            barrier.wait()
            response = client.put(
                f"/fhir/R4/Appointment/{appointment.pk}",
                data=json.dumps({"resourceType": "Appointment", "status": "noshow"}),
                content_type="application/fhir+json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            statuses.append(response.status_code)
        except BaseException as exc:  # reported in the test's own thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(statuses) == [200, 409]
    assert Appointment.objects.get().outcome == Outcome.WAS_NOT_BROUGHT
    assert Triage.objects.count() == 1
    assert Task.objects.filter(kind=WNB_TRIAGE).count() == 1
