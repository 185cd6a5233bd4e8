"""Issue 9's task benchmark (R-REF-7): a team's worklist with 100,000 open tasks.

    .venv/bin/python bench/task_worklist.py [--open 100000] [--others 100000] [--runs 200]
        [--database-url sqlite:////tmp/tasks-bench.sqlite3 | postgres://postgres@127.0.0.1:5432/tasks_bench]

Builds a fresh database (migrated, the demo cast, 1,000 children on the health visitors'
caseload), gives the health visitors' team ``--open`` open tasks and other teams ``--others``
(half of them closed), then measures and prints p50 and p99 in milliseconds over ``--runs``
requests of:

(a) the whole worklist page, GET /tasks/ as the health visitor (first page, 25 tasks, with the
    counts of the three lists), through Django's test client (no network);
(b) the last page of that list (?page=N);
(c) the escalation sweep when nothing is due (``tasks_escalate_overdue``);
(d) the same page (a) with 1,000 open tasks instead, to show the cost is flat as the list grows.

Figures are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
    os.environ.setdefault("SEENHEARD_ENV", "development")
    import django

    django.setup()


def _fresh_database(database_url: str) -> None:
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        _recreate_postgres(database_url)
    call_command("migrate", verbosity=0)


def _recreate_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _populate(open_tasks: int, others: int) -> None:
    from seenheard.accounts.models import Organisation, Role
    from seenheard.children.models import CareRelationship, CareRelationshipKind, Child, Sex
    from seenheard.core import clock
    from seenheard.demo.cast import demo_cast_ensure
    from seenheard.tasks.models import Task, TaskStatus

    orgs = demo_cast_ensure()
    hv = orgs["RDEMO-HV"]
    children = Child.objects.bulk_create(
        Child(
            nhs_number=f"8{i:09d}",
            given_name="Bench",
            family_name=f"Child {i}",
            date_of_birth=dt.date(2020, 1, 1),
            sex=Sex.FEMALE,
            postcode="N1 9AA",
            gp_practice=orgs["YDEMO1"],
            responsible_la=orgs["E09000019"],
        )
        for i in range(1000)
    )
    CareRelationship.objects.bulk_create(
        CareRelationship(
            child=c,
            organisation=hv,
            kind=CareRelationshipKind.CASELOAD,
            started_on=dt.date(2024, 1, 1),
        )
        for c in children
    )
    now = clock.now()
    today = clock.today()
    other_orgs = list(Organisation.objects.exclude(pk=hv.pk))

    def batch(n: int, *, team: bool) -> None:
        rows = []
        for i in range(n):
            org = hv if team else other_orgs[i % len(other_orgs)]
            closed = not team and i % 2 == 0
            rows.append(
                Task(
                    kind="professional",
                    child=children[i % len(children)],
                    owner_org=org,
                    owner_role=Role.COMMUNITY_NURSE if team else Role.GP,
                    title=f"Please follow up {i}",
                    detail="Benchmark task.",
                    requirement="R-REF-7",
                    due_on=today + dt.timedelta(days=1 + i % 300),
                    created_at=now,
                    created_by="gp",
                    status=TaskStatus.DONE if closed else TaskStatus.OPEN,
                    outcome="Done." if closed else "",
                )
            )
            if len(rows) == 5000:
                Task.objects.bulk_create(rows)
                rows = []
        Task.objects.bulk_create(rows)

    batch(open_tasks, team=True)
    batch(others, team=False)


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    for _ in range(3):
        fn()  # warm the caches and the connection
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99


def _client() -> object:
    from django.test import Client

    from seenheard.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="hv.nurse"))
    return client


def _measure(runs: int, label: str, open_tasks: int) -> list[tuple[str, float, float]]:
    from seenheard.tasks.escalation import tasks_escalate_overdue

    client = _client()
    last = (open_tasks + 24) // 25

    def first_page() -> None:
        response = client.get("/tasks/")  # type: ignore[attr-defined]
        assert response.status_code == 200, response.status_code

    def last_page() -> None:
        response = client.get(f"/tasks/?list=team&page={last}")  # type: ignore[attr-defined]
        assert response.status_code == 200, response.status_code

    return [
        (f"{label}: worklist, first page", *_time(first_page, runs)),
        (f"{label}: worklist, last page ({last:,})", *_time(last_page, runs)),
        (f"{label}: escalation sweep, nothing due", *_time(tasks_escalate_overdue, runs)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--open", type=int, default=100_000, dest="open_tasks")
    parser.add_argument("--others", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default="sqlite:////tmp/seenheard-tasks-bench.sqlite3")
    args = parser.parse_args()
    _setup(args.database_url)
    from seenheard.tasks.models import Task

    results = []
    for n in (1000, args.open_tasks):
        _fresh_database(args.database_url)
        started = time.perf_counter()
        _populate(n, args.others)
        print(f"built {Task.objects.count():,} tasks in {time.perf_counter() - started:.1f} s")
        results += _measure(args.runs, f"{n:,} open tasks for the team", n)
    engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"\n{engine}, {args.others:,} other tasks, {args.runs} runs each")
    print("| what | p50 ms | p99 ms |\n|---|---|---|")
    for what, p50, p99 in results:
        print(f"| {what} | {p50:.1f} | {p99:.1f} |")


if __name__ == "__main__":
    main()
