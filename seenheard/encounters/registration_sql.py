"""The registration path's statements (ADR 016): the child with what registration needs to know
about them in one statement, the setting's care relationship kept by the attendance, and the
new attendance. Written as SQL, the same on SQLite and PostgreSQL, because these run on every
registration (docs/performance.md); table names come from the models, values are parameters,
and ``core.rawsql`` runs them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.children.models import CareRelationship, CareRelationshipKind, Child
from seenheard.core.rawsql import execute, fetch_one_raw, insert_model
from seenheard.encounters.models import Encounter
from seenheard.flags.models import ProtectionFlag, RiskFlag


@dataclass(frozen=True)
class Found:
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


def registration_child(
    actor: Actor,
    *,
    child_id: int | None,
    nhs_number: str | None,
    setting_id: int,
    day: dt.date,
) -> Found | None:
    """The child to register, or None when there is no such child or the actor may not trace
    them (the same answer).

    The child's row stays locked until commit (on PostgreSQL; SQLite's writers already run one
    at a time), so two registrations of the same child run one after the other: each counts the
    other's attendance (frequent-attendance reviews are neither missed nor doubled).
    Registrations of different children do not wait for each other."""
    connection = transaction.get_connection()
    by, value = ("id", child_id) if child_id is not None else ("nhs_number", nhs_number)
    sql = _registration_child_sql(by=by, lock=connection.vendor == "postgresql")
    adapt_date = connection.ops.adapt_datefield_value
    kind = CareRelationshipKind.ATTENDS.value
    params = [False, setting_id, kind, adapt_date(day), setting_id, kind, value]
    row = fetch_one_raw(sql, params)
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
    return Found(
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


def attended_relationship_keep(
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
    if latest_id is not None:
        adapt_date = transaction.get_connection().ops.adapt_datefield_value
        execute(_RELATIONSHIP_END_SQL, [adapt_date(day), latest_id])
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


def encounter_new(
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
