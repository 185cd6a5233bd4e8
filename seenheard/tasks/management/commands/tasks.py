"""``seenheard tasks escalate [--limit N]``: escalate every overdue task that is due for it
(R-REF-7), for cron or after the worker was stopped. The worker does the same, task by task, on
the day after each is due; running both escalates a task once per interval.

Prints one line per task escalated (its id, the level, who was told) and a count. Exit status
0; 2 for a bad argument.
"""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from seenheard.tasks.escalation import tasks_escalate_overdue


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ArgumentTypeError(f"--limit must be a whole number of 1 or more, not {text!r}")
    return int(text)


class Command(BaseCommand):
    help = "Tasks between professionals: escalate the overdue ones to the owners' managers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser(
            "escalate", help="Escalate every overdue task that is due for it, now."
        )
        escalate.add_argument(
            "--limit", type=_positive, default=None, help="At most this many tasks this run."
        )

    def handle(self, *args: Any, action: str, limit: int | None = None, **_: Any) -> None:
        done = tasks_escalate_overdue(limit=limit)
        for each in done:
            told = each.told or "nobody manages the owners; they were not told again"
            self.stdout.write(f"task {each.task_id}: escalation {each.level}, told {told}")
        self.stdout.write(f"{len(done)} task(s) escalated.")
