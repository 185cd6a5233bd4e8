"""Reading outcome measures and values (R-OUT-5, R-OUT-4). Every read of a child's values
starts from ``children_visible_to(actor)`` and is audited in the same transaction; the cohort's
figures name no child and are audited as one view of the council's cohort. Measures hold no
child data: a council's are read by the staff of the team that looks after its children."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Organisation
from seenheard.audit.services import audit_view
from seenheard.children.models import Child
from seenheard.lac_health.models import CouncilHealthTeam, HealthPlan, LacChild
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.models import (
    OutcomeMeasure,
    OutcomeMeasureVersion,
    OutcomeRecord,
)
from seenheard.lac_health.selectors import current_episodes
from seenheard.screening.models import SdqRecord, SdqReview
from seenheard.screening.selectors import sdq_reviews_for_child, sdqs_for_child


def councils_of(actor: Actor) -> list[Organisation]:
    """The councils whose children in care the actor's team looks after (its health team is
    the actor's organisation or inside it), or the council the actor works for."""
    if not policy_for(actor.role).sees_child_data:
        return []
    scope = actor.scope_org_ids
    ids = CouncilHealthTeam.objects.filter(Q(team_id__in=scope) | Q(la_id__in=scope)).values(
        "la_id"
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def council_get(*, actor: Actor, la_code: str) -> Organisation | None:
    return next((c for c in councils_of(actor) if c.code == la_code.strip().upper()), None)


def measure_get(*, actor: Actor, measure_id: int, lock: bool = False) -> OutcomeMeasure | None:
    """A measure of a council the actor works for (None for any other: the same answer)."""
    councils = [c.pk for c in councils_of(actor)]
    rows = OutcomeMeasure.objects.filter(pk=measure_id, la_id__in=councils).select_related("la")
    return (rows.select_for_update() if lock else rows).first()


def current_version(measure: OutcomeMeasure) -> OutcomeMeasureVersion:
    version = measure.versions.order_by("-number").first()
    assert version is not None  # a measure is written with its first version
    return version


@dataclass(frozen=True)
class MeasureView:
    measure: OutcomeMeasure
    current: OutcomeMeasureVersion
    history: list[OutcomeMeasureVersion] = field(default_factory=list)


def _views_of(la_ids: list[int]) -> list[MeasureView]:
    """The measures of these councils, in use first, each with its current version and its
    history (measures hold no child data)."""
    versions: dict[int, list[OutcomeMeasureVersion]] = {}
    for v in OutcomeMeasureVersion.objects.filter(measure__la_id__in=la_ids).select_related(
        "measure__la"
    ):
        versions.setdefault(v.measure_id, []).append(v)
    views = [MeasureView(history[0].measure, history[0], history) for history in versions.values()]
    return sorted(views, key=lambda m: (not m.current.active, m.current.name.lower()))


def measures_of(*, actor: Actor, la: Organisation) -> list[MeasureView]:
    """A council's measures, for the staff who look after its children in care."""
    if la.pk not in {c.pk for c in councils_of(actor)}:
        return []
    return _views_of([la.pk])


def measure_view(*, actor: Actor, measure_id: int) -> MeasureView | None:
    measure = measure_get(actor=actor, measure_id=measure_id)
    if measure is None:
        return None
    history = list(measure.versions.order_by("-number"))
    return MeasureView(measure, history[0], history)


def measure_by_code(*, actor: Actor, code: str, la_code: str | None) -> OutcomeMeasure | None:
    """A measure by its code, in the council named (or any council the actor works for)."""
    councils = [c for c in councils_of(actor) if la_code is None or c.code == la_code]
    return OutcomeMeasure.objects.filter(la__in=councils, code=code).select_related("la").first()


# --- a child's outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class ChildOutcomes:
    """What the child's health record shows of outcomes over time (R-OUT-5, R-OUT-4)."""

    child: Child
    measures: list[MeasureView]  # of the councils caring for the child, in use first
    can_record: bool  # the actor looks after children in care of one of those councils
    records: list[OutcomeRecord]  # oldest first
    sdqs: list[SdqRecord]
    sdq_reviews: list[SdqReview]
    plans: list[HealthPlan]


@transaction.atomic
def child_outcomes(*, actor: Actor, child_id: int) -> ChildOutcomes | None:
    """A looked-after child's outcome values, SDQs and the interventions around them (the
    specialist reviews an SDQ led to, the health plans), or None when the child is not found
    or not allowed. Audited as a view of the child's outcomes (and of their SDQs)."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        return None
    la_ids = list(LacChild.objects.filter(child=child).values_list("la_id", flat=True))
    if not la_ids:
        return None
    records = list(
        OutcomeRecord.objects.filter(child=child)
        .select_related("measure", "version", "voice", "voice__organisation")
        .order_by("measured_on", "pk")
    )
    audit_view(
        actor=actor,
        object_type="OutcomeRecord",
        object_id=child.pk,
        child_id=child.pk,
        detail={"purpose": "outcomes-over-time", "count": len(records)},
    )
    mine = {c.pk for c in councils_of(actor)}
    history = sdqs_for_child(actor=actor, child_id=child.pk)  # its detail only where allowed
    return ChildOutcomes(
        child=child,
        measures=_views_of(la_ids),
        can_record=bool(mine.intersection(la_ids)),
        records=records,
        sdqs=history.records if history is not None else [],
        sdq_reviews=sdq_reviews_for_child(actor=actor, child_id=child.pk),
        plans=list(
            HealthPlan.objects.filter(child=child)
            .prefetch_related("objectives")
            .order_by("recorded_at")
        ),
    )


def child_by_nhs_number(*, actor: Actor, nhs_number: str) -> Child | None:
    """The child with this NHS number, if the actor may see them (for the API, which names
    children by NHS number; what is then read or recorded of them is audited there)."""
    return children_visible_to(actor).filter(nhs_number=nhs_number).first()


@transaction.atomic
def record_child(*, actor: Actor, child_id: int) -> Child | None:
    """The child, if the actor may see them and a council has them in its care (for the form
    that records a value, which names them: audited)."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None or not LacChild.objects.filter(child=child).exists():
        return None
    audit_view(
        actor=actor,
        object_type="OutcomeRecord",
        object_id=child.pk,
        child_id=child.pk,
        detail={"purpose": "record-outcome-form"},
    )
    return child


@transaction.atomic
def outcome_get(*, actor: Actor, record_id: int) -> OutcomeRecord | None:
    record = (
        OutcomeRecord.objects.filter(pk=record_id, child__in=children_visible_to(actor))
        .select_related("child", "measure__la", "version")
        .first()
    )
    if record is not None:
        audit_view(
            actor=actor,
            object_type="OutcomeRecord",
            object_id=record.pk,
            child_id=record.child_id,
            detail={"purpose": "outcome-record"},
        )
    return record


@transaction.atomic
def outcomes_for_child(
    *, actor: Actor, child_id: int, measure: OutcomeMeasure | None = None
) -> list[OutcomeRecord]:
    """A child's values (of one measure, when given), oldest first; empty when the child is
    not found or not allowed. Audited as a view of the child's outcomes."""
    rows: QuerySet[OutcomeRecord] = OutcomeRecord.objects.filter(
        child_id=child_id, child__in=children_visible_to(actor)
    )
    if measure is not None:
        rows = rows.filter(measure=measure)
    records = list(rows.select_related("child", "measure__la", "version").order_by("measured_on"))
    if records:
        audit_view(
            actor=actor,
            object_type="OutcomeRecord",
            object_id=child_id,
            child_id=child_id,
            detail={"purpose": "outcome-search", "count": len(records)},
        )
    return records


# --- a council's cohort ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """A measure's figures for a council's children in care (no child named)."""

    measure: MeasureView
    looked_after: int
    quarters: list[rules.QuarterFigure]
    improvement: rules.Improvement


def _cohort(
    view: MeasureView, *, children: QuerySet[Child] | None, today: dt.date, quarters: int
) -> Cohort:
    measure = view.measure
    episodes = current_episodes(la=measure.la, day=today)
    if children is not None:
        episodes = episodes.filter(lac_child__child__in=children)
    ids = set(episodes.values_list("lac_child__child_id", flat=True))
    values = [
        rules.Value(child_id, on, float(value))
        for child_id, on, value in OutcomeRecord.objects.filter(
            measure=measure, child_id__in=ids
        ).values_list("child_id", "measured_on", "value")
    ]
    return Cohort(
        measure=view,
        looked_after=len(ids),
        quarters=rules.cohort_by_quarter(values, rules.quarters_to(today, quarters)),
        improvement=rules.improvement(values, higher_is_better=view.current.direction == "higher"),
    )


@transaction.atomic
def cohort_for(
    *, actor: Actor, la: Organisation, today: dt.date, quarters: int = 8
) -> list[Cohort]:
    """R-OUT-5: each of the council's measures over its children in care today whom the actor
    may see: per quarter and whether they improved. Audited as one view of the cohort."""
    if la.pk not in {c.pk for c in councils_of(actor)}:
        return []
    views = measures_of(actor=actor, la=la)
    cohorts = [
        _cohort(v, children=children_visible_to(actor), today=today, quarters=quarters)
        for v in views
    ]
    audit_view(
        actor=actor,
        object_type="OutcomeCohort",
        object_id=la.pk,
        child_id=None,
        detail={"la": la.code, "on": today.isoformat(), "measures": len(views)},
    )
    return cohorts


def cohort_for_council(*, la: Organisation, today: dt.date, quarters: int = 8) -> list[Cohort]:
    """The same for the operator's command, which acts for the council (every child in its
    care; figures only, no child named)."""
    views = sorted(_views_of([la.pk]), key=lambda m: m.measure.code)
    return [_cohort(v, children=None, today=today, quarters=quarters) for v in views]
