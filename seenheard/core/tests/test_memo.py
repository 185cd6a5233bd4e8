"""Reference data remembered per process (core.memo): forgotten after its time, or at once
when a service changes it."""

from __future__ import annotations

import pytest

from seenheard.core import memo


def test_a_value_is_remembered_until_its_time_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("seenheard.core.memo.time.monotonic", lambda: now[0])
    cache: memo.TtlCache[int] = memo.TtlCache("test", seconds=30)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get_or_set("k", compute) == 1
    now[0] += 29
    assert cache.get_or_set("k", compute) == 1
    now[0] += 2
    assert cache.get_or_set("k", compute) == 2
    memo.caches_clear()
    assert cache.get_or_set("k", compute) == 3


@pytest.mark.django_db
def test_a_protocol_change_applies_at_once_in_this_process(cast: dict) -> None:
    from seenheard.accounts.models import Organisation
    from seenheard.protocols.selectors import protocol_value
    from seenheard.protocols.services import protocol_value_set

    area = Organisation.objects.get(code="RDEMO-ED")
    before = protocol_value("attendance.frequent_threshold", area=area)
    protocol_value_set(
        key="attendance.frequent_threshold",
        value=before + 5,
        area=area,
        changed_by="test",
        reason="a test of the protocol cache",
    )
    assert protocol_value("attendance.frequent_threshold", area=area) == before + 5
