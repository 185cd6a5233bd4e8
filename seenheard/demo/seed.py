"""``seenheard seed``: a synthetic population of any size, the same every time for one seed.

The population is an endless, fixed sequence of children: child *i* always has the same NHS
number, and for a given seed the same name, family, household, council, GP practice and care
relationships. ``--children N`` makes the first N of them exist: a second run adds nothing, a
larger N tops up. Children come in blocks of 1,000 planned from their own random stream, so
topping up never disturbs the children already there.

Written for a million children: rows go in with bulk_create, a few queries per block, never a
query per child, one transaction per few blocks (an interrupted run loses at most the current
group and the next run carries on).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.children.models import (
    Adult,
    CareRelationship,
    CareRelationshipKind,
    Child,
    ChildAdultRelationship,
    Household,
    RelationshipKind,
    Sex,
)
from seenheard.core import clock
from seenheard.core.bulk import adapt_date, adapt_datetime, insert_rows
from seenheard.demo.ae_records import demo_ae_records_ensure
from seenheard.demo.appointments import demo_appointments_ensure
from seenheard.demo.casework import demo_casework_ensure
from seenheard.demo.cast import demo_cast_ensure, demo_cast_flags_ensure
from seenheard.demo.sdq import demo_sdqs_ensure
from seenheard.demo.seed_orgs import (
    GP_PRACTICES_PER_LA,
    LAS_PER_TRUST,
    SUPPLIER_CODE,
    gp_practice_code,
    organisations_ensure,
    trust_code,
)
from seenheard.demo.synthetic import (
    BLOCK,
    MAX_CHILDREN,
    adult_nhs_number,
    child_nhs_number,
    local_authorities,
    name_pools,
)

BLOCKS_PER_TRANSACTION = 10
FAMILY_SIZES = (1, 2, 3, 4)
FAMILY_SIZE_WEIGHTS = (35, 40, 18, 7)


class SeedError(ValueError):
    """A plain-English reason the seeder cannot run."""


class ChildPlan(NamedTuple):
    position: int  # 0-based place in the endless sequence of seeded children
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: dt.date
    sex: Sex
    care: tuple[tuple[str, CareRelationshipKind, dt.date], ...]


class AdultPlan(NamedTuple):
    given_name: str
    family_name: str
    date_of_birth: dt.date
    sex: Sex
    nhs_number: str | None
    parental_responsibility: bool


class FamilyPlan(NamedTuple):
    la_code: str
    gp_code: str
    address: str
    postcode: str
    mother: AdultPlan  # always has an NHS number: it is the family's key
    father: AdultPlan | None
    children: tuple[ChildPlan, ...]


def _pick_sex(rng: random.Random) -> Sex:
    roll = rng.random()
    if roll < 0.49:
        return Sex.FEMALE
    if roll < 0.98:
        return Sex.MALE
    return Sex.OTHER if roll < 0.985 else Sex.UNKNOWN


def _care_for(
    rng: random.Random, trust: str, born: dt.date, today: dt.date
) -> tuple[tuple[str, CareRelationshipKind, dt.date], ...]:
    """Which services know the child (R-FLAG-10): health visiting for most under-fives, school
    nursing for some older children, the looked-after children's team for about 1 in 100, and
    an emergency-department attendance for a few."""
    age_days = (today - born).days
    care = []

    def since() -> dt.date:
        return today - dt.timedelta(days=rng.randint(0, min(age_days, 730)))

    if age_days < 5 * 365 and rng.random() < 0.6:
        care.append((f"{trust}-HV", CareRelationshipKind.CASELOAD, since()))
    elif age_days >= 5 * 365 and rng.random() < 0.08:
        care.append((f"{trust}-SN", CareRelationshipKind.CASELOAD, since()))
    if rng.random() < 0.01:
        care.append((f"{trust}-LAC", CareRelationshipKind.CASELOAD, since()))
    if rng.random() < 0.04:
        care.append((f"{trust}-ED", CareRelationshipKind.ATTENDS, since()))
    return tuple(care)


def plan_block(*, seed: int, block: int, today: dt.date) -> list[FamilyPlan]:
    """The families holding children block*1000 .. block*1000+999, always the same."""
    rng = random.Random(f"seenheard:block:{seed}:{block}")
    pools = name_pools(seed)
    las = local_authorities()
    families: list[FamilyPlan] = []
    index = block * BLOCK
    end = index + BLOCK
    while index < end:
        size = min(rng.choices(FAMILY_SIZES, FAMILY_SIZE_WEIGHTS)[0], end - index)
        la_index = rng.randrange(len(las))
        trust = trust_code(la_index // LAS_PER_TRUST)
        gp = gp_practice_code(la_index * GP_PRACTICES_PER_LA + rng.randrange(GP_PRACTICES_PER_LA))
        surname = rng.choice(pools.family)
        has_father = rng.random() < 0.6
        mother_surname = surname if has_father and rng.random() < 0.7 else rng.choice(pools.family)
        children = []
        for _ in range(size):
            born = today - dt.timedelta(days=rng.randrange(18 * 365))
            sex = _pick_sex(rng)
            given = rng.choice(pools.female if sex == Sex.FEMALE else pools.male)
            children.append(
                ChildPlan(
                    position=index,
                    nhs_number=child_nhs_number(index),
                    given_name=given,
                    family_name=surname if has_father else mother_surname,
                    date_of_birth=born,
                    sex=sex,
                    care=_care_for(rng, trust, born, today),
                )
            )
            index += 1
        eldest = min(c.date_of_birth for c in children)
        mother = AdultPlan(
            given_name=rng.choice(pools.female),
            family_name=mother_surname,
            date_of_birth=eldest - dt.timedelta(days=rng.randint(17 * 365, 40 * 365)),
            sex=Sex.FEMALE,
            # Mothers carry NHS numbers: unborn-baby plans are keyed on them.
            nhs_number=adult_nhs_number(block * BLOCK + len(families)),
            parental_responsibility=True,
        )
        father = (
            AdultPlan(
                given_name=rng.choice(pools.male),
                family_name=surname,
                date_of_birth=eldest - dt.timedelta(days=rng.randint(18 * 365, 45 * 365)),
                sex=Sex.MALE,
                nhs_number=None,
                parental_responsibility=rng.random() < 0.85,
            )
            if has_father
            else None
        )
        families.append(
            FamilyPlan(
                la_code=las[la_index].code,
                gp_code=gp,
                address=rng.choice(pools.streets),
                postcode=rng.choice(pools.postcodes),
                mother=mother,
                father=father,
                children=tuple(children),
            )
        )
    return families


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


def _write_block(
    families: list[FamilyPlan], *, wanted: int, orgs: dict[str, int], report: SeedReport
) -> None:
    """Create whatever of these families' first ``wanted`` children (by index) is missing."""
    families = [f for f in families if f.children[0].position < wanted]
    numbers = [c.nhs_number for f in families for c in f.children if c.position < wanted]
    # scope-exempt: the seeder writes synthetic data; no person is looking at a child.
    existing = Child.objects.filter(nhs_number__in=numbers)
    have = set(existing.values_list("nhs_number", flat=True))
    if len(have) == len(numbers):
        return
    todo = [
        f
        for f in families
        if any(c.nhs_number not in have for c in f.children if c.position < wanted)
    ]
    # A family already partly there (an earlier, smaller run) is found by the mother's number.
    mothers = dict(
        Adult.objects.filter(nhs_number__in=[f.mother.nhs_number for f in todo]).values_list(
            "nhs_number", "household_id"
        )
    )
    new_families = [f for f in todo if f.mother.nhs_number not in mothers]
    household_ids = insert_rows(
        Household,
        ("address", "postcode"),
        [(f.address, f.postcode) for f in new_families],
        returning=True,
    )
    report.households_added += len(household_ids)
    household_of: dict[str | None, int] = {
        f.mother.nhs_number: mothers[f.mother.nhs_number]
        for f in todo
        if f.mother.nhs_number in mothers
    }
    adult_rows = []
    for f, household_id in zip(new_families, household_ids, strict=True):
        household_of[f.mother.nhs_number] = household_id
        for adult in (f.mother, f.father):
            if adult is not None:
                adult_rows.append(
                    (
                        adult.nhs_number,
                        adult.given_name,
                        adult.family_name,
                        adapt_date(adult.date_of_birth),
                        adult.sex.value,
                        household_id,
                    )
                )
    insert_rows(Adult, ADULT_COLUMNS, adult_rows)
    report.adults_added += len(adult_rows)
    parents: dict[int, list[tuple[int, str | None]]] = {}
    for pk, household_id, nhs in (
        Adult.objects.filter(household_id__in=household_of.values())
        .order_by("pk")
        .values_list("pk", "household_id", "nhs_number")
    ):
        parents.setdefault(household_id, []).append((pk, nhs))

    now = adapt_datetime(clock.now())
    child_rows = []
    plans: list[tuple[FamilyPlan, ChildPlan]] = []
    for f in todo:
        household_id = household_of[f.mother.nhs_number]
        for c in f.children:
            if c.position >= wanted or c.nhs_number in have:
                continue
            child_rows.append(
                (
                    c.nhs_number,
                    c.given_name,
                    c.family_name,
                    c.family_name.strip().lower(),  # what Child.save() would set
                    adapt_date(c.date_of_birth),
                    c.sex.value,
                    f.postcode,
                    orgs[f.gp_code],
                    orgs[f.la_code],
                    household_id,
                    now,
                    now,
                )
            )
            plans.append((f, c))
    child_ids = insert_rows(Child, CHILD_COLUMNS, child_rows, returning=True)
    report.children_added += len(child_ids)

    links = []
    care = []
    for child_id, (f, c) in zip(child_ids, plans, strict=True):
        for adult_id, nhs in parents.get(household_of[f.mother.nhs_number], []):
            is_mother = nhs == f.mother.nhs_number
            pr = is_mother or bool(f.father and f.father.parental_responsibility)
            links.append((child_id, adult_id, RelationshipKind.PARENT.value, pr, c.date_of_birth))
        for org_code, kind, started in c.care:
            care.append((child_id, orgs[org_code], kind.value, adapt_date(started)))
    insert_rows(
        ChildAdultRelationship,
        ("child_id", "adult_id", "kind", "has_parental_responsibility", "started_on"),
        links,
    )
    insert_rows(CareRelationship, ("child_id", "organisation_id", "kind", "started_on"), care)


