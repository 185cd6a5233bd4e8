"""Reading attendances and the council's inbox. Every function names its actor and audits what
it shows; "not found" and "not allowed" give the same answer (None or an empty list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import (
    adults_traceable_by,
    adults_visible_to,
    children_visible_to,
    council_holds_flag_for,
    council_of,
)
from seenheard.accounts.models import Organisation
from seenheard.accounts.selectors import organisations_by_id
from seenheard.audit.services import audit_view
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.core.rawsql import fetch_models, select_sql
from seenheard.encounters.models import Encounter
from seenheard.encounters.rules import months_before
from seenheard.flags.selectors import FlagView, recent_flag_views

_SINCE_SQL = {
    column: select_sql(
        Encounter, f"{column} = %s AND started_at >= %s", order_by="started_at DESC, id DESC"
    )
    for column in ("child_id", "mother_id")
}


def attendances_since(
    *, child_id: int | None = None, mother_id: int | None = None, since: dt.datetime
) -> list[Encounter]:
    """A child's (or a pregnant woman's) attendances at every setting since ``since``, newest
    first, each with its setting and the trust above it attached (from the organisations
    remembered per process, ADR 014, so the list is one plain query). For callers that have
    already been allowed to see the person, and audit what they show."""
    if (child_id is None) == (mother_id is None):
        raise ValueError("give exactly one of child_id and mother_id")
    # Hand-written (ADR 016): every registration reads this list.
    sql = _SINCE_SQL["child_id" if child_id is not None else "mother_id"]
    person = child_id if child_id is not None else mother_id
    since_value = transaction.get_connection().ops.adapt_datetimefield_value(since)
    rows = fetch_models(Encounter, sql, [person, since_value])
    settings = organisations_by_id({e.setting_id for e in rows})
    for e in rows:
        e.setting = settings[e.setting_id]
    return rows


@transaction.atomic
def encounters_for_child(
    *,
    actor: Actor,
    child_id: int | None = None,
    nhs_number: str | None = None,
    months: int = 12,
) -> list[Encounter] | None:
    """R-FLAG-6: the child's attendances at every setting in the last ``months``, newest first,
    because moving between services can mask abuse. The child is given by ``child_id`` or a
    validated ``nhs_number`` (the API). None when the child is not found or the actor may not
    see them (the same answer). Audited."""
    if (child_id is None) == (nhs_number is None):
        raise ValueError("give exactly one of child_id and nhs_number")
    which = Q(pk=child_id) if child_id is not None else Q(nhs_number=nhs_number)
    found = children_visible_to(actor).filter(which).values_list("pk", flat=True).first()
    if found is None:
        return None
    child_id = found
    rows = attendances_since(child_id=child_id, since=months_before(clock.now(), months))
    audit_view(
        actor=actor,
        object_type="EncounterList",
        object_id=child_id,
        child_id=child_id,
        detail={"months": months, "shown": len(rows)},
    )
    return rows


@dataclass(frozen=True)
class EncounterRead:
    """One attendance read by id, with the NHS number of the person who attended."""

    encounter: Encounter
    nhs_number: str


@transaction.atomic
def encounter_get(*, actor: Actor, encounter_id: int) -> EncounterRead | None:
    """One attendance by id (FHIR ``GET Encounter/{id}``, ADR 023): for staff who may see the
    child (``children_visible_to``, the same rule as a child's list of attendances), and for
    staff who see children's records at the setting that registered it (their own record of
    who attended, so the Location a registration answers with can be read). A pregnant
    woman's attendance only at that setting, for staff who may trace her: an id must not reach
    a woman the reader could not have found. None when there is no such attendance or the
    actor may not see it (the same answer). Audited in the same transaction."""
    encounter = Encounter.objects.filter(pk=encounter_id).first()
    if encounter is None:
        return None
    registered_here = (
        encounter.setting_id == actor.organisation.pk and policy_for(actor.role).sees_child_data
    )
    nhs_number: str | None = None
    if encounter.child_id is not None:
        # scope-exempt: the setting's own attendance, or a child the actor may see.
        children = Child.objects.all() if registered_here else children_visible_to(actor)
        nhs_number = (
            children.filter(pk=encounter.child_id).values_list("nhs_number", flat=True).first()
        )
    elif encounter.mother_id is not None and registered_here:
        nhs_number = (
            adults_traceable_by(actor)
            .filter(pk=encounter.mother_id)
            .values_list("nhs_number", flat=True)
            .first()
        )
    if not nhs_number:
        return None
    encounter.setting = organisations_by_id([encounter.setting_id])[encounter.setting_id]
    audit_view(
        actor=actor,
        object_type="Encounter",
        object_id=encounter.pk,
        child_id=encounter.child_id,
        detail={} if encounter.mother_id is None else {"mother": encounter.mother_id},
    )
    return EncounterRead(encounter=encounter, nhs_number=nhs_number)


@transaction.atomic
def encounters_for_mother(
    *, actor: Actor, nhs_number: str, months: int = 12
) -> tuple[Adult, list[Encounter]] | None:
    """A pregnant woman's attendances at every setting in the last ``months``, newest first,
    for staff who may trace her (unscheduled care; access.scope.adults_traceable_by). None when
    there is no such woman or the actor may not trace her. Audited."""
    mother = adults_traceable_by(actor).filter(nhs_number=nhs_number).first()
    if mother is None:
        return None
    rows = attendances_since(mother_id=mother.pk, since=months_before(clock.now(), months))
    audit_view(
        actor=actor,
        object_type="MotherEncounterList",
        object_id=mother.pk,
        child_id=None,
        detail={"months": months, "shown": len(rows)},
    )
    return mother, rows


@dataclass(frozen=True)
class FlagViews:
    child: Child | Adult
    views: list[FlagView]


@transaction.atomic
def flag_views_for(
    *, actor: Actor, child_id: int | None = None, nhs_number: str | None = None
) -> FlagViews | None:
    """R-FLAG-4: who has looked at the child's flag, newest first (repeat views within 24 hours
    shown once). For the council that holds a flag for the child, and for staff who may see
    the child; None for anyone else (the same answer as "no such child"). The child is given
    by ``child_id`` or a validated ``nhs_number`` (the API). Audited."""
    if (child_id is None) == (nhs_number is None):
        raise ValueError("give exactly one of child_id and nhs_number")
    which = Q(pk=child_id) if child_id is not None else Q(nhs_number=nhs_number)
    child = children_visible_to(actor).filter(which).first()
    if child is None:
        la = council_of(actor)
        if la is None:
            return None
        # A council sees who looked at a flag it holds, even for a child another council is
        # responsible for: the flag itself is the legitimate relationship.
        candidate = Child.objects.filter(which).first()  # scope-exempt: council's flag
        if candidate is None or not council_holds_flag_for(la=la, person=candidate):
            return None
        child = candidate
    views = recent_flag_views(child_id=child.pk)
    audit_view(
        actor=actor,
        object_type="FlagViews",
        object_id=child.pk,
        child_id=child.pk,
        detail={"shown": len(views)},
    )
    return FlagViews(child=child, views=views)


@transaction.atomic
def mother_flag_views_for(
    *, actor: Actor, mother_id: int | None = None, nhs_number: str | None = None
) -> FlagViews | None:
    """R-FLAG-4 for an unborn child's plan: who has looked at the plan held against a woman's
    NHS number. For the council that holds such a plan for her, and for staff who may trace
    her (unscheduled care); None for anyone else, the same answer as "no such person".

    She is given by a validated ``nhs_number`` (an exact trace, the API), or by ``mother_id``
    (the page's address), which reaches only a woman this user has just traced (ADR 019)."""
    if (mother_id is None) == (nhs_number is None):
        raise ValueError("give exactly one of mother_id and nhs_number")
    if nhs_number is not None:
        which, reachable = Q(nhs_number=nhs_number), adults_traceable_by(actor)
    else:
        which, reachable = Q(pk=mother_id), adults_visible_to(actor)
    mother = reachable.filter(which).first()
    if mother is None:
        la = council_of(actor)
        candidate = (
            None if la is None else Adult.objects.filter(which).first()
        )  # scope-exempt: the council's own flag is the relationship, checked next
        if la is None or candidate is None or not council_holds_flag_for(la=la, person=candidate):
            return None
        mother = candidate
    views = recent_flag_views(mother_id=mother.pk)
    audit_view(
        actor=actor,
        object_type="MotherFlagViews",
        object_id=mother.pk,
        child_id=None,
        detail={"shown": len(views)},
    )
    return FlagViews(child=mother, views=views)


def mother_attended_at(*, mother_id: int, setting: Organisation) -> bool:
    """Whether this pregnant woman has an attendance at this setting: how a bare id may reach
    her (ADR 019), never by itself a read of her record."""
    return Encounter.objects.filter(mother_id=mother_id, setting=setting).exists()
