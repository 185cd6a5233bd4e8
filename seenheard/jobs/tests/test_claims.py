"""Jobs are claimed so that two workers never run the same one, and a killed worker loses
nothing (issue 2, item 7; ADR 004)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.db import connection

from seenheard.core import clock
from seenheard.jobs.models import Job, JobStatus
from seenheard.jobs.services import (
    LEASE,
    job_claim,
    job_enqueue,
    job_handler,
    job_run,
    jobs_run_due,
)

RUNS: list[tuple[int, str]] = []
_RUNS_LOCK = threading.Lock()


@job_handler("test.record")
def _record(payload: dict[str, Any]) -> None:
    with _RUNS_LOCK:
        RUNS.append((payload["n"], payload.get("by", "")))


@job_handler("test.fail")
def _fail(payload: dict[str, Any]) -> None:
    raise RuntimeError("the council's mail server refused the message")


@pytest.fixture(autouse=True)
def _clear_runs():
    RUNS.clear()
    yield
    RUNS.clear()


def _runs_of(n: int) -> int:
    return sum(1 for ran, _ in RUNS if ran == n)


@pytest.mark.django_db
def test_a_claimed_job_cannot_be_claimed_by_a_second_worker():
    job = job_enqueue(kind="test.record", payload={"n": 1})
    first = job_claim(worker_id="worker-a")
    second = job_claim(worker_id="worker-b")
    assert first is not None and first.pk == job.pk
    assert first.claimed_by == "worker-a"
    assert second is None


@pytest.mark.django_db
def test_two_workers_share_a_queue_without_overlap():
    for n in range(4):
        job_enqueue(kind="test.record", payload={"n": n})
    a = job_claim(worker_id="worker-a")
    b = job_claim(worker_id="worker-b")
    assert a is not None and b is not None
    assert a.pk != b.pk


@pytest.mark.django_db
def test_a_job_not_yet_due_is_not_claimed():
    job_enqueue(kind="test.record", payload={"n": 1}, run_after=clock.now() + dt.timedelta(hours=1))
    assert job_claim(worker_id="worker-a") is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_run_every_job_exactly_once():
    """Real threads, each with its own database connection, racing for the same rows."""
    jobs = 40
    for n in range(jobs):
        job_enqueue(kind="test.record", payload={"n": n})
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(name: str) -> None:
        try:
            start.wait()
            jobs_run_due(worker_id=name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert sorted(n for n, _ in RUNS) == list(range(jobs))
    assert Job.objects.filter(status=JobStatus.DONE).count() == jobs


@pytest.mark.django_db
def test_a_killed_worker_loses_nothing():
    """Worker A claims a job and dies before finishing it. After the lease, worker B claims
    it and runs it exactly once."""
    job = job_enqueue(kind="test.record", payload={"n": 7})
    claimed = job_claim(worker_id="worker-a")
    assert claimed is not None  # ... and worker A is killed here, never calling job_run
    assert job_claim(worker_id="worker-b") is None  # still leased to A

    with time_machine.travel(clock.now() + LEASE + dt.timedelta(seconds=1), tick=False):
        assert jobs_run_due(worker_id="worker-b") == 1
        assert jobs_run_due(worker_id="worker-b") == 0

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.claimed_by == "worker-b"
    assert job.attempts == 2  # the lost attempt is counted, so a poison job still gives up
    assert _runs_of(7) == 1


@pytest.mark.django_db
def test_a_job_still_within_its_lease_is_left_alone():
    job_enqueue(kind="test.record", payload={"n": 1})
    assert job_claim(worker_id="worker-a") is not None
    with time_machine.travel(clock.now() + LEASE - dt.timedelta(seconds=5), tick=False):
        assert job_claim(worker_id="worker-b") is None


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_growing_back_off_then_given_up():
    job = job_enqueue(kind="test.fail", payload={}, max_attempts=3)
    delays: list[dt.timedelta] = []
    now = clock.now()
    for attempt in range(1, 4):
        with time_machine.travel(now, tick=False):
            assert jobs_run_due(worker_id="worker-a") == 1
            assert jobs_run_due(worker_id="worker-a") == 0  # not retried at once
            job.refresh_from_db()
            assert job.attempts == attempt
            assert "mail server refused" in job.last_error
            if attempt < 3:
                assert job.status == JobStatus.READY
                delays.append(job.run_after - now)
                now = job.run_after + dt.timedelta(seconds=1)
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None
    assert delays[0] >= dt.timedelta(seconds=30)
    assert delays[1] > delays[0]
    with time_machine.travel(now + dt.timedelta(days=30), tick=False):
        assert job_claim(worker_id="worker-a") is None  # gave up for good


@pytest.mark.django_db
def test_a_job_with_no_handler_fails_with_a_clear_error():
    job = job_enqueue(kind="test.nobody-handles-this", payload={}, max_attempts=1)
    claimed = job_claim(worker_id="worker-a")
    assert claimed is not None
    assert job_run(job=claimed) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "no handler is registered" in job.last_error


@pytest.mark.django_db
def test_a_failed_handler_leaves_no_half_written_work():
    from seenheard.jobs.models import Notification

    @job_handler("test.half-written")
    def _half(payload: dict[str, Any]) -> None:
        Notification.objects.create(
            topic="test", subject="half", body="", created_at=clock.now(), recipient_user_id=None
        )
        raise RuntimeError("crashed half way")

    job_enqueue(kind="test.half-written", payload={}, max_attempts=1)
    jobs_run_due(worker_id="worker-a")
    assert not Notification.objects.filter(subject="half").exists()


@job_handler("test.write")
def _write(payload: dict[str, Any]) -> None:
    from seenheard.jobs.models import Notification

    Notification.objects.create(
        topic="test", subject=payload["subject"], body="", created_at=clock.now()
    )


@pytest.mark.django_db
def test_a_worker_that_overran_its_lease_does_not_also_complete_the_job():
    """Worker A stalls past its lease; worker B claims the job. When A wakes and finishes, its
    writes are rolled back and the job is left to B, so the work happens exactly once."""
    from seenheard.jobs.models import Notification

    job = job_enqueue(kind="test.write", payload={"subject": "once"})
    stalled = job_claim(worker_id="worker-a")
    assert stalled is not None
    with time_machine.travel(clock.now() + LEASE + dt.timedelta(seconds=1), tick=False):
        taken_over = job_claim(worker_id="worker-b")
        assert taken_over is not None

        assert job_run(job=stalled) is False  # A wakes up late
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.claimed_by == "worker-b"
        assert not Notification.objects.filter(subject="once").exists()

        assert job_run(job=taken_over) is True
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Notification.objects.filter(subject="once").count() == 1
