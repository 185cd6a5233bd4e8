"""Issue 9's chronology benchmark: a child with 2,000 events across agencies, read a page at a
time (issue 9 item 10), on whichever database DATABASE_URL names.

    DATABASE_URL=sqlite:////tmp/chronology.sqlite3 .venv/bin/python -m bench.chronology \
        [--events 2000] [--others 10000] [--samples 300]

It builds (once per database) the demo cast, one child with about ``--events`` events
(attendances at several settings, tasks given and closed, risk flags raised and ended, a
protection plan) and ``--others`` other children with 20 attendances each, so the tables are
not just this child's. Then it measures, in process: the selector (``chronology_for``, with its
audit event) for the newest page, a page in the middle and the oldest page; and the whole page
(``GET /children/<id>/chronology/`` through Django's test client, rendering included). Prints
p50 and p99 in milliseconds, and the same for a child with 20 events, to show the cost does
not grow with the history. Figures are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from seenheard.access.actor import actor_for  # noqa: E402
from seenheard.accounts.models import Organisation, User  # noqa: E402
from seenheard.children.models import CareRelationship, CareRelationshipKind, Child  # noqa: E402
from seenheard.chronology.selectors import Cursor, chronology_for  # noqa: E402
from seenheard.core import clock  # noqa: E402
from seenheard.demo.cast import demo_cast_ensure, demo_flags_ensure  # noqa: E402
from seenheard.encounters.models import Encounter  # noqa: E402
from seenheard.flags.models import RiskFlag  # noqa: E402
from seenheard.tasks.models import Task  # noqa: E402

VIEWER = "safeguarding.lead"  # the trust's lead: sees children known to any of its teams
BUSY = "9990000018"  # Amelia: on the looked-after children's caseload
QUIET = "9990000026"  # Jayden: on the health visitors' caseload, given 20 events


def _encounter(child_id: int, setting: Organisation, at: dt.datetime) -> Encounter:
    return Encounter(
        child_id=child_id,
        setting=setting,
        setting_type=setting.setting_type,
        unscheduled=True,
        started_at=at,
        registered_by_user_id=1,
        registered_by_name="Alex Reid",
        registered_by_role="unscheduled-care",
    )


def _history(child: Child, events: int, settings: list[Organisation], rnd: random.Random) -> None:
    """About ``events`` events over five years: 70% attendances, 25% tasks (most closed),
    the rest risk flags (raised and ended)."""
    now = clock.now()
    lac = Organisation.objects.get(code="RDEMO-LAC")

    def when() -> dt.datetime:
        return now - dt.timedelta(minutes=rnd.randrange(5 * 365 * 24 * 60))

    Encounter.objects.bulk_create(
        [_encounter(child.pk, rnd.choice(settings), when()) for _ in range(events * 70 // 100)],
        batch_size=2000,
    )
    tasks = []
    for _ in range(events * 25 // 200):
        given = when()
        closed = given + dt.timedelta(days=rnd.randrange(1, 20)) if rnd.random() < 0.9 else None
        tasks.append(
            Task(
                kind="professional",
                child=child,
                owner_org=lac,
                owner_role="lac-nurse",
                title="Please review the health plan",
                created_at=given,
                closed_at=closed,
                status="done" if closed else "open",
                outcome="Reviewed" if closed else "",
            )
        )
    Task.objects.bulk_create(tasks, batch_size=2000)
    flags = []
    for _ in range(events * 5 // 200):
        raised = when()
        flags.append(
            RiskFlag(
                child=child,
                flag_type="missing",
                owner_org=lac,
                owner_user_id=1,
                owner_name="Lola Adeyemi",
                raised_at=raised,
                review_on=(raised + dt.timedelta(days=30)).date(),
                ended_at=raised + dt.timedelta(days=3),
            )
        )
    RiskFlag.objects.bulk_create(flags)


def prepare(args: argparse.Namespace) -> None:
    call_command("migrate", verbosity=0)
    if Child.objects.filter(nhs_number=BUSY, tasks__isnull=False).exists():
        return
    demo_cast_ensure()
    demo_flags_ensure()
    rnd = random.Random(9)
    settings = list(Organisation.objects.filter(code__in=["RDEMO-ED", "RDEMO-MIU", "RDEMO-SH"]))
    busy = Child.objects.get(nhs_number=BUSY)
    quiet = Child.objects.get(nhs_number=QUIET)
    _history(busy, args.events, settings, rnd)
    _history(quiet, 20, settings, rnd)
    hv = Organisation.objects.get(code="RDEMO-HV")
    for start in range(0, args.others, 5000):
        made = Child.objects.bulk_create(
            [
                Child(
                    nhs_number=f"8{n:09d}",
                    given_name="Bench",
                    family_name=f"Child{n}",
                    family_name_key=f"child{n}",
                    date_of_birth=dt.date(2015, 1, 1),
                    sex="female",
                )
                for n in range(start, min(start + 5000, args.others))
            ]
        )
        CareRelationship.objects.bulk_create(
            [
                CareRelationship(
                    child=c, organisation=hv, kind=CareRelationshipKind.CASELOAD,
                    started_on=dt.date(2020, 1, 1),
                )
                for c in made
            ]
        )  # fmt: skip
        Encounter.objects.bulk_create(
            [
                _encounter(c.pk, rnd.choice(settings), clock.now() - dt.timedelta(days=d))
                for c in made
                for d in range(20)
            ],
            batch_size=5000,
        )


def _times(samples: int, run: Callable[[], object]) -> dict[str, float]:
    run()  # warm
    taken = []
    for _ in range(samples):
        start = time.perf_counter()
        run()
        taken.append((time.perf_counter() - start) * 1000)
    taken.sort()
    return {
        "p50_ms": round(statistics.median(taken), 2),
        "p99_ms": round(taken[min(len(taken) - 1, int(len(taken) * 0.99))], 2),
    }


def measure(args: argparse.Namespace) -> dict[str, object]:
    actor = actor_for(User.objects.get(username=VIEWER))
    client = Client()
    client.force_login(User.objects.get(username=VIEWER))
    figures: dict[str, object] = {"database": connection.vendor}
    for label, nhs in (("2,000 events", BUSY), ("20 events", QUIET)):
        child = Child.objects.get(nhs_number=nhs)
        total, cursors, before = 0, [], None
        while True:
            page = chronology_for(actor=actor, child_id=child.pk, before=before)
            assert page is not None
            total += len(page.events)
            if page.older is None:
                break
            cursors.append(page.older)
            before = page.older
        middle: Cursor | None = cursors[len(cursors) // 2] if cursors else None
        last: Cursor | None = cursors[-1] if cursors else None
        url = f"/children/{child.pk}/chronology/"

        def page_at(cursor: Cursor | None, child_id: int = child.pk) -> object:
            return chronology_for(actor=actor, child_id=child_id, before=cursor)

        figures[label] = {
            "events": total,
            "pages": len(cursors) + 1,
            "newest page": _times(args.samples, lambda: page_at(None)),
            "middle page": _times(args.samples, lambda m=middle: page_at(m)),
            "oldest page": _times(args.samples, lambda m=last: page_at(m)),
            "whole page over the test client": _times(args.samples, lambda u=url: client.get(u)),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--others", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    prepare(args)
    print(f"data ready in {time.perf_counter() - started:.1f} s", flush=True)
    print(json.dumps(measure(args), indent=2), flush=True)


if __name__ == "__main__":
    main()
