"""Issue 11's benchmark: the looked-after children's health tracker for 100,000 children in care.

    .venv/bin/python bench/lac_tracker.py [--in-care 100000] [--others 20000]
        [--databases sqlite,postgresql]

Builds (or reuses) a database with ``--in-care`` children looked after by one council
(Islington, the demo cast's council A) and ``--others`` more spread over every other council,
each with their periods of care, health assessments, plans and reviews planned as
``seenheard seed`` plans them (``seenheard.demo.lac``). Then, each in a fresh process so that
the peak memory is the run's own, it writes the tracker CSV (``seenheard lac tracker``) for the
one council and for all councils, and prints seconds and peak resident memory. Figures are
printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.national import database_url, env_for, warm  # noqa: E402

COUNCIL_A = "E09000019"


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
    django.setup()


def build(in_care: int, others: int) -> dict[str, Any]:
    """Children, and their records in care, in batches of 5,000 (skipped when already built)."""
    _django()
    import datetime as dt

    from django.core.management import call_command
    from django.db import transaction

    from seenheard.accounts.models import Organisation, OrgKind
    from seenheard.children.models import Child
    from seenheard.core import clock
    from seenheard.core.bulk import adapt_date, adapt_datetime, insert_rows
    from seenheard.demo.cast import demo_cast_ensure
    from seenheard.demo.lac import council_teams_ensure, plan_child, write_planned
    from seenheard.demo.seed_orgs import organisations_ensure
    from seenheard.demo.synthetic import child_nhs_number
    from seenheard.lac_health.models import LacChild

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    demo_cast_ensure()
    organisations_ensure(seed=1)
    teams = council_teams_ensure()
    las = list(
        Organisation.objects.filter(kind=OrgKind.LOCAL_AUTHORITY)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    a_id = Organisation.objects.get(code=COUNCIL_A).pk
    others_ids = [pk for pk in las if pk != a_id]
    total = in_care + others
    have = LacChild.objects.count()
    today = clock.today()
    now = clock.now()
    for first in range(have, total, 5000):
        last = min(first + 5000, total)
        la_of_index = {
            i: a_id if i < in_care else others_ids[i % len(others_ids)] for i in range(first, last)
        }
        rows = []
        for i in range(first, last):
            born = today - dt.timedelta(days=400 + (i * 7919) % (17 * 365 - 400))
            rows.append(
                (
                    child_nhs_number(i),
                    "Child",
                    f"Bench{i}",
                    f"bench{i}",
                    adapt_date(born),
                    "female" if i % 2 else "male",
                    "",
                    None,
                    la_of_index[i],
                    None,
                    adapt_datetime(now),
                    adapt_datetime(now),
                )
            )
        with transaction.atomic():
            ids = insert_rows(
                Child,
                (
                    "nhs_number",
                    "given_name",
                    "family_name",
                    "family_name_key",
                    "date_of_birth",
                    "sex",
                    "postcode",
                    "gp_practice_id",
                    "responsible_la_id",
                    "household_id",
                    "created_at",
                    "updated_at",
                ),
                rows,
                returning=True,
            )
            planned = [
                plan_child(
                    seed=1,
                    child_id=cid,
                    nhs_number=row[0],
                    dob=dt.date.fromisoformat(str(row[4])[:10]),
                    sex=row[5],
                    today=today,
                )
                for cid, row in zip(ids, rows, strict=True)
            ]
            la_of = {cid: la_of_index[i] for i, cid in zip(range(first, last), ids, strict=True)}
            write_planned(planned, la_of=la_of, team_of=teams, now=now)
        print(f"  built {last:,} of {total:,} children in care", flush=True)
    return {"children_in_care": total, "build_seconds": round(time.monotonic() - started, 1)}


def measure(which: str) -> dict[str, Any]:
    """One tracker run, as the command runs it; this process's peak memory."""
    _django()
    import resource

    from django.core.management import call_command

    out = Path(tempfile.mkdtemp()) / "tracker.csv"
    args = ["lac", "tracker", "--out", str(out)]
    if which == "one":
        args += ["--la", COUNCIL_A]
    started = time.monotonic()
    cpu = time.process_time()
    call_command(*args, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.monotonic() - started
    cpu = time.process_time() - cpu
    rows = sum(1 for _ in out.open()) - 1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "tracker": which,
        "rows": rows,
        "seconds": round(seconds, 2),
        # On a shared machine the wall clock is mostly waiting for a core; the CPU time is the
        # command's own work (the database's included: SQLite runs in the process).
        "cpu_seconds": round(cpu, 2),
        "peak_mib": round(peak_mib),
    }


def _child(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    figures = json.loads(lines[-1])
    print(f"    {figures}", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--in-care", type=int, default=100_000)
    parser.add_argument("--others", type=int, default=20_000)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--phase", choices=("build", "one", "all"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "build":
        print(json.dumps(build(args.in_care, args.others)))
        return
    if args.phase:
        print(json.dumps(measure(args.phase)))
        return
    for database in args.databases.split(","):
        name = f"bench_lac_{args.in_care}"
        data_dir = ROOT / "var" / "bench"
        data_dir.mkdir(parents=True, exist_ok=True)
        url = (
            database_url(database, name, data_dir)
            if database == "postgresql"
            else f"sqlite:///{data_dir / name}.sqlite3"
        )
        env = env_for(url, data_dir)
        print(
            f"{database}: {args.in_care:,} children in care in {COUNCIL_A}, "
            f"{args.others:,} elsewhere",
            flush=True,
        )
        _child(
            env, "--phase", "build", "--in-care", str(args.in_care), "--others", str(args.others)
        )
        # The planner's statistics after the bulk load, as an administrator runs ANALYZE:
        # without them PostgreSQL planned the one council's tracker for a table of 38 rows
        # and took 596 s instead of 4.
        warm(url)
        for which in ("one", "all"):
            _child(env, "--phase", which)


if __name__ == "__main__":
    main()
