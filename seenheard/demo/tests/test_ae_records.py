"""The demo cast's A&E records (R-REF-4): one complete, one that could not be completed, one
being written; made once."""

from __future__ import annotations

from typing import Any

import pytest

from seenheard.demo.ae_records import demo_ae_records_ensure
from seenheard.encounters.models import AttendanceRecord

pytestmark = pytest.mark.django_db


def test_the_cast_has_its_a_and_e_records_once(cast: Any) -> None:
    assert demo_ae_records_ensure() is True
    statuses = sorted(AttendanceRecord.objects.values_list("status", flat=True))
    assert statuses == ["complete", "not-completed", "open"]
    complete = AttendanceRecord.objects.get(status="complete")
    assert complete.voice is not None and "football" in complete.voice.words
    assert demo_ae_records_ensure() is False
    assert AttendanceRecord.objects.count() == 3
