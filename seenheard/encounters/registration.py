"""Registering an attendance: the one moment every setting sees the child's flags (R-FLAG-3).

``encounter_register`` is the benchmarked hot path (issue 3: p99 under 30 ms, 400 a second on
PostgreSQL), so it is written to a query budget: one query for the child
(``registration_sql``), one for the area's protocol values, the flag look-up, one insert for the
attendance, one or two for the care relationship, one for the attendance list, one for the
recent views, and the two audit events last (``registered``). Work that only some registrations
need (the council's inbox, reviews, sexual-health tasks, risk-flag owners: ``followups``) costs
nothing unless it applies. A pregnant woman's registration is ``mothers``.

The audit events are written last on purpose: appending to the hash chain locks its head row
until the transaction commits, so the shorter the time between the first audit event and the
commit, the more registrations can run side by side.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation, SettingType
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.errors import (
    PersonNotFound,
    PersonNotNamed,
    RepeatRegistration,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.followups import FollowUps, registration_followups
from seenheard.encounters.models import Encounter
from seenheard.encounters.mothers import mother_register
from seenheard.encounters.registered import (
    ATTENDANCES_SHOWN_MONTHS,
    REGISTRATION_KEYS,
    Registration,
    councils_told,
    earlier_registration,
    registration_audit,
    registration_repeated,
)
from seenheard.encounters.registration_sql import (
    Found,
    attended_relationship_keep,
    encounter_new,
    registration_child,
)
from seenheard.encounters.rules import (
    months_before,
    sexual_health_flag_reasons,
    starts_in_future,
)
from seenheard.encounters.selectors import attendances_since
from seenheard.flags.models import PlanType
from seenheard.flags.selectors import FlagBanner, flag_banner_for, recent_flag_views
from seenheard.protocols.selectors import area_chain, protocol_values_for


def registering_setting_problem(actor: Actor) -> str | None:
    """Why this actor may not register attendances, in plain English; None when they may."""
    org = actor.organisation
    policy = policy_for(actor.role)
    if not (policy.registers_attendances and policy.sees_child_data):
        return "Your role does not register attendances. Ask a member of staff at the setting."
    if not org.setting_type or org.setting_type == SettingType.CHILDRENS_SOCIAL_CARE:
        return (
            "Attendances are registered by staff at a care setting; your organisation is not one."
        )
    return None


def encounter_register(
    *,
    actor: Actor,
    child_id: int | None = None,
    nhs_number: str | None = None,
    mother_id: int | None = None,
    started_at: dt.datetime | None = None,
    request_key: str = "",
    repeat_confirmed: bool = True,
    status: str = "arrived",
) -> Registration:
    """Register an attendance at the actor's setting and show the flags at once (R-FLAG-3).

    In one transaction: the attendance, the setting's relationship with the child, the council
    alert and e-mail (R-FLAG-5), the frequent-attendance review, the sexual-health
    task (R-FLAG-8), the risk-flag owners' messages (R-FLAG-9) and the audit events (R-FLAG-4).
    Raises an ``encounters.errors.EncounterRefused`` (one type per reason: SettingCannotRegister,
    PersonNotNamed, StartInFuture, PersonNotFound for a child not found or not traceable by the
    actor, RequestKeyReused, RepeatRegistration), having changed nothing (ADR 025).

    The child is given by ``child_id`` (the pages) or by a validated 10-digit ``nhs_number``
    (the API), never both. A pregnant woman is given by ``mother_id`` (the pages), or by an
    ``nhs_number`` that is no child's but hers: her attendance is registered so that an
    unborn child's plan held against her number is seen and the council told (R-FLAG-1).
    ``request_key`` makes a repeated request (a refreshed page, a retry) show the attendance it
    already registered instead of registering another. ``status`` is the FHIR Encounter.status
    the registering system sent (``arrived`` or ``in-progress``), kept as sent (ADR 023).

    With ``repeat_confirmed`` False (the page, until the person confirms), a child registered
    at this setting within the area's ``attendance.repeat_minutes`` raises RepeatRegistration,
    changing nothing, so the page can ask. The API registers it (a repeat with the same
    identifier is the same attendance, through ``request_key``). Either way, repeats within
    the window count once towards frequent attendance (``rules.frequent_review_decision``).

    Two requests sending one key at the same moment for different people (a double-clicked
    form, a retry racing its original) cannot both register: the database's uniqueness of the
    key stops the second, which is then answered as if it had come just after the first.
    """
    request = _Request(
        actor=actor,
        child_id=child_id,
        nhs_number=nhs_number,
        mother_id=mother_id,
        started_at=started_at,
        request_key=request_key,
        repeat_confirmed=repeat_confirmed,
        status=status,
    )
    attempt = functools.partial(_register_once, request)
    try:
        return attempt()
    except IntegrityError:
        if not request_key:
            raise
        # ADR 010: the other request committed first; its attendance now decides the answer
        # (shown again for the same person, RequestKeyReused for another). Nothing of this
        # attempt was kept: its transaction was rolled back whole.
        return attempt()


@dataclass(frozen=True)
class _Request:
    """``encounter_register``'s arguments, for each attempt."""

    actor: Actor
    child_id: int | None
    nhs_number: str | None
    mother_id: int | None
    started_at: dt.datetime | None
    request_key: str
    repeat_confirmed: bool
    status: str


