"""Registering a pregnant woman whose unborn child is on a plan held against her NHS number
(R-FLAG-1, R-FLAG-3, R-FLAG-5): the plan is seen and the council told, as for a child."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.scope import adults_traceable_by, adults_visible_to
from seenheard.children.models import Adult
from seenheard.encounters.errors import PersonNotFound
from seenheard.encounters.registered import (
    ATTENDANCES_SHOWN_MONTHS,
    REGISTRATION_KEYS,
    Registration,
    councils_told,
    earlier_registration,
    registration_audit,
    registration_repeated,
)
from seenheard.encounters.registration_sql import encounter_new
from seenheard.encounters.rules import months_before
from seenheard.encounters.selectors import attendances_since
from seenheard.flags.selectors import mother_flag_banner, recent_flag_views
from seenheard.protocols.selectors import area_chain, protocol_values_for


def _mother_found(actor: Actor, *, which: Q, by_nhs_number: bool) -> Adult:
    """The woman, her row locked until commit; PersonNotFound when the actor may not reach
    her. By id (the page), only a woman this user has just traced (ADR 019); by NHS number
    (the API), anyone the actor may trace."""
    reachable = adults_traceable_by(actor) if by_nhs_number else adults_visible_to(actor)
    mother = (
        reachable.select_for_update(of=("self",))
        .filter(which)
        .only("pk", "nhs_number", "given_name", "family_name", "date_of_birth", "sex")
        .first()
    )
    if mother is None:
        raise PersonNotFound
    return mother


def mother_register(
    *,
    actor: Actor,
    which: Q,
    by_nhs_number: bool,
    started_at: dt.datetime,
    request_key: str,
    status: str = "arrived",
) -> Registration:
    """A pregnant woman attends (R-FLAG-1, R-FLAG-3, R-FLAG-5): the unborn-child plans held
    against her NHS number are shown at once, the look-up is audited, and at an unscheduled
    setting the council holding an open plan is told, exactly as for a child. Frequent
    attendance, sexual-health and care-relationship rules are about children, so they do not
    apply. Her row stays locked until commit, as a child's does."""
    mother = _mother_found(actor, which=which, by_nhs_number=by_nhs_number)
    earlier = earlier_registration(actor=actor, request_key=request_key, mother_id=mother.pk)
    if earlier is not None:
        return registration_repeated(actor=actor, encounter=earlier, mother=mother)
    values = protocol_values_for(REGISTRATION_KEYS, chain=area_chain(actor.organisation))
    banner = mother_flag_banner(
        mother,
        today=timezone.localdate(started_at),
        previously_months=values["flag.previously_on_plan_months"],
    )
    encounter = encounter_new(
        actor=actor,
        started_at=started_at,
        request_key=request_key,
        mother_id=mother.pk,
        status=status,
    )
    attendances = attendances_since(
        mother_id=mother.pk, since=months_before(started_at, ATTENDANCES_SHOWN_MONTHS)
    )
    notified = councils_told(actor=actor, banner=banner, encounter=encounter)
    views = recent_flag_views(
        mother_id=mother.pk,
        limit=values["flag.views_shown"],
        repeat_hours=values["flag.repeat_view_hours"],
    )
    registration_audit(
        actor=actor, banner=banner, encounter=encounter, notified=notified, mother=mother.pk
    )
    return Registration(
        encounter=encounter,
        child=None,
        mother=mother,
        banner=banner,
        recent_views=views,
        attendances=attendances,
        notified_councils=notified,
    )
