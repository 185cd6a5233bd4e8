"""``seenheard worker``: drains with --once, and stops cleanly between jobs on SIGTERM/SIGINT
(issue 2, item 7)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from seenheard.jobs.models import Job, JobStatus, Notification
from seenheard.jobs.services import job_enqueue, job_handler, notification_send

SEENHEARD = Path(sys.executable).with_name("seenheard")  # .venv/bin/seenheard

STOPPED_BY: list[int] = []


@job_handler("test.noop")
def _noop(payload: dict[str, Any]) -> None:
    pass


@job_handler("test.sigterm-mid-job")
def _sigterm_mid_job(payload: dict[str, Any]) -> None:
    # The deployment stops the worker while this job is running; the job must still finish.
    os.kill(os.getpid(), payload["signal"])
    STOPPED_BY.append(payload["signal"])


def _worker(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_once_drains_every_due_job_and_exits():
    for _ in range(3):
        job_enqueue(kind="test.noop", payload={})
    output = _worker("--once", "--id", "night-shift")
    assert "ran 3 job(s)" in output
    assert set(Job.objects.values_list("status", "claimed_by")) == {(JobStatus.DONE, "night-shift")}


@pytest.mark.django_db
def test_once_with_nothing_to_do_exits_at_once():
    assert "ran 0 job(s)" in _worker("--once")


@pytest.mark.django_db
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_lets_the_current_job_finish_and_takes_no_more(signum):
    before = signal.getsignal(signum)
    STOPPED_BY.clear()
    first = job_enqueue(kind="test.sigterm-mid-job", payload={"signal": int(signum)})
    second = job_enqueue(kind="test.noop", payload={})

    output = _worker("--once")

    assert [signum] == STOPPED_BY
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == JobStatus.DONE  # finished, not abandoned
    assert second.status == JobStatus.READY  # left for the next worker
    assert "asked to stop" in output
    assert signal.getsignal(signum) is before  # the worker put the old handler back


def test_interval_must_be_positive():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--interval"):
        _worker("--interval", "0")


def _database_url_for_subprocess() -> str:
    """The test database this test run created, so the subprocess sees the same rows."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _subprocess_env() -> dict[str, str]:
    return {**os.environ, "SEENHEARD_ENV": "test", "DATABASE_URL": _database_url_for_subprocess()}


@pytest.mark.django_db(transaction=True)
def test_the_console_script_delivers_the_outbox_and_exits_0():
    note = notification_send(
        recipient_user_id=None,
        recipient_email="sam.gordon@demo.example",
        topic="test",
        subject="Please review",
        body="Please review.",
    )
    result = subprocess.run(
        [str(SEENHEARD), "worker", "--once"],
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "ran 1 job(s)" in result.stdout
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_exits_0_on_sigterm():
    proc = subprocess.Popen(
        [str(SEENHEARD), "worker", "--interval", "30", "--id", "idle"],
        env=_subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert "started" in proc.stdout.readline()  # it is now in its loop
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "asked to stop" in out
