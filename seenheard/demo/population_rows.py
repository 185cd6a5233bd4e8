"""The seeder's writes: one block's planned families into the database, a few queries a block.

Rows go in with ``core.bulk.insert_rows`` (never a query per child). Whatever of a block already
exists is left alone: a family already partly there (an earlier, smaller run) is found by the
mother's NHS number and its new children join that household.
"""

from __future__ import annotations

from typing import NamedTuple

from seenheard.children.models import (
    Adult,
    CareRelationship,
    Child,
    ChildAdultRelationship,
    Household,
    RelationshipKind,
)
from seenheard.core import clock
from seenheard.core.bulk import adapt_date, adapt_datetime, insert_rows
from seenheard.demo.population import ChildPlan, FamilyPlan

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


class BlockWritten(NamedTuple):
    """How many rows of each kind one block added."""

    households: int = 0
    adults: int = 0
    children: int = 0


def write_block(families: list[FamilyPlan], *, wanted: int, orgs: dict[str, int]) -> BlockWritten:
    """Create whatever of these families' first ``wanted`` children (by index) is missing."""
    families = [f for f in families if f.children[0].position < wanted]
    numbers = [c.nhs_number for f in families for c in f.children if c.position < wanted]
    # scope-exempt: the seeder writes synthetic data; no person is looking at a child.
    existing = Child.objects.filter(nhs_number__in=numbers)
    have = set(existing.values_list("nhs_number", flat=True))
    if len(have) == len(numbers):
        return BlockWritten()
    todo = [
        f
        for f in families
        if any(c.nhs_number not in have for c in f.children if c.position < wanted)
    ]
    household_of, households, adults = _households_ensure(todo)
    plans = [
        (f, c) for f in todo for c in f.children if c.position < wanted and c.nhs_number not in have
    ]
    child_ids = _children_insert(plans, household_of, orgs)
    _relationships_insert(child_ids, plans, household_of, orgs)
    return BlockWritten(households=households, adults=adults, children=len(child_ids))


def _households_ensure(todo: list[FamilyPlan]) -> tuple[dict[str | None, int], int, int]:
    """Each family's household (by the mother's number), making the missing ones and their
    adults; returns it with the number of households and adults added."""
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
    household_of: dict[str | None, int] = {
        f.mother.nhs_number: mothers[f.mother.nhs_number]
        for f in todo
        if f.mother.nhs_number in mothers
    }
    adult_rows: list[tuple[object, ...]] = []
    for f, household_id in zip(new_families, household_ids, strict=True):
        household_of[f.mother.nhs_number] = household_id
        adult_rows.extend(
            (
                adult.nhs_number,
                adult.given_name,
                adult.family_name,
                adapt_date(adult.date_of_birth),
                adult.sex.value,
                household_id,
            )
            for adult in (f.mother, f.father)
            if adult is not None
        )
    insert_rows(Adult, ADULT_COLUMNS, adult_rows)
    return household_of, len(household_ids), len(adult_rows)


def _children_insert(
    plans: list[tuple[FamilyPlan, ChildPlan]],
    household_of: dict[str | None, int],
    orgs: dict[str, int],
) -> list[int]:
    now = adapt_datetime(clock.now())
    child_rows = [
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
            household_of[f.mother.nhs_number],
            now,
            now,
        )
        for f, c in plans
    ]
    return insert_rows(Child, CHILD_COLUMNS, child_rows, returning=True)


def _relationships_insert(
    child_ids: list[int],
    plans: list[tuple[FamilyPlan, ChildPlan]],
    household_of: dict[str | None, int],
    orgs: dict[str, int],
) -> None:
    """Each new child's parents (with parental responsibility) and the services that know it."""
    parents: dict[int, list[tuple[int, str | None]]] = {}
    for pk, household_id, nhs in (
        Adult.objects.filter(household_id__in=household_of.values())
        .order_by("pk")
        .values_list("pk", "household_id", "nhs_number")
    ):
        parents.setdefault(household_id, []).append((pk, nhs))
    links: list[tuple[object, ...]] = []
    care: list[tuple[object, ...]] = []
    for child_id, (f, c) in zip(child_ids, plans, strict=True):
        for adult_id, nhs in parents.get(household_of[f.mother.nhs_number], []):
            is_mother = nhs == f.mother.nhs_number
            pr = is_mother or bool(f.father and f.father.parental_responsibility)
            links.append((child_id, adult_id, RelationshipKind.PARENT.value, pr, c.date_of_birth))
        care.extend(
            (child_id, orgs[org_code], kind.value, adapt_date(started))
            for org_code, kind, started in c.care
        )
    insert_rows(
        ChildAdultRelationship,
        ("child_id", "adult_id", "kind", "has_parental_responsibility", "started_on"),
        links,
    )
    insert_rows(CareRelationship, ("child_id", "organisation_id", "kind", "started_on"), care)
