"""Issue 9's benchmark at national scale on PostgreSQL: the pages of referrals, tasks and
conferences with 1,000,000 children and 2,000,000 referrals, tasks and conference records in
all, against the same pages with 10,000 children (the cost of a page should not grow).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_seenheard \
        .venv/bin/python -m bench.issue9 build --children 1000000
    DATABASE_URL=... .venv/bin/python -m bench.issue9 measure [--samples 200]

``build`` seeds the synthetic population (``seenheard seed``), then writes in SQL
(``generate_series``, PostgreSQL only), for N children, 2N records in all:

- N referrals from every GP practice and trust setting to the child's council, over two years,
  nine in ten decided (with the decision); the demo area's surgery (YDEMO1), the largest
  service, sends 150 a month whatever N, so the audit sample reads the same month's 150
  referrals among N;
- 0.8N tasks for every organisation's teams, most closed, of which N/10 open for the health
  visitors' team (100,000 at N = 1,000,000; 1,000 at 10,000);
- 0.1N child protection conferences and 0.1N invitations;
- and (through bench/chronology.py) one child with about 2,000 events across agencies.

``measure`` prints, in process: the chronology of the child with 2,000 events (newest, middle
and oldest page, and the whole page), the team's worklist (first and last page), and the
monthly audit sample of the largest service (``referral_audit_allocate``, rolled back after
each run). Submitting a referral over HTTP is ``bench/referral_submit.py --database-url``.
Figures are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from seenheard.access.actor import actor_for  # noqa: E402
from seenheard.accounts.models import Membership, User  # noqa: E402
from seenheard.children.models import Child  # noqa: E402
from seenheard.core import clock  # noqa: E402
from seenheard.demo.seed import seed_run  # noqa: E402

LARGEST_SERVICE = "YDEMO1"
A_MONTH = 150  # the largest service's referrals a month, whatever the population

# One statement per kind of record. %(n)s and friends are filled from the scale; the pools
# (children, practices, councils, organisations) are temporary tables numbered from 1.
POOLS = """
DROP TABLE IF EXISTS b_child, b_ref_org, b_owner_org;
CREATE TEMP TABLE b_child AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, coalesce(responsible_la_id, %(la)s) AS la
    FROM children_child;
CREATE UNIQUE INDEX ON b_child (n);
CREATE TEMP TABLE b_ref_org AS
    SELECT row_number() OVER (ORDER BY id) AS n, id FROM accounts_organisation
    WHERE (kind = 'gp-practice' OR setting_type IN
        ('emergency-department', 'health-visiting', 'school-nursing', 'paediatrics'))
        AND code <> %(largest)s;
CREATE TEMP TABLE b_owner_org AS
    SELECT row_number() OVER (ORDER BY id) AS n, id FROM accounts_organisation
    WHERE id <> %(hv)s;
CREATE UNIQUE INDEX ON b_ref_org (n);
CREATE UNIQUE INDEX ON b_owner_org (n);
ANALYZE b_child; ANALYZE b_ref_org; ANALYZE b_owner_org;
"""

REFERRALS = """
INSERT INTO referrals_referral (child_id, service, receiving_org_id, status, referrer_id,
    referrer_org_id, referrer_name, referrer_role, referrer_email, reason, risk_what,
    risk_likelihood, risk_severity, working_well, expectation, threshold_level, threshold_name,
    wider_family, wider_home, wider_school, wider_agencies, consent, lawful_basis, draft_voice,
    created_at, saved_at, sent_at, decision_due_at)
SELECT c.id, 'childrens-social-care', c.la,
    CASE WHEN s.sent > now() - interval '2 days' THEN 'sent' ELSE 'decided' END,
    %(gp)s, s.org, 'Bench Referrer', 'GP', '', 'Bruising seen at a routine appointment.',
    'Finger-tip bruises.', 'happening', 'serious', 'Good attendance.', 'A strategy discussion.',
    'child-protection', 'Child protection', 'Mum, Dad.', 'Flat.', 'Year 7.', 'None.',
    'not-sought', 'To protect the child.', '{}', s.sent - interval '1 hour', s.sent, s.sent,
    s.sent + interval '1 day'
