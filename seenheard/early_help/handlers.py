"""The worker's half of early help (R-REF-6): the check the day after each review date."""

from __future__ import annotations

from typing import Any

from seenheard.early_help.services import CHECK_JOB, early_help_missed_review_check
from seenheard.jobs.services import job_handler


@job_handler(CHECK_JOB)
def _check(payload: dict[str, Any]) -> None:
    early_help_missed_review_check(early_help_id=int(payload["early_help_id"]))
