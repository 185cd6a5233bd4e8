"""Issue 10's benchmark: recording a "was not brought" with its rules, and building a week's
safeguarding-meeting agenda, as the history grows.

    .venv/bin/python -m bench.wnb [--database-url URL] [--children 50000]
        [--histories 10000,2000000] [--samples 300]

For the database named (default: a new SQLite file in a temporary directory; PostgreSQL as
``postgres://postgres@127.0.0.1:5432/bench_wnb``, an empty database made with ``createdb``) it
builds the demo cast and ``--children`` children on the caseload of the trust's health visiting
and school nursing team, then for each history size (past appointments, spread over two years)
measures in process. The history is shaped like a real one: the trust's children have about two
appointments a year each (at most 4 a child over the two years); the rest of the history is
another organisation's appointments of other children (4 each). One child in seven is in a
family that often does not bring them (28% of their appointments), the rest are not brought 3%
of the time: about 7% in all, and a week's agenda holds the children who keep being missed.

(a) recording a "was not brought" (``appointment_outcome_record``: the outcome, the triage task
    with its suggested risk, the clinic's messages, the audit event, in one transaction), p50
    and p99 over ``--samples`` children, each with an appointment booked an hour before;
(b) building the trust's agenda for this week's meeting (``agenda_build``; it covers last
    week), median of five.

Figures are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
    os.environ.setdefault("SEENHEARD_ENV", "test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _nhs_numbers(count: int, start: int) -> list[str]:
    """Checksum-valid numbers in the synthetic 999 range, from ``start`` on."""
    found: list[str] = []
    n = start
    while len(found) < count:
        body = f"999{n:06d}"
        n += 1
        total = sum(int(d) * (10 - i) for i, d in enumerate(body))
        check = 11 - total % 11
        if check == 10:
            continue
        found.append(body + str(0 if check == 11 else check))
    return found


def _children(count: int) -> list[int]:
    from seenheard.accounts.models import Organisation
    from seenheard.children.models import CareRelationship, CareRelationshipKind, Child
    from seenheard.core.bulk import adapt_date, adapt_datetime, copy_rows

    orgs = {o.code: o.pk for o in Organisation.objects.all()}
    numbers = _nhs_numbers(count, start=100000)
    now = adapt_datetime(dt.datetime.now(dt.UTC))
    rng = random.Random(10)
    rows = [
        (
            nhs,
            f"Child{i}",
            f"Bench{i % 997}",
            f"bench{i % 997}",
            adapt_date(dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(365 * 15))),
            "unknown",
            "",
            orgs["YDEMO1"],
            orgs["E09000019"],
            now,
            now,
        )
        for i, nhs in enumerate(numbers)
    ]
    columns = (
        "nhs_number",
        "given_name",
        "family_name",
        "family_name_key",
        "date_of_birth",
        "sex",
        "postcode",
        "gp_practice_id",
        "responsible_la_id",
        "created_at",
        "updated_at",
    )
    ids = copy_rows(Child, columns, rows, returning=True)
    copy_rows(
        CareRelationship,
        ("child_id", "organisation_id", "kind", "started_on"),
        [
            (i, orgs["RDEMO-HV"], CareRelationshipKind.CASELOAD, adapt_date(dt.date(2024, 1, 8)))
            for i in ids
        ],
    )
    return ids


# Outcomes as they fall in a real caseload: most families bring their children; a few miss
# appointment after appointment. One child in seven is in a family that often does not bring
# them (28% not brought); the rest are not brought 3% of the time: about 7% in all.
OUTCOMES_USUAL = [
    ("attended", 91),
    ("was-not-brought", 3),
    ("family-cancelled", 3),
    ("service-cancelled", 3),
]
OUTCOMES_OFTEN_MISSED = [
    ("attended", 62),
    ("was-not-brought", 28),
    ("family-cancelled", 7),
    ("service-cancelled", 3),
]
#: A child on the trust's caseload has about two appointments a year (contacts, reviews,
#: immunisations): the trust's share of the history is at most 4 per child over two years;
#: the rest of the history is other organisations' appointments of other children.
TRUST_PER_CHILD = 4
OTHERS_PER_CHILD = 4


def _other_children(count: int) -> list[int]:
    """Children of other organisations (the surgery's patients, not on the trust's caseload)."""
    from seenheard.accounts.models import Organisation
    from seenheard.children.models import Child
    from seenheard.core.bulk import adapt_date, adapt_datetime, copy_rows

    practice = Organisation.objects.get(code="YDEMO1").pk
    now = adapt_datetime(dt.datetime.now(dt.UTC))
    rows = [
        (
            nhs,
            f"Other{i}",
            f"Bench{i % 997}",
            f"bench{i % 997}",
            adapt_date(dt.date(2010, 1, 1) + dt.timedelta(days=i % (365 * 15))),
            "unknown",
            "",
            practice,
            now,
            now,
        )
        for i, nhs in enumerate(_nhs_numbers(count, start=200000))
    ]
    columns = (
        "nhs_number",
        "given_name",
        "family_name",
        "family_name_key",
        "date_of_birth",
        "sex",
        "postcode",
        "gp_practice_id",
        "created_at",
        "updated_at",
    )
    return copy_rows(Child, columns, rows, returning=True)


def _appointments(
    child_ids: list[int], count: int, *, org: int, often: set[int], seed: int
) -> None:
    from seenheard.appointments.models import Appointment
    from seenheard.core.bulk import adapt_datetime, copy_rows

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    usual = [o for o, weight in OUTCOMES_USUAL for _ in range(weight)]
    missed = [o for o, weight in OUTCOMES_OFTEN_MISSED for _ in range(weight)]
    services = ["health-visiting", "school-nursing", "immunisation"]
    columns = (
        "child_id",
        "organisation_id",
        "service",
        "starts_at",
        "booked_at",
        "booked_by",
        "booked_by_role",
        "outcome",
        "outcome_at",
        "outcome_by",
        "cancel_reason",
    )
    batch = 100_000
    for first in range(0, count, batch):
        rows = []
        for _ in range(min(batch, count - first)):
            child = rng.choice(child_ids)
            at = now - dt.timedelta(minutes=rng.randrange(60 * 24 * 730) + 120)
            outcome = rng.choice(missed if child in often else usual)
            rows.append(
                (
                    child,
                    org,
                    rng.choice(services),
                    adapt_datetime(at),
                    adapt_datetime(at - dt.timedelta(days=14)),
                    "Bench (Health visitor)",
                    "community-nurse",
                    outcome,
                    adapt_datetime(at),
                    "Bench (Health visitor)",
                    "Moved" if "cancelled" in outcome else "",
                )
            )
        copy_rows(Appointment, columns, rows)


def _history(child_ids: list[int], size: int, have: int) -> None:
    """Top the history up from ``have`` to ``size`` past appointments: the trust's share first
    (up to TRUST_PER_CHILD a child), the rest other organisations' of other children."""
    from seenheard.accounts.models import Organisation
    from seenheard.children.models import Child

    often = set(random.Random(7).sample(child_ids, len(child_ids) // 7))
    trust_max = TRUST_PER_CHILD * len(child_ids)
    trust_have, trust_want = min(have, trust_max), min(size, trust_max)
    hv = Organisation.objects.get(code="RDEMO-HV").pk
    _appointments(child_ids, trust_want - trust_have, org=hv, often=often, seed=size)
    others_want = size - trust_want
    others_have = have - trust_have
    if others_want > others_have:
        existing = list(
            Child.objects.filter(
                family_name__startswith="Bench", given_name__startswith="Other"
            ).values_list("pk", flat=True)
        )  # scope-exempt: benchmark set-up
        needed = max(1, others_want // OTHERS_PER_CHILD) - len(existing)
        others = existing + (_other_children(needed) if needed > 0 else [])
        surgery = Organisation.objects.get(code="YDEMO1").pk
        _appointments(others, others_want - others_have, org=surgery, often=set(), seed=-size)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _record_wnbs(child_ids: list[int], samples: int, *, seed: int) -> tuple[float, float]:
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.appointments.services import appointment_book, appointment_outcome_record
    from seenheard.children.models import Child

    hv = actor_for(User.objects.get(username="hv.nurse"))
    rng = random.Random(seed)
    chosen = rng.sample(child_ids, samples)
    numbers = dict(
        Child.objects.filter(pk__in=chosen).values_list("pk", "nhs_number")
    )  # scope-exempt: benchmark set-up
    timings = []
    for child_id in chosen:
        made = appointment_book(
            actor=hv,
            nhs_number=numbers[child_id],
            service="health-visiting",
            starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        )
        start = time.perf_counter()
        appointment_outcome_record(actor=hv, appointment_id=made.pk, outcome="was-not-brought")
        timings.append((time.perf_counter() - start) * 1000)
    return _percentile(timings, 50), _percentile(timings, 99)


def _agenda_ms() -> tuple[float, int]:
    from django.utils import timezone

    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.appointments.meetings import agenda_build
    from seenheard.appointments.rules import iso_week_of

    lead = actor_for(User.objects.get(username="safeguarding.lead"))
    # This week's meeting: it discusses last week, which the recordings above (today) do not
    # touch, so the agenda is the synthetic history's alone.
    week = iso_week_of(timezone.localdate())
    timings, size = [], 0
    for _ in range(5):
        start = time.perf_counter()
        size = len(agenda_build(actor=lead, week=week).items)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--histories", default="10000,2000000")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-wnb-')}/bench.sqlite3"
    _setup(url)
    from django.db import connection

    from seenheard.appointments.models import Appointment
    from seenheard.children.models import CareRelationship
    from seenheard.demo.cast import demo_cast_ensure

    demo_cast_ensure()
    started = time.perf_counter()
    # A database an earlier run built is reused (and topped up): run again to measure again.
    child_ids = list(
        CareRelationship.objects.filter(
            organisation__code="RDEMO-HV", child__given_name__startswith="Child"
        ).values_list("child_id", flat=True)
    )
    if len(child_ids) < args.children:
        child_ids = _children(args.children)
    print(
        f"{connection.vendor}: {len(child_ids):,} children in {time.perf_counter() - started:.0f} s"
    )
    have = Appointment.objects.filter(booked_by="Bench (Health visitor)").count()
    for size in (int(s) for s in args.histories.split(",")):
        if size < have:
            print(f"  {size:,} past appointments: skipped, the database holds {have:,}")
            continue
        started = time.perf_counter()
        _history(child_ids, size, have)
        have = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        print(f"  {size:,} past appointments (built in {time.perf_counter() - started:.0f} s)")
        p50, p99 = _record_wnbs(child_ids, args.samples, seed=size)
        print(
            f"    record a 'was not brought': p50 {p50:.1f} ms, p99 {p99:.1f} ms "
            f"({args.samples} samples)"
        )
        agenda_ms, items = _agenda_ms()
        print(
            f"    build this week's agenda for the trust: {agenda_ms:.0f} ms "
            f"({items} children on it)"
        )


if __name__ == "__main__":
    main()
