"""The seeder's plan: which families hold children block*1000 .. block*1000+999, always the same.

Pure: no database. Each block draws from its own random stream (seeded by the seed and the block
number), so planning block 7 never depends on blocks 0..6 and topping up never disturbs the
children already there. The draws happen in a fixed order; change it and every seeded population
changes with it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from seenheard.children.models import CareRelationshipKind, Sex
from seenheard.demo.seed_orgs import (
    GP_PRACTICES_PER_LA,
    LAS_PER_TRUST,
    gp_practice_code,
    trust_code,
)
from seenheard.demo.synthetic import (
    BLOCK,
    NamePools,
    adult_nhs_number,
    child_nhs_number,
    local_authorities,
    name_pools,
)

FAMILY_SIZES = (1, 2, 3, 4)
FAMILY_SIZE_WEIGHTS = (35, 40, 18, 7)


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


class _Household(NamedTuple):
    """What one family's draws fixed before its children are planned."""

    trust: str
    surname: str
    mother_surname: str
    has_father: bool


def _plan_children(
    rng: random.Random, pools: NamePools, home: _Household, *, first: int, size: int, today: dt.date
) -> list[ChildPlan]:
    children = []
    for index in range(first, first + size):
        born = today - dt.timedelta(days=rng.randrange(18 * 365))
        sex = _pick_sex(rng)
        given = rng.choice(pools.female if sex == Sex.FEMALE else pools.male)
        children.append(
            ChildPlan(
                position=index,
                nhs_number=child_nhs_number(index),
                given_name=given,
                family_name=home.surname if home.has_father else home.mother_surname,
                date_of_birth=born,
                sex=sex,
                care=_care_for(rng, home.trust, born, today),
            )
        )
    return children


def _plan_parents(
    rng: random.Random, pools: NamePools, home: _Household, *, eldest: dt.date, mother_key: int
) -> tuple[AdultPlan, AdultPlan | None]:
    mother = AdultPlan(
        given_name=rng.choice(pools.female),
        family_name=home.mother_surname,
        date_of_birth=eldest - dt.timedelta(days=rng.randint(17 * 365, 40 * 365)),
        sex=Sex.FEMALE,
        # Mothers carry NHS numbers: unborn-baby plans are keyed on them.
        nhs_number=adult_nhs_number(mother_key),
        parental_responsibility=True,
    )
    if not home.has_father:
        return mother, None
    father = AdultPlan(
        given_name=rng.choice(pools.male),
        family_name=home.surname,
        date_of_birth=eldest - dt.timedelta(days=rng.randint(18 * 365, 45 * 365)),
        sex=Sex.MALE,
        nhs_number=None,
        parental_responsibility=rng.random() < 0.85,
    )
    return mother, father


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
        home = _Household(trust, surname, mother_surname, has_father)
        children = _plan_children(rng, pools, home, first=index, size=size, today=today)
        index += size
        mother, father = _plan_parents(
            rng,
            pools,
            home,
            eldest=min(c.date_of_birth for c in children),
            mother_key=block * BLOCK + len(families),
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
