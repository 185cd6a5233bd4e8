"""Whose figures a person reads (R-LEAD-4), and the page's sections."""

from __future__ import annotations

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation
from seenheard.figures.registry import (
    FiguresArea,
    FigureSection,
    last_twelve_months,
    registered_sections,
)
from seenheard.protocols.selectors import protocol_area_of


def organisations_in_area(area: Organisation) -> frozenset[int]:
    """The area and every organisation in it: those whose commissioning area (their own or the
    nearest above them) it is, those below it, and everything below those. One query."""
    rows = {pk: (parent, in_area) for pk, parent, in_area in Organisation.objects.values_list(
        "pk", "parent_id", "area_id"
    )}  # fmt: skip

    def belongs(pk: int) -> bool:
        seen: set[int] = set()
        current: int | None = pk
        while current is not None and current not in seen:
            if current == area.pk:
                return True
            seen.add(current)
            parent, in_area = rows.get(current, (None, None))
            if in_area == area.pk:
                return True
            current = parent
        return False

    return frozenset(pk for pk in rows if belongs(pk))


def figures_area_for(actor: Actor) -> FiguresArea | None:
    """The area whose figures the actor reads, or None when their role reads none."""
    if not policy_for(actor.role).reads_area_figures:
        return None
    area = protocol_area_of(actor.organisation)
    return FiguresArea(
        name=area.name, org_ids=organisations_in_area(area), months=last_twelve_months()
    )


def figure_sections(area: FiguresArea) -> list[FigureSection]:
    sections = [section(area) for section in registered_sections().values()]
    return [s for s in sections if s is not None]
