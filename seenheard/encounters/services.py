"""Registering an attendance: the one moment every setting sees the child's flags (R-FLAG-3).

``encounter_register`` is the benchmarked hot path (issue 3: p99 under 30 ms, 400 a second on
PostgreSQL), so it is written to a query budget: one query for the child, one for the area's
protocol values, the flag look-up, one insert for the attendance, one or two for the care
relationship, one for the attendance list, one for the recent views, and the two audit events
last. Work that only some registrations need (alerts, reviews, sexual-health tasks, risk-flag
owners) costs nothing unless it applies.

The audit events are written last on purpose: appending to the hash chain locks its head row
until the transaction commits, so the shorter the time between the first audit event and the
commit, the more registrations can run side by side.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import (
    adults_traceable_by,
    adults_visible_to,
    children_visible_to,
    council_of,
)
from seenheard.access.services import safeguarding_leads_at
from seenheard.accounts.models import Organisation, Role, SettingType
from seenheard.accounts.selectors import organisations_by_id
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record, audit_record_many
from seenheard.children.models import Adult, CareRelationship, CareRelationshipKind, Child
from seenheard.core import clock
from seenheard.core.rawsql import insert_model
from seenheard.encounters.errors import (
    NOT_FOUND,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.models import Encounter
from seenheard.encounters.rules import attendances_counted, months_before, starts_in_future
from seenheard.encounters.selectors import attendances_since
from seenheard.flags.models import FlagAttendanceAlert, PlanType, ProtectionFlag, RiskFlag
from seenheard.flags.risk import risk_flags_seen
from seenheard.flags.rules import (
    council_is_notified,
    frequent_attendance_review_due,
    sexual_health_flag_reasons,
)
from seenheard.flags.selectors import (
    FlagBanner,
    FlagView,
    audit_flag_lookup,
    flag_banner_for,
    flag_lookup_event,
    mother_flag_banner,
    recent_flag_views,
)
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import area_chain, protocol_values_for
from seenheard.tasks.models import Task, TaskKind, TaskStatus

#: R-FLAG-6: attendances across every setting are shown for this many months.
ATTENDANCES_SHOWN_MONTHS = 12

#: The protocol values registration needs, read in one query.
_REGISTRATION_KEYS = (
    "attendance.frequent_threshold",
    "attendance.frequent_window_months",
    "sexual_health.flag_under_age",
    "flag.views_shown",
    "flag.repeat_view_hours",
    "flag.previously_on_plan_months",
    "attendance.repeat_minutes",
)


#: The refusals live in ``encounters.errors`` (ADR 025); these names stay importable from here.
EncounterError = EncounterRefused
__all__ = [
    "NOT_FOUND",
    "EncounterError",
    "EncounterRefused",
    "PersonNotFound",
    "PersonNotNamed",
    "RepeatRegistration",
    "RequestKeyReused",
    "SettingCannotRegister",
    "StartInFuture",
]


@dataclass(frozen=True)
class Registration:
    """What the registering member of staff sees at once (R-FLAG-3, R-FLAG-4, R-FLAG-6)."""

    encounter: Encounter
    #: The child who attended; None when a pregnant woman was registered (``mother``).
    child: Child | None
    banner: FlagBanner
    #: Who looked at this child's flag before this registration, newest first (R-FLAG-4).
    recent_views: list[FlagView]
    #: The child's attendances at every setting in the last 12 months, newest first (R-FLAG-6),
    #: including this one.
    attendances: list[Encounter]
    #: Councils told about this attendance (R-FLAG-5), by name.
    notified_councils: list[str] = field(default_factory=list)
    #: The frequent-attendance review this attendance created or was added to (R-FLAG-7).
    review: Task | None = None
    review_created: bool = False
    #: Unscheduled-care attendances in the area's review window, this one included (R-FLAG-7).
    unscheduled_in_window: int = 0
    review_window_months: int = 12
    #: The sexual-health safeguarding task raised for this attendance (R-FLAG-8).
    sexual_health_task: Task | None = None
    #: How many risk-flag owners were told the child was seen (R-FLAG-9).
    risk_owners_told: int = 0
    #: True when the same request was sent again: nothing new was registered or notified.
    repeated: bool = False
    #: True when this unscheduled attendance came within the area's ``attendance.repeat_minutes``
    #: of one at the same setting, so it does not count again towards frequent attendance.
    counted_with_earlier: bool = False
    #: The pregnant woman who attended, when the unborn-child plans held against her NHS
    #: number are what registration looked up (R-FLAG-1); None for a child.
    mother: Adult | None = None

    @property
    def nhs_number(self) -> str:
        person = self.child or self.mother
        return (person.nhs_number or "") if person is not None else ""

    @property
    def full_name(self) -> str:
        person = self.child or self.mother
        return person.full_name if person is not None else ""


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


def _trust_of(setting: Organisation) -> int:
    """The organisation that owns reviews raised at a setting: the trust above it, or the
    setting itself when it stands alone (a GP practice)."""
    return setting.parent_id or setting.pk


@dataclass(frozen=True)
class _Found:
    """The child found for registration, with what the rest of registration would otherwise
    ask the database for one query at a time."""

    child: Child | None
    any_flag: bool
    any_risk: bool
    #: The setting's ATTENDS relationship with the child still covers the day.
    attends_current: bool
    #: The setting's latest ATTENDS relationship with the child, if any.
    attends_latest: int | None


_CHILD_COLUMNS = ("id", "nhs_number", "given_name", "family_name", "date_of_birth", "sex")


def _registration_child_sql(*, by: str, lock: bool) -> str:
    """One statement: the child, whether they have any protection flag or open risk flag, and
    the setting's ATTENDS relationship with them (R-FLAG-3, R-FLAG-9, R-FLAG-10).

    Written as SQL, the same on SQLite and PostgreSQL, because this is the hottest statement in
    the system and building it through the ORM's annotations cost four times running it
    (docs/performance.md). Table names come from the models."""
    child = Child._meta.db_table
    flag = ProtectionFlag._meta.db_table
    risk = RiskFlag._meta.db_table
    rel = CareRelationship._meta.db_table
    columns = ", ".join(f"c.{name}" for name in _CHILD_COLUMNS)
    attends = "r.child_id = c.id AND r.organisation_id = %s AND r.kind = %s"
    return (
        f"SELECT {columns}, "  # noqa: S608 - table names from the models, values as parameters
        f"EXISTS (SELECT 1 FROM {flag} f WHERE f.nhs_number = c.nhs_number "
        f"AND f.entered_in_error = %s), "
        f"EXISTS (SELECT 1 FROM {risk} k WHERE k.child_id = c.id AND k.ended_at IS NULL), "
        f"EXISTS (SELECT 1 FROM {rel} r WHERE {attends} "
        f"AND (r.ended_on IS NULL OR r.ended_on >= %s)), "
        f"(SELECT r.id FROM {rel} r WHERE {attends} ORDER BY r.started_on DESC, r.id DESC "
        f"LIMIT 1) "
        f"FROM {child} c WHERE c.{by} = %s" + (" FOR UPDATE OF c" if lock else "")
    )


def _registration_child(
    actor: Actor,
    *,
    child_id: int | None,
    nhs_number: str | None,
    setting_id: int,
    day: dt.date,
) -> _Found | None:
    """The child to register, or None when there is no such child or the actor may not trace
    them (the same answer).

    The child's row stays locked until commit (on PostgreSQL; SQLite's writers already run one
    at a time), so two registrations of the same child run one after the other: each counts the
    other's attendance (R-FLAG-7 reviews are neither missed nor doubled). Registrations of
    different children do not wait for each other."""
    connection = transaction.get_connection()
    by, value = ("id", child_id) if child_id is not None else ("nhs_number", nhs_number)
    sql = _registration_child_sql(by=by, lock=connection.vendor == "postgresql")
    adapt_date = connection.ops.adapt_datefield_value
    kind = CareRelationshipKind.ATTENDS.value
    params = [False, setting_id, kind, adapt_date(day), setting_id, kind, value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[: len(_CHILD_COLUMNS)])
    born = values[4]
    if isinstance(born, str):  # SQLite hands back the text it stores
        values[4] = dt.date.fromisoformat(born)
    child = Child.from_db(connection.alias, list(_CHILD_COLUMNS), values)
    if not _may_register(actor, child_id=child.pk, by_id=child_id is not None):
        return None
    any_flag, any_risk, current, latest = row[len(_CHILD_COLUMNS) :]
    return _Found(
        child=child,
        any_flag=bool(any_flag),
        any_risk=bool(any_risk),
        attends_current=bool(current),
        attends_latest=latest,
    )


def _may_register(actor: Actor, *, child_id: int, by_id: bool) -> bool:
    """R-FLAG-3, R-FLAG-10, ADR 019. By NHS number (an exact trace) unscheduled care may
    register any child, as ADR 006 says; everyone else registers only the children they see.
    By id (the page's "Register attendance" button, a FHIR ``Patient/{id}`` reference) the id
    must be of a child this user may already see: one they traced a few minutes ago
    (access.traces), or one their organisation has a relationship with. An id alone reaches
    nobody, so ids cannot be walked one by one."""
    if not by_id and policy_for(actor.role).may_trace_any_child:
        return True
    return children_visible_to(actor).filter(pk=child_id).exists()


_RELATIONSHIP_END_SQL = f"UPDATE {CareRelationship._meta.db_table} SET ended_on = %s WHERE id = %s"  # noqa: S608 - the model's table


def _attended_relationship_keep(
    *, child_id: int, setting_id: int, day: dt.date, current: bool, latest_id: int | None
) -> None:
    """Give the setting a legitimate relationship with the child it has just seen.

    Choice (R-FLAG-10): an attendance is an episode, not an ongoing relationship. The ATTENDS
    relationship is recorded as ended on the day of the latest attendance, so the scope's grace
    period (90 days) lets the setting see the child for three months after each attendance, and
    no longer. A later attendance moves the end date on; a relationship someone left open is
    left alone. ``current`` and ``latest_id`` come from ``_registration_child``, read with the
    child.
    """
    if current:
        return
    connection = transaction.get_connection()
    if latest_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                _RELATIONSHIP_END_SQL, [connection.ops.adapt_datefield_value(day), latest_id]
            )
        return
    insert_model(  # hand-written statements (ADR 016): most registrations write one of these
        CareRelationship(
            child_id=child_id,
            organisation_id=setting_id,
            kind=CareRelationshipKind.ATTENDS,
            started_on=day,
            ended_on=day,
        )
    )


def _tell_safeguarding_leads(
    *, org_ids: list[int], org_code: str, subject: str, body: str, child_id: int
) -> None:
    """An in-app message for each safeguarding lead; no e-mail, because the message is about
    an identifiable child and the task list behind sign-in has the detail."""
    for user_id in sorted({m.user_id for m in safeguarding_leads_at(org_ids)}):
        notification_send(
            recipient_user_id=user_id,
            recipient_email="",
            recipient_org_code=org_code,
            topic="task-raised",
            subject=subject,
            body=body,
            link="/tasks/",
            child_id=child_id,
        )


def _councils_notify(
    *, banner: FlagBanner, encounter: Encounter, setting: Organisation, actor: Actor
) -> list[str]:
    """R-FLAG-5: one inbox entry per open flag, and one e-mail per council, naming no child."""
    # The councils come from the organisations remembered per process (ADR 014).
    councils = organisations_by_id({f.council_id for f in banner.open})
    now = clock.now()
    for f in banner.open:
        insert_model(  # one hand-written INSERT each (ADR 016); usually one open plan
            FlagAttendanceAlert(
                la_id=f.council_id,
                flag_id=f.flag_id,
                child_id=encounter.child_id,
                mother_id=encounter.mother_id,
                encounter=encounter,
                setting_name=setting.name,
                registered_by=f"{actor.name} ({actor.role.label})",
                attended_at=encounter.started_at,
                created_at=now,
            )
        )
    when = timezone.localtime(encounter.started_at).strftime("%H:%M on %-d %B %Y")
    for la in councils.values():
        # The e-mail names no child: the council's inbox behind sign-in has who and where.
        notification_send(
            recipient_user_id=None,
            recipient_email=la.email,
            recipient_org_code=la.code,
            topic="flag-attendance",
            subject="A child on one of your plans has attended unscheduled care",
            body=(
                f"A child on a child protection plan, looked after, or on an unborn child plan "
                f"held by {la.name} attended {setting.name} at {when}. Sign in to Seen and "
                f"Heard to see who it was and who registered the attendance."
            ),
            link="/council/attendances/",
        )
    return sorted(la.name for la in councils.values())


def _frequent_review(
    *,
    encounter: Encounter,
    attendances: list[Encounter],
    window_start: dt.datetime,
    threshold: int,
    setting: Organisation,
) -> tuple[Task | None, bool]:
    """R-FLAG-7: the threshold-th unscheduled attendance in the window, at any setting, puts
    the child up for one review by the safeguarding lead of the trust where it happened; later
    attendances join the open review instead of starting another."""
    child_id = encounter.child_id
    assert child_id is not None  # a child's attendance: mothers are not reviewed here
    in_window = [e for e in attendances if e.unscheduled and e.started_at >= window_start]
    if not frequent_attendance_review_due(
        attendances_in_window=len(in_window), threshold=threshold
    ):
        return None, False
    reviews = list(
        Task.objects.filter(child_id=child_id, kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW).order_by(
            "-created_at"
        )[:1]
    )
    if reviews and reviews[0].status == TaskStatus.OPEN:
        reviews[0].encounters.add(encounter)
        return reviews[0], False
    if reviews and reviews[0].closed_at is not None:
        # A closed review has dealt with the attendances before it: a new review needs the
        # threshold reached again by attendances since, or every later visit would raise one.
        in_window = [e for e in in_window if e.started_at > reviews[0].closed_at]
        if not frequent_attendance_review_due(
            attendances_in_window=len(in_window), threshold=threshold
        ):
            return None, False
    trust_id = _trust_of(setting)
    review = Task.objects.create(
        kind=TaskKind.FREQUENT_ATTENDANCE_REVIEW,
        child_id=child_id,
        owner_org_id=trust_id,
        owner_role=Role.SAFEGUARDING_LEAD,
        title=f"Review frequent attendance: {len(in_window)} unscheduled attendances",
        detail=(
            f"{len(in_window)} attendances at unscheduled care since "
            f"{timezone.localtime(window_start):%-d %B %Y}, the latest at {setting.name}. "
            "The report asks for a review by the consultant paediatrician responsible for "
            "safeguarding."
        ),
        requirement="R-FLAG-7",
        created_at=clock.now(),
    )
    review.encounters.add(*in_window)
    _tell_safeguarding_leads(
        org_ids=[trust_id, setting.pk],
        org_code=setting.code,
        subject="A child is up for a frequent attendance review",
        body=(
            f"A child has had {len(in_window)} unscheduled-care attendances in the review "
            f"window, the latest at {setting.name}. The review is in your task list."
        ),
        child_id=child_id,
    )
    return review, True


def _sexual_health_task(*, encounter: Encounter, setting: Organisation, reasons: list[str]) -> Task:
    """R-FLAG-8: a task for the organisation's safeguarding lead, automatically."""
    child_id = encounter.child_id
    assert child_id is not None  # a child's attendance
    trust_id = _trust_of(setting)
    task = Task.objects.create(
        kind=TaskKind.SEXUAL_HEALTH_SAFEGUARDING,
        child_id=child_id,
        owner_org_id=trust_id,
        owner_role=Role.SAFEGUARDING_LEAD,
        title="Sexual health attendance: " + "; ".join(reasons),
        detail=(
            f"Attendance at {setting.name} flagged automatically: {'; '.join(reasons)}. "
            "Consider a safeguarding referral."
        ),
        requirement="R-FLAG-8",
        created_at=clock.now(),
    )
    task.encounters.add(encounter)
    _tell_safeguarding_leads(
        org_ids=[trust_id, setting.pk],
        org_code=setting.code,
        subject="A sexual health attendance needs a safeguarding review",
        body=f"An attendance at {setting.name} was flagged: {'; '.join(reasons)}.",
        child_id=child_id,
    )
    return task


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
    alert and e-mail (R-FLAG-5), the frequent-attendance review (R-FLAG-7), the sexual-health
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
    the window count once towards frequent attendance (R-FLAG-7, ``rules.attendances_counted``).

    Two requests sending one key at the same moment for different people (a double-clicked
    form, a retry racing its original) cannot both register: the database's uniqueness of the
    key stops the second, which is then answered as if it had come just after the first.
    """
    attempt = functools.partial(
        _register_once,
        actor=actor,
        child_id=child_id,
        nhs_number=nhs_number,
        mother_id=mother_id,
        started_at=started_at,
        request_key=request_key,
        repeat_confirmed=repeat_confirmed,
        status=status,
    )
    try:
        return attempt()
    except IntegrityError:
        if not request_key:
            raise
        # ADR 010: the other request committed first; its attendance now decides the answer
        # (shown again for the same person, RequestKeyReused for another). Nothing of this
        # attempt was kept: its transaction was rolled back whole.
        return attempt()


@transaction.atomic
def _register_once(
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
    """One attempt at ``encounter_register``, in its own transaction."""
    problem = registering_setting_problem(actor)
    if problem:
        raise SettingCannotRegister(problem)
    # The start is checked before anyone is looked for: a start too far ahead is refused as
    # such, whether or not the child is found (ADR 025).
    started_at = _start_checked(started_at)
    if mother_id is not None and child_id is None and nhs_number is None:
        return _mother_register(
            actor=actor,
            which=Q(pk=mother_id),
            by_nhs_number=False,
            started_at=started_at,
            request_key=request_key,
            status=status,
        )
    if (child_id is None) == (nhs_number is None):
        raise PersonNotNamed
    setting = actor.organisation
    day = timezone.localdate(started_at)
    found = _registration_child(
        actor, child_id=child_id, nhs_number=nhs_number, setting_id=setting.pk, day=day
    )
    child = found.child if found is not None else None
    if found is None or child is None:
        if nhs_number is not None:
            return _mother_register(
                actor=actor,
                which=Q(nhs_number=nhs_number),
                by_nhs_number=True,
                started_at=started_at,
                request_key=request_key,
                status=status,
            )
        raise PersonNotFound
    # After the child's lock, so a retry racing its original sees the original's row.
    earlier = _earlier_registration(actor=actor, request_key=request_key, child_id=child.pk)
    if earlier is not None:
        return _registration_repeated(actor=actor, encounter=earlier, child=child)
    attended_on = timezone.localdate(started_at)
    unscheduled = setting.is_unscheduled_care
    values = protocol_values_for(_REGISTRATION_KEYS, chain=area_chain(setting))
    repeat_minutes = values["attendance.repeat_minutes"]
    if not repeat_confirmed:
        _repeat_check(child=child, setting_id=setting.pk, at=started_at, minutes=repeat_minutes)

    banner = flag_banner_for(
        child,
        today=attended_on,
        previously_months=values["flag.previously_on_plan_months"],
        has_flags=found.any_flag,
        has_risks=found.any_risk,
    )

    reasons: list[str] = []
    if setting.setting_type == SettingType.SEXUAL_HEALTH:
        looked_after = any(f.plan_type == PlanType.LAC for f in banner.open)
        reasons = sexual_health_flag_reasons(
            age=clock.age_on(child.date_of_birth, attended_on),
            looked_after=looked_after,
            under_age=values["sexual_health.flag_under_age"],
        )

    encounter = _encounter_new(
        actor=actor,
        started_at=started_at,
        request_key=request_key,
        child_id=child.pk,
        flag_reasons=reasons,
        status=status,
    )
    _attended_relationship_keep(
        child_id=child.pk,
        setting_id=setting.pk,
        day=attended_on,
        current=found.attends_current,
        latest_id=found.attends_latest,
    )

    window_months = values["attendance.frequent_window_months"]
    shown_since = months_before(started_at, max(window_months, ATTENDANCES_SHOWN_MONTHS))
    recent = attendances_since(child_id=child.pk, since=shown_since)
    attendances_cutoff = months_before(started_at, ATTENDANCES_SHOWN_MONTHS)
    attendances = [e for e in recent if e.started_at >= attendances_cutoff]

    notified: list[str] = []
    if council_is_notified(unscheduled_setting=unscheduled, has_open_flag=banner.has_open_flag):
        notified = _councils_notify(
            banner=banner, encounter=encounter, setting=setting, actor=actor
        )

    review: Task | None = None
    review_created = False
    window_start = months_before(started_at, window_months)
    # R-FLAG-7: the same visit registered again within minutes counts once (ADR 022).
    counted = attendances_counted(
        [e for e in recent if e.unscheduled], repeat_minutes=repeat_minutes
    )
    unscheduled_in_window = sum(1 for e in counted if e.started_at >= window_start)
    counts = any(e.pk == encounter.pk for e in counted)
    if unscheduled and counts:
        review, review_created = _frequent_review(
            encounter=encounter,
            attendances=counted,
            window_start=window_start,
            threshold=values["attendance.frequent_threshold"],
            setting=setting,
        )

    sexual_task = (
        _sexual_health_task(encounter=encounter, setting=setting, reasons=reasons)
        if reasons
        else None
    )

    told = 0
    if banner.risks:  # the banner already read the open risk flags: no query when there are none
        told = risk_flags_seen(
            child_id=child.pk,
            setting_name=setting.name,
            seen_at_text=timezone.localtime(started_at).strftime("%H:%M on %-d %B %Y"),
        )

    views = recent_flag_views(
        child_id=child.pk,
        limit=values["flag.views_shown"],
        repeat_hours=values["flag.repeat_view_hours"],
    )

    # Audit last: the chain's head stays locked from here until the commit (module docstring).
    _registration_audit(
        actor=actor,
        banner=banner,
        encounter=encounter,
        notified=notified,
        review=review.pk if review else None,
        sexual_health_task=sexual_task.pk if sexual_task else None,
        flag_reasons=reasons,
    )
    return Registration(
        encounter=encounter,
        child=child,
        banner=banner,
        recent_views=views,
        attendances=attendances,
        notified_councils=notified,
        review=review,
        review_created=review_created,
        unscheduled_in_window=unscheduled_in_window,
        review_window_months=window_months,
        sexual_health_task=sexual_task,
        risk_owners_told=told,
        counted_with_earlier=unscheduled and not counts,
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


def _encounter_new(
    *,
    actor: Actor,
    started_at: dt.datetime,
    request_key: str,
    child_id: int | None = None,
    mother_id: int | None = None,
    flag_reasons: list[str] | None = None,
    status: str = "arrived",
) -> Encounter:
    """The attendance row, at the actor's setting, as registered by them."""
    setting = actor.organisation
    # One hand-written INSERT (ADR 016): every registration writes one.
    return insert_model(
        Encounter(
            child_id=child_id,
            mother_id=mother_id,
            setting=setting,
            setting_type=setting.setting_type,
            unscheduled=setting.is_unscheduled_care,
            started_at=started_at,
            status=status,
            registered_by_user_id=actor.user_id,
            registered_by_name=actor.name,
            registered_by_role=str(actor.role),
            flag_reasons=flag_reasons or [],
            request_key=request_key,
        )
    )


def _start_checked(started_at: dt.datetime | None) -> dt.datetime:
    """The start, now when none was given; StartInFuture when it is too far ahead (R-FLAG-3)."""
    now = clock.now()
    started_at = started_at or now
    if starts_in_future(started_at, now=now):
        raise StartInFuture
    return started_at


def _mother_register(
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
    # By id (the page), only a woman this user has just traced (ADR 019); by NHS number (the
    # API), anyone the actor may trace.
    reachable = adults_traceable_by(actor) if by_nhs_number else adults_visible_to(actor)
    mother = (
        reachable.select_for_update(of=("self",))
        .filter(which)
        .only("pk", "nhs_number", "given_name", "family_name", "date_of_birth", "sex")
        .first()
    )
    if mother is None:
        raise PersonNotFound
    earlier = _earlier_registration(actor=actor, request_key=request_key, mother_id=mother.pk)
    if earlier is not None:
        return _registration_repeated(actor=actor, encounter=earlier, mother=mother)
    setting = actor.organisation
    unscheduled = setting.is_unscheduled_care
    values = protocol_values_for(_REGISTRATION_KEYS, chain=area_chain(setting))
    banner = mother_flag_banner(
        mother,
        today=timezone.localdate(started_at),
        previously_months=values["flag.previously_on_plan_months"],
    )
    encounter = _encounter_new(
        actor=actor,
        started_at=started_at,
        request_key=request_key,
        mother_id=mother.pk,
        status=status,
    )
    attendances = attendances_since(
        mother_id=mother.pk, since=months_before(started_at, ATTENDANCES_SHOWN_MONTHS)
    )
    notified: list[str] = []
    if council_is_notified(unscheduled_setting=unscheduled, has_open_flag=banner.has_open_flag):
        notified = _councils_notify(
            banner=banner, encounter=encounter, setting=setting, actor=actor
        )
    views = recent_flag_views(
        mother_id=mother.pk,
        limit=values["flag.views_shown"],
        repeat_hours=values["flag.repeat_view_hours"],
    )
    _registration_audit(
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


def _earlier_registration(
    *, actor: Actor, request_key: str, child_id: int | None = None, mother_id: int | None = None
) -> Encounter | None:
    """The attendance this request key already registered (ADR 010), or None. A key that
    registered someone else is refused (RequestKeyReused)."""
    if not request_key:
        return None
    earlier = Encounter.objects.filter(
        registered_by_user_id=actor.user_id, request_key=request_key
    ).first()
    if earlier is None:
        return None
    if (earlier.child_id, earlier.mother_id) != (child_id, mother_id):
        raise RequestKeyReused("child" if child_id is not None else "person")
    return earlier


def _registration_audit(
    *,
    actor: Actor,
    banner: FlagBanner,
    encounter: Encounter,
    notified: list[str],
    **detail: object,
) -> None:
    """The look-up of the flags and the new attendance (R-FLAG-4), in one append: the chain's
    head is locked once, from here until the commit."""
    registered = {
        "setting": encounter.setting.code,
        "unscheduled": encounter.unscheduled,
        "started_at": encounter.started_at.isoformat(),
        "councils_notified": notified,
        **detail,
    }
    audit_record_many(
        actor=actor,
        items=[
            flag_lookup_event(banner, purpose="registration"),
            (AuditAction.CREATE, "Encounter", encounter.pk, encounter.child_id, registered),
        ],
    )


def _registration_repeated(
    *, actor: Actor, encounter: Encounter, child: Child | None = None, mother: Adult | None = None
) -> Registration:
    """The same registration sent again: show it as it stands now (the look-up is a new view of
    the flag, so it is audited), registering and notifying nothing."""
    today = timezone.localdate(encounter.started_at)
    since = months_before(clock.now(), ATTENDANCES_SHOWN_MONTHS)
    if child is not None:
        banner = flag_banner_for(child, today=today)
        attendances = attendances_since(child_id=child.pk, since=since)
        views = recent_flag_views(child_id=child.pk)
    else:
        assert mother is not None
        banner = mother_flag_banner(mother, today=today)
        attendances = attendances_since(mother_id=mother.pk, since=since)
        views = recent_flag_views(mother_id=mother.pk)
    audit_flag_lookup(actor=actor, banner=banner, purpose="registration-repeated")
    return Registration(
        encounter=encounter,
        child=child,
        mother=mother,
        banner=banner,
        recent_views=views,
        attendances=attendances,
        repeated=True,
    )


@transaction.atomic
def council_alert_mark_seen(*, actor: Actor, alert_id: int) -> FlagAttendanceAlert | None:
    """A social worker or flag administrator marks an attendance in the council's inbox as seen
    (R-FLAG-5). None when there is no such alert for their council (the same answer as not
    allowed). Marking twice keeps the first person and time."""
    la = council_of(actor)
    if la is None:
        return None
    alert = FlagAttendanceAlert.objects.select_for_update().filter(pk=alert_id, la=la).first()
    if alert is None:
        return None
    if alert.seen_at is None:
        alert.seen_at = clock.now()
        alert.seen_by = actor.username
        alert.save(update_fields=["seen_at", "seen_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="FlagAttendanceAlert",
            object_id=alert.pk,
            child_id=alert.child_id,
            detail={"seen": True},
        )
    return alert
