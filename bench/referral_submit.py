"""Benchmark for issue 9: submitting a referral over HTTP (R-REF-1), p50 and p99.

    .venv/bin/python -m bench.referral_submit [--children 10000] [--requests 200]
        [--database sqlite|postgresql] [--workers 2] [--database-url URL]

Builds (or reuses) a synthetic population (``seenheard seed``), gives a GP at the practice with
the most registered children an API token, starts the production server (gunicorn, as
bench/national.py does) and sends ``POST /fhir/R4/ServiceRequest`` with a complete referral
about one of the practice's children at a time, one request after another. Each request does
the whole of sending: the checks of every part, the child's voice, the referral, its audit
events and the escalation job. Prints the figures; asserts nothing (this is not a test).
Compare --children 10000 with 1000000: the cost should not grow with the data.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.national import PY, ROOT, database_url, env_for, start_server

BENCH_GP = "bench.gp"
NHS = "https://fhir.nhs.uk/Id/nhs-number"
EXT = "https://seenheard.example/fhir/StructureDefinition/"


def referral_body(nhs_number: str, council_code: str) -> bytes:
    return json.dumps(
        {
            "resourceType": "ServiceRequest",
            "status": "active",
            "intent": "order",
            "subject": {"identifier": {"system": NHS, "value": nhs_number}},
            "category": [{"coding": [{"code": "childrens-social-care"}]}],
            "performer": [{"identifier": {"value": council_code}}],
            "reasonCode": [{"text": "Bruising seen at a routine appointment."}],
            "extension": [
                {
                    "url": EXT + "referral-risk",
                    "extension": [
                        {"url": "what", "valueString": "Finger-tip bruises on both arms."},
                        {"url": "likelihood", "valueCode": "happening"},
                        {"url": "severity", "valueCode": "serious"},
                    ],
                },
                {"url": EXT + "referral-working-well", "valueString": "Good attendance."},
                {"url": EXT + "referral-expectation", "valueString": "A strategy discussion."},
                {"url": EXT + "referral-threshold-level", "valueCode": "child-protection"},
                {
                    "url": EXT + "referral-wider-picture",
                    "extension": [
                        {"url": "family", "valueString": "Mum, Dad."},
                        {"url": "home", "valueString": "Flat."},
                        {"url": "school", "valueString": "Year 7."},
                        {"url": "agencies", "valueString": "None."},
                    ],
                },
                {
                    "url": EXT + "referral-consent",
                    "extension": [
                        {"url": "basis", "valueCode": "not-sought"},
                        {"url": "lawful-basis", "valueString": "To protect the child."},
                    ],
                },
                {
                    "url": EXT + "child-voice",
                    "extension": [
                        {"url": "words", "valueString": "I don't want to go home."},
                        {"url": "method", "valueCode": "seen-alone"},
                    ],
                },
            ],
        }
    ).encode()


def prepare(children: int) -> None:
    """In the benchmark's database: migrate, seed, and the GP with a token and their children.
    Prints one JSON line: the token, the council's code and the pool of NHS numbers."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from seenheard.accounts.models import Membership, Organisation, OrgKind, Role, User
    from seenheard.accounts.services import api_token_create
    from seenheard.children.models import Child
    from seenheard.demo.seed import seed_run

    call_command("migrate", verbosity=0)
    if Child.objects.count() < children:  # scope-exempt: a database built earlier is reused
        seed_run(children=children)
    busiest = (
        Child.objects.exclude(gp_practice=None)  # scope-exempt: benchmark set-up
        .values("gp_practice_id", "responsible_la_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "the seeder made no registered children"
    practice = Organisation.objects.get(pk=busiest["gp_practice_id"])
    council = Organisation.objects.get(
        pk=busiest["responsible_la_id"], kind=OrgKind.LOCAL_AUTHORITY
    )
    user, _ = User.objects.get_or_create(username=BENCH_GP, defaults={"first_name": "Bench"})
    Membership.objects.get_or_create(user=user, organisation=practice, role=Role.GP)
    pool = list(
        Child.objects.filter(  # scope-exempt: benchmark set-up
            gp_practice=practice, responsible_la=council
        ).values_list("nhs_number", flat=True)[:2000]
    )
    token = api_token_create(username=BENCH_GP, label="bench")
    print(json.dumps({"token": token, "council": council.code, "pool": pool}))


def measure(port: int, setup: dict[str, Any], requests: int) -> dict[str, Any]:
    rng = random.Random(9)
    times: list[float] = []
    failures = 0
    for _ in range(requests):
        body = referral_body(rng.choice(setup["pool"]), setup["council"])
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/fhir/R4/ServiceRequest",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {setup['token']}",
                "Content-Type": "application/fhir+json",
            },
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own http://127.0.0.1 server)
                response.read()
                failures += response.status != 201
        except urllib.error.HTTPError as exc:
            failures += 1
            if failures == 1:
                print(f"    first failure: {exc.code} {exc.read()[:300]!r}", flush=True)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "requests": requests,
        "failures": failures,
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default="",
        help="a database built already (bench/issue9.py build): used as it is, not seeded",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.children)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="seenheard-bench-referrals-"))
    url = args.database_url or database_url(
        args.database, f"seenheard_bench_referrals_{args.children}", data_dir
    )
    env = env_for(url, data_dir)
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    print(f"{database}, {args.children:,} children: preparing", flush=True)
    done = subprocess.run(
        [PY, "-m", "bench.referral_submit", "--prepare", "--children", str(args.children)],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    setup = json.loads(done.stdout.strip().splitlines()[-1])
    server, port = start_server(env, args.workers)
    try:
        measure(port, setup, min(20, args.requests))  # warm the workers
        figures = measure(port, setup, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures.update(database=database, children=args.children, workers=args.workers)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