@transaction.atomic
def _register_once(request: _Request) -> Registration:
    """One attempt at ``encounter_register``, in its own transaction."""
    actor, child_id, nhs_number = request.actor, request.child_id, request.nhs_number
    request_key, status = request.request_key, request.status
    problem = registering_setting_problem(actor)
    if problem:
        raise SettingCannotRegister(problem)
    # The start is checked before anyone is looked for: a start too far ahead is refused as
    # such, whether or not the child is found (ADR 025).
    start = _start_checked(request.started_at)
    mother = functools.partial(
        mother_register, actor=actor, started_at=start, request_key=request_key, status=status
    )
    if request.mother_id is not None and child_id is None and nhs_number is None:
        return mother(which=Q(pk=request.mother_id), by_nhs_number=False)
    if (child_id is None) == (nhs_number is None):
        raise PersonNotNamed
    found = registration_child(
        actor,
        child_id=child_id,
        nhs_number=nhs_number,
        setting_id=actor.organisation.pk,
        day=timezone.localdate(start),
    )
    if found is None or found.child is None:
        if nhs_number is not None:
            return mother(which=Q(nhs_number=nhs_number), by_nhs_number=True)
        raise PersonNotFound
    # After the child's lock, so a retry racing its original sees the original's row.
    earlier = earlier_registration(actor=actor, request_key=request_key, child_id=found.child.pk)
    if earlier is not None:
        return registration_repeated(actor=actor, encounter=earlier, child=found.child)
    return _child_register(
        actor=actor,
        found=found,
        child=found.child,
        started_at=start,
        request_key=request_key,
        repeat_confirmed=request.repeat_confirmed,
        status=status,
    )


def _sexual_health_reasons(
    *, setting: Organisation, banner: FlagBanner, child: Child, on: dt.date, under_age: int
) -> list[str]:
    """R-FLAG-8: why a sexual-health attendance is flagged (none elsewhere)."""
    if setting.setting_type != SettingType.SEXUAL_HEALTH:
        return []
    return sexual_health_flag_reasons(
        age=clock.age_on(child.date_of_birth, on),
        looked_after=any(f.plan_type == PlanType.LAC for f in banner.open),
        under_age=under_age,
    )


def _banner_and_reasons(
    *, found: Found, child: Child, setting: Organisation, on: dt.date, values: dict[str, int]
) -> tuple[FlagBanner, list[str]]:
    """The child's flags as the banner shows them (R-FLAG-3), and why a sexual-health
    attendance is flagged (R-FLAG-8)."""
    banner = flag_banner_for(
        child,
        today=on,
        previously_months=values["flag.previously_on_plan_months"],
        has_flags=found.any_flag,
        has_risks=found.any_risk,
    )
    reasons = _sexual_health_reasons(
        setting=setting,
        banner=banner,
        child=child,
        on=on,
        under_age=values["sexual_health.flag_under_age"],
    )
    return banner, reasons


