"""Deterministic building blocks for synthetic data: NHS numbers, name pools, phone numbers.

Everything here is a pure function of its arguments (and the pinned Faker version), so the same
seed always gives the same people.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from faker import Faker

DATA_DIR = Path(__file__).resolve().parent / "data"

# Numbers starting 9 are never issued to a real patient (the synthetic/test range). The demo
# cast and hand-written tests use 999 ...; the seeder keeps well clear of it:
# children from 900 000 000 0, mothers from 950 000 000 0 (first nine digits below).
CHILD_BASE = 900_000_000
ADULT_BASE = 950_000_000
# Children are generated in blocks; each block draws its numbers from its own run of BASE_SPAN
# nine-digit bases. About one base in eleven has no valid check digit (it would be 10), so 1,200
# bases always hold at least BLOCK valid numbers.
BLOCK = 1000
BASE_SPAN = 1200
MAX_CHILDREN = (ADULT_BASE - CHILD_BASE) // BASE_SPAN * BLOCK


def check_digit(base: int) -> int | None:
    """The mod-11 check digit for nine digits, or None when there is none (remainder gives 10)."""
    total = 0
    for weight in range(2, 11):  # the last digit has weight 2, the first weight 10
        base, digit = divmod(base, 10)
        total += digit * weight
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


@lru_cache(maxsize=256)  # bounded: a million children would otherwise keep 2,000 blocks
def _block_numbers(base: int, block: int) -> tuple[str, ...]:
    start = base + block * BASE_SPAN
    found: list[str] = []
    for nine in range(start, start + BASE_SPAN):
        check = check_digit(nine)
        if check is not None:
            found.append(f"{nine:09d}{check}")
            if len(found) == BLOCK:
                return tuple(found)
    raise AssertionError(f"block {block} has fewer than {BLOCK} valid NHS numbers")


def child_nhs_number(index: int) -> str:
    """The NHS number of the index-th seeded child (0-based), always the same."""
    return _block_numbers(CHILD_BASE, index // BLOCK)[index % BLOCK]


def adult_nhs_number(index: int) -> str:
    """The NHS number of the index-th seeded mother (0-based), always the same."""
    return _block_numbers(ADULT_BASE, index // BLOCK)[index % BLOCK]


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str


@cache
def local_authorities() -> tuple[LocalAuthority, ...]:
    """Every English upper-tier local authority, with its ONS code (data/local_authorities.csv)."""
    with (DATA_DIR / "local_authorities.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(LocalAuthority(row["code"], row["name"]) for row in csv.DictReader(handle))


def drama_phone(index: int) -> str:
    """A telephone number from Ofcom's range reserved for drama (03069 990000 to 990999): it
    looks real on screen and reaches nobody."""
    if not 0 <= index < 1000:
        raise ValueError("the drama range holds 1,000 numbers")
    return f"03069 990{index:03d}"


@dataclass(frozen=True)
class NamePools:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]


@cache
def name_pools(seed: int) -> NamePools:
    """Names and addresses drawn once from Faker (en_GB) with the seed, then picked from by a
    plain random.Random: a million Faker calls would take minutes, a few thousand take
    milliseconds."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return NamePools(
        female=tuple(fake.first_name_female() for _ in range(400)),
        male=tuple(fake.first_name_male() for _ in range(400)),
        family=tuple(fake.last_name() for _ in range(800)),
        postcodes=tuple(fake.postcode() for _ in range(2000)),
        streets=tuple(fake.street_address().replace("\n", ", ") for _ in range(1500)),
    )
