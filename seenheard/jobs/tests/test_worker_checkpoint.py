"""The worker anchors the audit chain's end on a schedule (R-FLAG-10, ADR 018): a signed
checkpoint every SEENHEARD_AUDIT_CHECKPOINT_MINUTES, whichever worker or run writes it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import time_machine
from django.core.management import call_command

from seenheard.audit.checkpoints import checkpoints_read
from seenheard.audit.models import AuditHead
from seenheard.audit.tests.tampering import drop_triggers, head_rewrite
from seenheard.children.selectors import child_get
from seenheard.core import clock
from seenheard.jobs.models import Job, JobStatus
from seenheard.jobs.services import job_enqueue, job_handler


@job_handler("test.after-refused-checkpoint")
def _noop(payload: dict[str, Any]) -> None:
    pass


def _worker() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("worker", "--once", "--id", "w1", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _checkpointed(settings) -> list[int]:
    return [
        c.seq
        for c in checkpoints_read(settings.AUDIT_CHECKPOINT_FILE, key=settings.AUDIT_CHECKPOINT_KEY)
    ]


def test_the_worker_writes_a_checkpoint_when_one_is_due(lac_nurse, amelia, settings):
    start = clock.now()
    with time_machine.travel(start, tick=False):
        child_get(actor=lac_nurse, child_id=amelia.pk)
        out, _ = _worker()
        assert "audit checkpoint written at event 1" in out
        assert _checkpointed(settings) == [1]
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        child_get(actor=lac_nurse, child_id=amelia.pk)
        _worker()
        assert _checkpointed(settings) == [1]  # not due for another minute
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        _worker()
        assert _checkpointed(settings) == [1, AuditHead.objects.get().seq]


def test_the_schedule_follows_the_setting(lac_nurse, amelia, settings):
    settings.AUDIT_CHECKPOINT_MINUTES = 60
    start = clock.now()
    with time_machine.travel(start, tick=False):
        child_get(actor=lac_nurse, child_id=amelia.pk)
        _worker()
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        child_get(actor=lac_nurse, child_id=amelia.pk)
        _worker()
        assert _checkpointed(settings) == [1]
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        _worker()
        assert _checkpointed(settings) == [1, 2]


def test_a_refused_checkpoint_is_reported_and_the_jobs_still_run(lac_nurse, amelia, settings):
    for _ in range(3):
        child_get(actor=lac_nurse, child_id=amelia.pk)
    _worker()
    drop_triggers()
    head_rewrite(seq=2)  # the head moved back behind the checkpoint at event 3
    job = job_enqueue(kind="test.after-refused-checkpoint", payload={})
    out, err = _worker()
    assert "audit checkpoint not written: The audit head is at event 2, behind" in err
    assert "ran 1 job(s)" in out
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert _checkpointed(settings) == [3]