FROM (
    SELECT g,
        CASE WHEN g <= %(largest_total)s THEN %(largest_id)s
             ELSE (SELECT id FROM b_ref_org WHERE n = 1 + (g * 7919) %% %(n_ref_org)s) END AS org,
        CASE WHEN g <= %(largest_total)s
             THEN date_trunc('month', now()) - make_interval(months => (g %% 24)::int)
                  + make_interval(secs => (g * 104729) %% (27 * 86400))
             ELSE now() - make_interval(secs => (g * 15485863::bigint) %% (730 * 86400)) END
            AS sent
    FROM generate_series(1::bigint, %(referrals)s) AS g
) s
JOIN b_child c ON c.n = 1 + (s.g * 2654435761::bigint) %% %(n_child)s;
"""

DECISIONS = """
INSERT INTO referrals_referraldecision (referral_id, outcome, reasons, redirected_to,
    decided_by_id, decided_by_name, decided_by_role, decided_at)
SELECT id, 'assessment', 'Bench decision.', '', %(gp)s, 'Bench Decider', 'Social worker',
    sent_at + interval '20 hours'
FROM referrals_referral WHERE status = 'decided' AND referrer_name = 'Bench Referrer'
    AND NOT EXISTS (SELECT 1 FROM referrals_referraldecision d WHERE d.referral_id = id);
"""

TASKS = """
INSERT INTO tasks_task (kind, child_id, owner_org_id, owner_role, owner_user_id, title, detail,
    status, requirement, due_on, created_at, created_by, closed_at, closed_by, outcome,
    escalation_level)
SELECT 'professional', c.id,
    CASE WHEN g <= %(team_open)s THEN %(hv)s
         ELSE (SELECT id FROM b_owner_org WHERE n = 1 + (g * 7919) %% %(n_owner_org)s) END,
    CASE WHEN g <= %(team_open)s THEN 'community-nurse' ELSE 'gp' END, NULL,
    'Please follow up ' || g, 'Benchmark task.',
    CASE WHEN g <= %(team_open)s OR g %% 5 = 0 THEN 'open' ELSE 'done' END, 'R-REF-7',
    current_date + (1 + g %% 300)::int, now() - make_interval(secs => g %% (365 * 86400)), 'gp',
    CASE WHEN g <= %(team_open)s OR g %% 5 = 0 THEN NULL ELSE now() END,
    CASE WHEN g <= %(team_open)s OR g %% 5 = 0 THEN '' ELSE 'gp' END,
    CASE WHEN g <= %(team_open)s OR g %% 5 = 0 THEN '' ELSE 'Done.' END, 0
FROM generate_series(1::bigint, %(tasks)s) AS g
JOIN b_child c ON c.n = 1 + (g * 2246822519::bigint) %% %(n_child)s;
"""

CONFERENCES = """
INSERT INTO conferences_conference (child_id, kind, starts_at, due_by, outside_timescale_reason,
    location, remote_joining, remote_details, status, organiser_org_id, organiser_user_id,
    organiser_name, organiser_email, created_at)
SELECT c.id, CASE WHEN g %% 3 = 0 THEN 'review' ELSE 'initial' END, s.at, (s.at)::date, '',
    'Civic Centre', 'video', '', CASE WHEN s.at < now() THEN 'held' ELSE 'scheduled' END,
    c.la, 1, 'Bench Chair', '', s.at - interval '10 days'
FROM (SELECT g, now() - make_interval(secs => (g * 15485863::bigint) %% (700 * 86400))
             + interval '30 days' AS at
      FROM generate_series(1::bigint, %(conferences)s) AS g) s
JOIN b_child c ON c.n = 1 + (s.g * 3266489917::bigint) %% %(n_child)s;
INSERT INTO conferences_conferenceinvitation (conference_id, child_id, invitee_user_id,
    invitee_name, invitee_role, invitee_org_id, invitee_email, is_gp, sent_at, notice_days,
    outside_surgery_hours, response, attendance)
SELECT id, child_id, %(gp)s, 'Bench GP', 'gp', %(largest_id)s, '', true,
    created_at, 10, false, 'report', 'not-recorded'