def _child_register(
    *,
    actor: Actor,
    found: Found,
    child: Child,
    started_at: dt.datetime,
    request_key: str,
    repeat_confirmed: bool,
    status: str,
) -> Registration:
    """A child's new attendance, in the order of the query budget (module docstring)."""
    setting, on = actor.organisation, timezone.localdate(started_at)
    values = protocol_values_for(REGISTRATION_KEYS, chain=area_chain(setting))
    if not repeat_confirmed:
        minutes = values["attendance.repeat_minutes"]
        _repeat_check(child=child, setting_id=setting.pk, at=started_at, minutes=minutes)
    banner, reasons = _banner_and_reasons(
        found=found, child=child, setting=setting, on=on, values=values
    )
    encounter = _attendance_write(
        actor=actor,
        found=found,
        started_at=started_at,
        request_key=request_key,
        reasons=reasons,
        status=status,
    )
    window = max(values["attendance.frequent_window_months"], ATTENDANCES_SHOWN_MONTHS)
    recent = attendances_since(child_id=child.pk, since=months_before(started_at, window))
    notified = councils_told(actor=actor, banner=banner, encounter=encounter)
    follow = registration_followups(
        encounter=encounter,
        recent=recent,
        values=values,
        setting=setting,
        banner=banner,
        reasons=reasons,
    )
    # Audit last: the chain's head stays locked from there until the commit (module docstring).
    return _child_registration(
        actor=actor,
        encounter=encounter,
        child=child,
        banner=banner,
        recent=recent,
        notified=notified,
        follow=follow,
        values=values,
        reasons=reasons,
    )


def _attendance_write(
    *,
    actor: Actor,
    found: Found,
    started_at: dt.datetime,
    request_key: str,
    reasons: list[str],
    status: str,
) -> Encounter:
    """The attendance, and the setting's relationship with the child it keeps (R-FLAG-10)."""
    assert found.child is not None
    encounter = encounter_new(
        actor=actor,
        started_at=started_at,
        request_key=request_key,
        child_id=found.child.pk,
        flag_reasons=reasons,
        status=status,
    )
    attended_relationship_keep(
        child_id=found.child.pk,
        setting_id=actor.organisation.pk,
        day=timezone.localdate(started_at),
        current=found.attends_current,
        latest_id=found.attends_latest,
    )
    return encounter


def _child_registration(
    *,
    actor: Actor,
    encounter: Encounter,
    child: Child,
    banner: FlagBanner,
    recent: list[Encounter],
    notified: list[str],
    follow: FollowUps,
    values: dict[str, int],
    reasons: list[str],
) -> Registration:
    """Who looked at the flag before (R-FLAG-4), the audit events, and what the person
    registering sees: the last 12 months' attendances of ``recent``."""
    views = recent_flag_views(
        child_id=child.pk,
        limit=values["flag.views_shown"],
        repeat_hours=values["flag.repeat_view_hours"],
    )
    registration_audit(
        actor=actor,
        banner=banner,
        encounter=encounter,
        notified=notified,
        review=follow.review.pk if follow.review else None,
        sexual_health_task=follow.sexual_health_task.pk if follow.sexual_health_task else None,
        flag_reasons=reasons,
    )
    cutoff = months_before(encounter.started_at, ATTENDANCES_SHOWN_MONTHS)
    return Registration(
        encounter=encounter,
        child=child,
        banner=banner,
        recent_views=views,
        attendances=[e for e in recent if e.started_at >= cutoff],
        notified_councils=notified,
        review=follow.review,
        review_created=follow.review_created,
        unscheduled_in_window=follow.unscheduled_in_window,
        review_window_months=values["attendance.frequent_window_months"],
        sexual_health_task=follow.sexual_health_task,
        risk_owners_told=follow.risk_owners_told,
        counted_with_earlier=encounter.unscheduled and not follow.counts,
    )


def _repeat_check(*, child: Child, setting_id: int, at: dt.datetime, minutes: int) -> None:
    """RepeatRegistration when this setting registered the child less than ``minutes`` before
    ``at`` (or after it: a time given a little ahead), naming the latest such registration. One
    indexed query, asked only by the page, before anything is written."""
    window = dt.timedelta(minutes=minutes)
    earlier = (
        Encounter.objects.filter(
            child_id=child.pk,
            setting_id=setting_id,
            started_at__gt=at - window,
            started_at__lt=at + window,
        )
        .order_by("-started_at", "-pk")
        .first()
    )
    if earlier is not None:
        raise RepeatRegistration(earlier, name=child.full_name)


def _start_checked(started_at: dt.datetime | None) -> dt.datetime:
    """The start, now when none was given; StartInFuture when it is too far ahead (R-FLAG-3)."""
    now = clock.now()
    started_at = started_at or now
    if starts_in_future(started_at, now=now):
        raise StartInFuture
    return started_at
