"""Where one registration's time goes, in process: ``POST /fhir/R4/Encounter/$register``
through Django's test client (the whole request: middleware, bearer token, registration,
response), against a benchmark database built by bench/national.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seenheard_bench_10000 \\
        .venv/bin/python -m bench.profile_registration [--requests 300] [--profile]

Prints the mean and p50 milliseconds a request, the CPU a request in this process (Python) and,
on PostgreSQL on the same machine, in the database's server process, the SQL statements a
request, and with ``--profile`` the functions taking the most time (cProfile, cumulative).
Children are drawn afresh each run (``--seed`` repeats a draw): children registered run after
run build up histories a typical child does not have. Figures only: this is not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
os.environ.setdefault("SEENHEARD_ENV", "production")
os.environ.setdefault("SEENHEARD_SSL_REDIRECT", "false")
os.environ.setdefault("SEENHEARD_SECRET_KEY", "bench-only-" + "k3y-not-secret-" * 4)
os.environ.setdefault("SEENHEARD_AUDIT_CHECKPOINT_KEY", "bench-only-checkpoint-" + "k3y-" * 4)
os.environ.setdefault("SEENHEARD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SEENHEARD_BASE_URL", "https://localhost")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.national import ENCOUNTER_BODY  # noqa: E402
from bench.phases import BENCH_USER, _children  # noqa: E402
from seenheard.accounts.services import api_token_create  # noqa: E402


def _server_pid() -> int | None:
    """This connection's PostgreSQL server process, when its /proc entry is on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu_seconds(pid: int) -> float:
    """Seconds of CPU the process has used so far (user and system, from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--seed", type=int, default=None, help="repeat an earlier draw")
    args = parser.parse_args()
    rows = _children()
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    numbers = [rows[rng.randrange(len(rows))][1] for _ in range(args.requests + 20)]
    token = api_token_create(username=BENCH_USER, label="profile")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def register(nhs: str) -> None:
        response = client.post(
            "/fhir/R4/Encounter/$register",
            ENCOUNTER_BODY.replace("NHSNUMBER", nhs),
            content_type="application/fhir+json",
            HTTP_HOST="127.0.0.1",
        )
        assert response.status_code == 201, response.content[:500]

    for nhs in numbers[:20]:  # warm up: imports, connections, caches
        register(nhs)
    with CaptureQueriesContext(connection) as queries:
        register(numbers[20])
    statements = list(queries.captured_queries)  # a copy: reset_queries() empties the log
    timings = []
    pid = _server_pid()
    python_started = time.process_time()
    server_started = _cpu_seconds(pid) if pid is not None else 0.0
    profiler = cProfile.Profile() if args.profile else None
    for nhs in numbers[21:]:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        register(nhs)
        if profiler:
            profiler.disable()
        timings.append((time.perf_counter() - started) * 1000)
        reset_queries()
    python_cpu = time.process_time() - python_started
    # None without a local PostgreSQL, or when the connection was replaced during the run (it
    # is kept 60 s): the figure would then count only part of the run.
    server_used = (
        _cpu_seconds(pid) - server_started if pid is not None and _server_pid() == pid else None
    )
    print(
        json.dumps(
            {
                "requests": len(timings),
                "mean_ms": round(statistics.fmean(timings), 2),
                "p50_ms": round(statistics.median(timings), 2),
                "python_cpu_ms": round(python_cpu * 1000 / len(timings), 2),
                "database_cpu_ms": (
                    round(server_used * 1000 / len(timings), 2) if server_used is not None else None
                ),
                "statements_per_request": len(statements),
            }
        )
    )
    for query in statements:
        print(f"  SQL {float(query['time']) * 1000:7.2f} ms  {query['sql'][:150]}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
