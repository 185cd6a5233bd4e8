"""Defining outcome measures and recording their values (R-OUT-5, R-VOICE-1). Keyword-only,
atomic, audited in the same transaction; refusals are typed (``errors.py``) and change nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change, audit_record
from seenheard.core import clock
from seenheard.lac_health.models import LacChild
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.errors import (
    ChildNotFound,
    CouncilNotYours,
    MeasureNotFound,
    MeasureRejected,
    MeasureRetired,
    ValueRejected,
)
from seenheard.lac_health.outcomes.models import (
    OutcomeMeasure,
    OutcomeMeasureVersion,
    OutcomeRecord,
)
from seenheard.lac_health.outcomes.selectors import council_get, current_version, measure_get
from seenheard.voice.rules import VoiceInput
from seenheard.voice.services import voice_record


def _version(
    *, actor: Actor, measure: OutcomeMeasure, number: int, data: rules.MeasureInput
) -> OutcomeMeasureVersion:
    scale = data.scale
    assert scale is not None  # measure_problems refuses a measure without one
    points = [{"value": p.value, "label": p.label} for p in scale.points]
    low = min((p.value for p in scale.points), default=None)
    high = max((p.value for p in scale.points), default=None)
    return OutcomeMeasureVersion.objects.create(
        measure=measure,
        number=number,
        name=data.name.strip(),
        measures=data.measures.strip(),
        scale_min=scale.minimum if low is None else Decimal(low),
        scale_max=scale.maximum if high is None else Decimal(high),
        unit="" if points else scale.unit.strip(),
        points=points,
        direction=data.direction,
        co_produced_with=data.co_produced_with.strip(),
        childrens_words=data.childrens_words.strip(),
        active=data.active,
        reason=data.reason.strip(),
        changed_by=actor.username,
        changed_by_name=actor.name,
        changed_at=clock.now(),
    )


def _free_code(la_id: int, name: str) -> str:
    base = slugify(name)[:50] or "measure"
    taken = set(
        OutcomeMeasure.objects.filter(la_id=la_id, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def measure_define(*, actor: Actor, la_code: str, data: rules.MeasureInput) -> OutcomeMeasure:
    """R-OUT-5: a new outcome measure for a council whose children the actor's team looks
    after, as version 1 with who defined it and why. CouncilNotYours or MeasureRejected."""
    la = council_get(actor=actor, la_code=la_code)
    if la is None:
        raise CouncilNotYours(la_code)
    problems = rules.measure_problems(data)
    if problems:
        raise MeasureRejected(problems)
    measure = OutcomeMeasure.objects.create(
        la=la, code=_free_code(la.pk, data.name), created_at=clock.now()
    )
    _version(actor=actor, measure=measure, number=1, data=data)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="OutcomeMeasure",
        object_id=measure.pk,
        detail={"la": la.code, "code": measure.code, "version": 1},
    )
    return measure


@transaction.atomic
def measure_change(
    *, actor: Actor, measure_id: int, data: rules.MeasureInput
) -> OutcomeMeasureVersion:
    """R-OUT-5: a new version of the measure (retiring it is a version with ``active`` off),
    with who changed it and why; values already recorded keep the version they were recorded
    against. MeasureNotFound or MeasureRejected."""
    measure = measure_get(actor=actor, measure_id=measure_id, lock=True)
    if measure is None:
        raise MeasureNotFound
    problems = rules.measure_problems(data)
    if problems:
        raise MeasureRejected(problems)
    number = current_version(measure).number + 1
    version = _version(actor=actor, measure=measure, number=number, data=data)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="OutcomeMeasure",
        object_id=measure.pk,
        detail={"code": measure.code, "version": number, "active": data.active},
    )
    return version


def scale_of(version: OutcomeMeasureVersion) -> rules.Scale:
    return rules.Scale(
        minimum=version.scale_min,
        maximum=version.scale_max,
        unit=version.unit,
        points=tuple(rules.Point(int(p["value"]), str(p["label"])) for p in version.points),
    )


@dataclass(frozen=True)
class ValueInput:
    measure_id: int
    value: Decimal
    measured_on: dt.date


@transaction.atomic
def outcome_record(
    *, actor: Actor, child_id: int, data: ValueInput, voice: VoiceInput | None
) -> OutcomeRecord:
    """R-OUT-5: a value of a measure in use for a child in the care of the measure's council,
    on the measure's scale, dated from birth to today; with the child's view (R-VOICE-1) when
    given. ChildNotFound, MeasureNotFound, MeasureRetired or ValueRejected (every field)."""
    measure = measure_get(actor=actor, measure_id=data.measure_id)
    if measure is None:
        raise MeasureNotFound
    version = current_version(measure)
    if not version.active:
        raise MeasureRetired
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None or not LacChild.objects.filter(child=child, la_id=measure.la_id).exists():
        raise ChildNotFound
    problems: dict[str, str] = {}
    off_scale = rules.value_problem(data.value, scale_of(version))
    if off_scale:
        problems["value"] = off_scale
    when = rules.measured_on_problem(
        when=data.measured_on, date_of_birth=child.date_of_birth, today=clock.today()
    )
    if when:
        problems["measured_on"] = when
    if problems:
        raise ValueRejected(problems)
    held = (
        voice_record(actor=actor, child_id=child.pk, record_kind="lac-outcome", voice=voice)
        if voice is not None
        else None
    )
    record = OutcomeRecord.objects.create(
        child=child,
        measure=measure,
        version=version,
        value=data.value,
        measured_on=data.measured_on,
        voice=held,
        organisation=actor.organisation,
        recorded_by=actor.username,
        recorded_by_name=actor.name,
        recorded_at=clock.now(),
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="OutcomeRecord",
        object_id=record.pk,
        child_id=child.pk,
        detail={"measure": measure.code, "on": data.measured_on.isoformat()},
    )
    return record
