"""``seenheard worker``: run due jobs and deliver the outbox, until told to stop (ADR 004).

Several workers may run at once, on one machine or many: each claims a job with a conditional
UPDATE, so no two run the same job, and a job whose worker died is claimed again once its lease
runs out. SIGTERM or SIGINT lets the current job finish, then the worker exits with status 0, so
a deployment can restart workers without losing or repeating work.

The worker also anchors the audit chain's end outside the database (ADR 018): on starting and
then every SEENHEARD_AUDIT_CHECKPOINT_MINUTES it appends a signed checkpoint, unless another
worker (or run) wrote one within that time or nothing was audited since.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.module_loading import autodiscover_modules

from seenheard.access.traces import traces_remove_ended
from seenheard.audit.services import CheckpointRefused, audit_checkpoint_write
from seenheard.jobs.services import jobs_run_due

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[:64]


class Command(BaseCommand):
    help = (
        "Run due background jobs and deliver notifications (e-mail and in-app). "
        "Sleeps when there is nothing to do; SIGTERM/SIGINT finish the current job, then exit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job that is due now, then exit (for cron or a one-off drain).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            metavar="SECONDS",
            help="How long to sleep when no job is due (default 5).",
        )
        parser.add_argument(
            "--id",
            dest="worker_id",
            default="",
            metavar="NAME",
            help="This worker's name in the jobs table (default: host name and process id).",
        )

    def handle(self, *args: Any, once: bool, interval: float, worker_id: str, **_: Any) -> None:
        if interval <= 0:
            raise CommandError("--interval must be a number of seconds greater than 0.")
        worker_id = (worker_id or default_worker_id())[:64]
        # Handlers register themselves with @job_handler in each app's services module.
        autodiscover_modules("services", "handlers")
        stop = threading.Event()
        previous = self._install_stop_handlers(stop)
        ran = 0
        every = dt.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
        next_checkpoint = time.monotonic()
        try:
            self.stdout.write(f"worker {worker_id}: started")
            self.stdout.flush()  # a supervisor reading our output sees we are up
            while not stop.is_set():
                if time.monotonic() >= next_checkpoint:
                    self._checkpoint(worker_id, every)
                    traces_remove_ended()  # ended traces open nothing (ADR 019)
                    next_checkpoint = time.monotonic() + every.total_seconds()
                # One job at a time, so a stop request is honoured between jobs, never mid-job.
                done = jobs_run_due(worker_id=worker_id, limit=1)
                ran += done
                if done:
                    continue
                if once:
                    break
                close_old_connections()  # do not hold a database connection while idle
                stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        reason = "asked to stop" if stop.is_set() else "nothing left to do"
        self.stdout.write(f"worker {worker_id}: ran {ran} job(s); stopping ({reason})")

    def _checkpoint(self, worker_id: str, every: dt.timedelta) -> None:
        """Write the audit checkpoint if it is due; a refusal is reported, never fatal: the
        worker's jobs still run, and ``audit verify`` says what is wrong."""
        try:
            outcome = audit_checkpoint_write(not_within=every)
        except (CheckpointRefused, OSError) as exc:
            log.error("audit checkpoint not written: %s", exc)
            self.stderr.write(f"worker {worker_id}: audit checkpoint not written: {exc}")
            return
        if outcome.result == "written" and outcome.checkpoint is not None:
            self.stdout.write(
                f"worker {worker_id}: audit checkpoint written at event {outcome.checkpoint.seq}"
            )

    @staticmethod
    def _install_stop_handlers(stop: threading.Event) -> dict[int, Any]:
        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous: dict[int, Any] = {}
        if threading.current_thread() is not threading.main_thread():
            return previous  # signals can only be handled in the main thread
        for signum in _STOP_SIGNALS:
            previous[signum] = signal.getsignal(signum)
            signal.signal(signum, request_stop)
        return previous