FROM conferences_conference WHERE organiser_name = 'Bench Chair';
"""


def _sql(statements: str, params: dict[str, object]) -> None:
    with connection.cursor() as cursor:  # the benchmark's own bulk SQL, PostgreSQL only
        for statement in statements.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)


def _one(query: str, params: tuple[object, ...] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def build(args: argparse.Namespace) -> None:
    assert connection.vendor == "postgresql", "the bulk build is written for PostgreSQL"
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Child.objects.count() < args.children:  # scope-exempt: benchmark set-up
        seed_run(children=args.children, seed=1)
    children = Child.objects.count()  # scope-exempt: benchmark set-up
    print(f"children: {children:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    _busy_child()
    if _one("SELECT count(*) FROM referrals_referral WHERE referrer_name = 'Bench Referrer'"):
        print("records already built")
        return
    orgs = dict(
        _rows(
            "SELECT code, id FROM accounts_organisation"
            " WHERE code IN ('YDEMO1', 'RDEMO-HV', 'E09000019')"
        )
    )
    n = args.children
    params: dict[str, object] = {
        "la": orgs["E09000019"],
        "largest": LARGEST_SERVICE,
        "largest_id": orgs[LARGEST_SERVICE],
        "largest_total": A_MONTH * 24,
        "hv": orgs["RDEMO-HV"],
        "gp": User.objects.get(username="gp").pk,
        "referrals": n,
        "tasks": n * 8 // 10,
        "team_open": n // 10,
        "conferences": n // 10,
    }
    _sql(POOLS, params)
    params.update(
        n_child=_one("SELECT count(*) FROM b_child"),
        n_ref_org=_one("SELECT count(*) FROM b_ref_org"),
        n_owner_org=_one("SELECT count(*) FROM b_owner_org"),
    )
    for name, statements in (
        ("referrals", REFERRALS),
        ("decisions", DECISIONS),
        ("tasks", TASKS),
        ("conferences", CONFERENCES),
    ):
        step = time.perf_counter()
        with transaction.atomic():
            _sql(statements, params)
        print(f"{name}: {time.perf_counter() - step:.0f} s", flush=True)
    _sql("ANALYZE", {})
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def _busy_child() -> None:
    """The child with about 2,000 events and the one with 20 (bench/chronology.py's)."""
    import random

    from bench import chronology
    from seenheard.accounts.models import Organisation
    from seenheard.encounters.models import Encounter

    busy = Child.objects.get(nhs_number=chronology.BUSY)  # scope-exempt: benchmark set-up
    if Encounter.objects.filter(child=busy).count() >= 1000:
        return
    rnd = random.Random(9)
    settings = list(Organisation.objects.filter(code__in=["RDEMO-ED", "RDEMO-MIU", "RDEMO-SH"]))
    quiet = Child.objects.get(nhs_number=chronology.QUIET)  # scope-exempt: benchmark set-up
    with transaction.atomic():
        chronology._history(busy, 2000, settings, rnd)
        chronology._history(quiet, 20, settings, rnd)


def _rows(query: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return list(cursor.fetchall())


def _times(samples: int, run: Callable[[], object]) -> dict[str, float]:
    run()
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


class _Rollback(Exception):
    pass


def _audit_sample(samples: int) -> dict[str, object]:
    from seenheard.referrals.quality import referral_audit_allocate

    lead = actor_for(User.objects.get(username="designated.nurse"))
    auditor = Membership.objects.get(user__username="designated.nurse")
    month = (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    made: list[int] = []

    def allocate() -> None:
        try:
            with transaction.atomic():
                made[:] = [
                    a.pk
                    for a in referral_audit_allocate(
                        actor=lead, month=month, auditor_membership_id=auditor.pk
                    )
                ]
                raise _Rollback
        except _Rollback:
            pass

    figures: dict[str, object] = _times(samples, allocate)
    figures["allocated"] = len(made)
    figures["month"] = f"{month:%Y-%m}"
    return figures


def measure(args: argparse.Namespace) -> None:
    from bench import chronology, task_worklist

    figures: dict[str, object] = {
        "children": Child.objects.count(),  # scope-exempt: benchmark figures
        "referrals": _one("SELECT count(*) FROM referrals_referral"),
        "tasks": _one("SELECT count(*) FROM tasks_task"),
        "conferences": _one("SELECT count(*) FROM conferences_conference"),
        "invitations": _one("SELECT count(*) FROM conferences_conferenceinvitation"),
    }
    team_open = _one(
        "SELECT count(*) FROM tasks_task t JOIN accounts_organisation o ON o.id = t.owner_org_id"
        " WHERE o.code = 'RDEMO-HV' AND t.owner_role = 'community-nurse' AND t.status = 'open'"
    )
    figures["team open tasks"] = team_open
    print(json.dumps(figures), flush=True)
    chrono = chronology.measure(argparse.Namespace(samples=args.samples))
    print(json.dumps({"chronology": chrono}), flush=True)
    worklist = task_worklist._measure(args.samples, f"{team_open:,} open tasks", team_open)
    print(json.dumps({"worklist": worklist}), flush=True)
    print(json.dumps({"audit sample": _audit_sample(max(20, args.samples // 4))}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["build", "measure"])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    build(args) if args.phase == "build" else measure(args)


if __name__ == "__main__":
    main()
