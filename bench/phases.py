"""Benchmark phases that run inside Django (one process each, started by bench/national.py).

    DATABASE_URL=... python -m bench.phases prepare --children N [--ended N --attendances N]
    DATABASE_URL=... python -m bench.phases upload --records 150000
    DATABASE_URL=... python -m bench.phases lookup --samples 2000
    DATABASE_URL=... python -m bench.phases pool --size 20000 --out FILE

Each phase prints one JSON line of figures on its last line. Data are synthetic and
deterministic (seeded); nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from seenheard.access.actor import actor_for, system_actor  # noqa: E402
from seenheard.accounts.models import Organisation, Role, SettingType, User  # noqa: E402
from seenheard.accounts.services import api_token_create, user_add  # noqa: E402
from seenheard.children.models import Child  # noqa: E402
from seenheard.core import clock  # noqa: E402
from seenheard.core.bulk import adapt_date, adapt_datetime, insert_rows  # noqa: E402
from seenheard.demo.seed import seed_run  # noqa: E402
from seenheard.encounters.models import Encounter  # noqa: E402
from seenheard.flags.models import PlanType, ProtectionFlag  # noqa: E402
from seenheard.flags.selectors import flag_lookup  # noqa: E402
from seenheard.flags.upload.apply import flag_upload_apply  # noqa: E402
from seenheard.flags.upload.parse import HEADER  # noqa: E402

BENCH_USER = "bench.ae"
UPLOAD_COUNCIL = "E08000025"  # Birmingham: the full file of open flags is uploaded as its list


def emit(figures: dict[str, Any]) -> None:
    print(json.dumps(figures), flush=True)


def _children() -> list[tuple[int, str, dt.date, int | None]]:
    # scope-exempt: building synthetic benchmark data, nobody is looking at a child
    rows = Child.objects.order_by("pk").values_list(
        "pk", "nhs_number", "date_of_birth", "responsible_la_id"
    )
    return list(rows)


def prepare(args: argparse.Namespace) -> None:
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    report = seed_run(children=args.children, seed=1)
    seeded = time.monotonic() - started
    if not User.objects.filter(username=BENCH_USER).exists():
        user_add(
            username=BENCH_USER,
            org_code="RDEMO-ED",
            role=Role.UNSCHEDULED_CARE,
            given_name="Bench",
            family_name="Receptionist",
        )
    children = _children()
    rng = random.Random(7)
    now = clock.now()
    today = clock.today()
    added_ended = added_attendances = 0
    with transaction.atomic():
        if not ProtectionFlag.objects.filter(source="bench").exists():
            rows = []
            for i in range(min(args.ended, len(children) // 10)):
                pk, nhs, dob, la = children[i * 10 + 3]
                start = today - dt.timedelta(days=rng.randint(400, 2000))
                end = today - dt.timedelta(days=rng.randint(1, 399))
                rows.append(
                    (
                        la,
                        PlanType.CPP.value,
                        nhs,
                        pk,
                        adapt_date(dob),
                        adapt_date(start),
                        adapt_date(end),
                        False,
                        "bench",
                        adapt_datetime(now),
                        adapt_datetime(now),
                    )
                )
            insert_rows(
                ProtectionFlag,
                (
                    "la_id",
                    "plan_type",
                    "nhs_number",
                    "child_id",
                    "date_of_birth",
                    "start_date",
                    "end_date",
                    "entered_in_error",
                    "source",
                    "created_at",
                    "updated_at",
                ),
                rows,
            )
            added_ended = len(rows)
    settings = list(
        Organisation.objects.filter(
            setting_type__in=[
                SettingType.EMERGENCY_DEPARTMENT,
                SettingType.MINOR_INJURY_UNIT,
                SettingType.URGENT_TREATMENT,
            ]
        ).values_list("pk", "setting_type")
    )
    have = Encounter.objects.count()
    batch = 50_000
    for first in range(have, args.attendances, batch):
        with transaction.atomic():
            rows = []
            for _ in range(first, min(first + batch, args.attendances)):
                child = children[rng.randrange(len(children))]
                setting_pk, setting_type = settings[rng.randrange(len(settings))]
                at = now - dt.timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
                rows.append(
                    (
                        child[0],
                        setting_pk,
                        setting_type,
                        True,
                        adapt_datetime(at),
                        "finished",
                        0,
                        "Synthetic history",
                        Role.UNSCHEDULED_CARE.value,
                        "[]",
                        adapt_datetime(at),
                        "",
                    )
                )
            insert_rows(
                Encounter,
                (
                    "child_id",
                    "setting_id",
                    "setting_type",
                    "unscheduled",
                    "started_at",
                    "status",
                    "registered_by_user_id",
                    "registered_by_name",
                    "registered_by_role",
                    "flag_reasons",
                    "created_at",
                    "request_key",
                ),
                rows,
            )
            added_attendances += len(rows)
    emit(
        {
            "phase": "prepare",
            "children": len(children),
            "children_added": report.children_added,
            "seed_seconds": round(seeded, 1),
            "ended_flags_added": added_ended,
            "attendances_added": added_attendances,
            "seconds": round(time.monotonic() - started, 1),
        }
    )


def upload(args: argparse.Namespace) -> None:
    """(c) A council's full file of open flags: records per second, sent twice under the next
    two sequence numbers. The first is a first upload (150,000 new flags) only on a dataset no
    earlier run has uploaded to; ``first_flags_written`` says which it was."""
    children = _children()
    step = max(1, len(children) // args.records)
    lines = [",".join(HEADER)]
    today = clock.today()
    for i in range(min(args.records, len(children))):
        _, nhs, dob, _ = children[(i * step) % len(children)]
        plan = "CPP" if i % 5 < 3 else "LAC"
        start = today - dt.timedelta(days=30 + i % 700)
        lines.append(f"{nhs},{dob.isoformat()},{plan},{start.isoformat()},,")
    content = ("\n".join(lines) + "\n").encode()
    council = Organisation.objects.get(code=UPLOAD_COUNCIL)
    actor = system_actor(council, channel="cli")
    from seenheard.flags.models import FlagUpload

    last = (
        FlagUpload.objects.filter(la=council)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    )
    figures: dict[str, Any] = {
        "phase": "upload",
        "records": len(lines) - 1,
        "megabytes": round(len(content) / 1_048_576, 1),
    }
    for label, sequence in (("first", last + 1), ("unchanged", last + 2)):
        started = time.perf_counter()
        result = flag_upload_apply(
            actor=actor,
            la_code=UPLOAD_COUNCIL,
            sequence=sequence,
            full=True,
            content=content,
            filename="bench.csv",
        )
        seconds = time.perf_counter() - started
        figures[f"{label}_seconds"] = round(seconds, 2)
        figures[f"{label}_records_per_second"] = round((len(lines) - 1) / seconds)
        figures[f"{label}_status"] = result.upload.status
        figures[f"{label}_rejected"] = result.upload.rejected
        # A "first" upload only creates flags on a fresh dataset: say what this run wrote.
        figures[f"{label}_flags_written"] = ProtectionFlag.objects.filter(
            upload=result.upload
        ).count()
    emit(figures)


def lookup(args: argparse.Namespace) -> None:
    """(d) In-process flag look-up (access check, flags, audit event) for random children."""
    actor = actor_for(User.objects.get(username=BENCH_USER), channel="api")
    ids = [row[0] for row in _children()]
    rng = random.Random(11)
    sample = [ids[rng.randrange(len(ids))] for _ in range(args.samples)]
    for child_id in sample[:50]:  # warm caches and connections
        flag_lookup(actor=actor, child_id=child_id, purpose="bench")
    timings = []
    for child_id in sample:
        started = time.perf_counter()
        banner = flag_lookup(actor=actor, child_id=child_id, purpose="bench")
        timings.append((time.perf_counter() - started) * 1000)
        assert banner is not None
    timings.sort()
    emit(
        {
            "phase": "lookup",
            "children": len(ids),
            "samples": len(timings),
            "p50_ms": round(statistics.median(timings), 2),
            "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
            "mean_ms": round(statistics.fmean(timings), 2),
        }
    )


def pool(args: argparse.Namespace) -> None:
    """NHS numbers for the HTTP load (random children, about 1 in 6 with an open flag), and a
    bearer token for the benchmark receptionist."""
    rows = _children()
    # A new draw each run: the same children registered run after run would build up a long
    # history (and frequent-attendance reviews) that a typical child does not have.
    rng = random.Random(args.seed if args.seed is not None else time.time_ns())
    picked = [rows[rng.randrange(len(rows))][1] for _ in range(args.size)]
    with open(args.out, "w") as out:
        out.write("\n".join(picked) + "\n")
    emit(
        {
            "phase": "pool",
            "size": len(picked),
            "token": api_token_create(username=BENCH_USER, label="bench"),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="phase", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--children", type=int, required=True)
    p.add_argument("--ended", type=int, default=100_000)
    p.add_argument("--attendances", type=int, default=2_000_000)
    p = sub.add_parser("upload")
    p.add_argument("--records", type=int, default=150_000)
    p = sub.add_parser("lookup")
    p.add_argument("--samples", type=int, default=2000)
    p = sub.add_parser("pool")
    p.add_argument("--size", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=None, help="default: a new draw each run")
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"prepare": prepare, "upload": upload, "lookup": lookup, "pool": pool}[args.phase](args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