ADULT_COLUMNS = ("nhs_number", "given_name", "family_name", "date_of_birth", "sex", "household_id")
CHILD_COLUMNS = (
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
)


Progress = Callable[[int, int, SeedReport], None]


def seed_run(*, children: int, seed: int = 1, progress: Progress | None = None) -> SeedReport:
    """Make the first ``children`` synthetic children exist (and everything around them)."""
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
    orgs = dict(Organisation.objects.values_list("code", "pk"))
    today = clock.today()
    blocks = (children + BLOCK - 1) // BLOCK
    report.blocks = blocks
    for first in range(0, blocks, BLOCKS_PER_TRANSACTION):
        with transaction.atomic():
            for block in range(first, min(first + BLOCKS_PER_TRANSACTION, blocks)):
                families = plan_block(seed=seed, block=block, today=today)
                _write_block(families, wanted=children, orgs=orgs, report=report)
        if progress is not None:
            progress(min((first + BLOCKS_PER_TRANSACTION) * BLOCK, children), children, report)
    # Issue 11: periods of care, health assessments and plans (seenheard.demo.lac).
    from seenheard.demo.lac import seed_looked_after

    with transaction.atomic():
        looked_after = seed_looked_after(seed=seed, today=today, now=clock.now())
    if looked_after:
        report.notes.append(f"{looked_after:,} children with periods of care added.")
    if report.children_added or report.organisations_added or report.staff_added:
        with transaction.atomic():
            audit_record(
                actor=system_actor(Organisation.objects.get(code=SUPPLIER_CODE), channel="cli"),
                action=AuditAction.CREATE,
                object_type="SyntheticPopulation",
                detail={
                    "seed": seed,
                    "children_wanted": children,
                    "children_added": report.children_added,
                    "adults_added": report.adults_added,
                    "organisations_added": report.organisations_added,
                    "staff_added": report.staff_added,
                },
            )
    report.seconds = time.monotonic() - started
    return report
