"""The worker's half of escalation (R-REF-7): the job queued for the day after a task is due."""

from __future__ import annotations

from typing import Any

from seenheard.jobs.services import job_handler
from seenheard.tasks.escalation import JOB_KIND, task_escalate


@job_handler(JOB_KIND)
def _escalate(payload: dict[str, Any]) -> None:
    task_escalate(task_id=int(payload["task_id"]))
