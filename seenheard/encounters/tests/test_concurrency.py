"""Two attendances registered at the same moment still make one frequent-attendance review."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from seenheard.core import clock
from seenheard.encounters.services import encounter_register
from seenheard.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_ninth_and_tenth_attendances_create_exactly_one_review(ae_nurse, noah):
    now = clock.now()
    for i in range(8):
        encounter_register(
            actor=ae_nurse,
            nhs_number=noah.nhs_number,
            started_at=now - dt.timedelta(days=200 - i * 20),
        )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(hours_ago: int) -> None:
        try:
            barrier.wait()
            # Hours apart: two visits, not one registered twice (which counts once, ADR 022).
            encounter_register(
                actor=ae_nurse,
                nhs_number=noah.nhs_number,
                started_at=now - dt.timedelta(hours=hours_ago),
            )
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(hours,)) for hours in (0, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    review = Task.objects.get(kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW)
    assert review.encounters.count() == 10
