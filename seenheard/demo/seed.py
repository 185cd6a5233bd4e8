"""``seenheard seed``: a synthetic population of any size, the same every time for one seed.

The population is an endless, fixed sequence of children: child *i* always has the same NHS
number, and for a given seed the same name, family, household, council, GP practice and care
relationships. ``--children N`` makes the first N of them exist: a second run adds nothing, a
larger N tops up. Children come in blocks of 1,000 planned from their own random stream, so
topping up never disturbs the children already there.

Written for a million children: the plan is ``demo.population`` (pure), the rows go in through
``demo.population_rows`` (a few queries per block, never a query per child), one transaction per
few blocks (an interrupted run loses at most the current group and the next run carries on).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.core import clock
from seenheard.demo.ae_records import demo_ae_records_ensure
from seenheard.demo.appointments import demo_appointments_ensure
from seenheard.demo.casework import demo_casework_ensure
from seenheard.demo.cast import demo_cast_ensure, demo_cast_flags_ensure
from seenheard.demo.outcomes import demo_outcomes_ensure
from seenheard.demo.population import plan_block
from seenheard.demo.population_rows import write_block
from seenheard.demo.sdq import demo_sdqs_ensure
from seenheard.demo.seed_orgs import SUPPLIER_CODE, organisations_ensure
from seenheard.demo.synthetic import BLOCK, MAX_CHILDREN

BLOCKS_PER_TRANSACTION = 10


class SeedError(ValueError):
    """A plain-English reason the seeder cannot run."""


@dataclass
class SeedReport:
    children_wanted: int
    children_added: int = 0
    households_added: int = 0
    adults_added: int = 0
    organisations_added: int = 0
    staff_added: int = 0
    seconds: float = 0.0
    blocks: int = 0
    notes: list[str] = field(default_factory=list)


Progress = Callable[[int, int, SeedReport], None]


def seed_run(*, children: int, seed: int = 1, progress: Progress | None = None) -> SeedReport:
    """Make the first ``children`` synthetic children exist (and everything around them).

    Each capability's demo data is one ``..._ensure()`` line below, made by a module of its own
    (``seenheard/demo/<name>.py`` or the app's): every one adds only what is missing.
    """
    if children < 0:
        raise SeedError("The number of children cannot be negative.")
    if children > MAX_CHILDREN:
        raise SeedError(f"The seeder can make at most {MAX_CHILDREN:,} children.")
    started = time.monotonic()
    report = SeedReport(children_wanted=children)
    demo_cast_ensure()
    demo_cast_flags_ensure()
    demo_sdqs_ensure()
    demo_appointments_ensure()  # issue 10: the cast's appointments and "was not brought"
    demo_ae_records_ensure()  # R-REF-4: the cast's A&E records
    report.organisations_added, report.staff_added = organisations_ensure(seed=seed)
    demo_casework_ensure()
    today = clock.today()
    _population_ensure(report, seed=seed, today=today, progress=progress)
    # Issue 11: periods of care, health assessments and plans (seenheard.demo.lac).
    from seenheard.demo.lac import seed_looked_after

    with transaction.atomic():
        looked_after = seed_looked_after(seed=seed, today=today, now=clock.now())
    if looked_after:
        report.notes.append(f"{looked_after:,} children with periods of care added.")
    demo_outcomes_ensure(seed=seed)  # issue 11 item 6: council A's outcome measures and values
    _population_audit(report, seed=seed)
    report.seconds = time.monotonic() - started
    return report


def _population_ensure(
    report: SeedReport, *, seed: int, today: dt.date, progress: Progress | None
) -> None:
    """The first ``report.children_wanted`` children of the endless sequence, block by block."""
    children = report.children_wanted
    orgs = dict(Organisation.objects.values_list("code", "pk"))
    blocks = (children + BLOCK - 1) // BLOCK
    report.blocks = blocks
    for first in range(0, blocks, BLOCKS_PER_TRANSACTION):
        with transaction.atomic():
            for block in range(first, min(first + BLOCKS_PER_TRANSACTION, blocks)):
                families = plan_block(seed=seed, block=block, today=today)
                written = write_block(families, wanted=children, orgs=orgs)
                report.households_added += written.households
                report.adults_added += written.adults
                report.children_added += written.children
        if progress is not None:
            progress(min((first + BLOCKS_PER_TRANSACTION) * BLOCK, children), children, report)


def _population_audit(report: SeedReport, *, seed: int) -> None:
    """One audit event for a run that added anyone (none for a run that added nothing)."""
    if not (report.children_added or report.organisations_added or report.staff_added):
        return
    with transaction.atomic():
        audit_record(
            actor=system_actor(Organisation.objects.get(code=SUPPLIER_CODE), channel="cli"),
            action=AuditAction.CREATE,
            object_type="SyntheticPopulation",
            detail={
                "seed": seed,
                "children_wanted": report.children_wanted,
                "children_added": report.children_added,
                "adults_added": report.adults_added,
                "organisations_added": report.organisations_added,
                "staff_added": report.staff_added,
            },
        )
