"""Where one registration's time goes, in process: ``POST /fhir/R4/Encounter`` through Django's
test client (the whole request: middleware, bearer token, registration, response), against a
benchmark database built by bench/national.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seenheard_bench_10000 \\
        .venv/bin/python -m bench.profile_registration [--requests 300] [--profile]

Prints the mean and p50 milliseconds a request, the SQL statements a request, and with
``--profile`` the functions taking the most time (cProfile, cumulative). Figures only: this is
not a test.
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

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
os.environ.setdefault("SEENHEARD_ENV", "production")
os.environ.setdefault("SEENHEARD_SSL_REDIRECT", "false")
os.environ.setdefault("SEENHEARD_SECRET_KEY", "bench-only-" + "k3y-not-secret-" * 4)
os.environ.setdefault("SEENHEARD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.national import ENCOUNTER_BODY  # noqa: E402
from bench.phases import BENCH_USER, _children  # noqa: E402
from seenheard.accounts.services import api_token_create  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    rows = _children()
    rng = random.Random(7)
    numbers = [rows[rng.randrange(len(rows))][1] for _ in range(args.requests + 20)]
    token = api_token_create(username=BENCH_USER, label="profile")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def register(nhs: str) -> None:
        response = client.post(
            "/fhir/R4/Encounter",
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
    print(
        json.dumps(
            {
                "requests": len(timings),
                "mean_ms": round(statistics.fmean(timings), 2),
                "p50_ms": round(statistics.median(timings), 2),
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
