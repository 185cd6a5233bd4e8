"""The demo's outcomes over time (issue 11 item 6; R-OUT-5): Islington's (council A's) own
outcome measures, agreed with its Children in Care Council, one of them changed and one retired
so the history shows; and values over the last two years for the children in its care, most
getting slowly better, so the child's record and the cohort page have something to show.

The measures go through the service as the looked-after children's nurse (versioned, audited);
the values are written in bulk, deterministic for the seed. Nothing is added when council A
already has measures.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from seenheard.access.actor import actor_for
from seenheard.accounts.models import Organisation, User
from seenheard.core import clock
from seenheard.lac_health.models import Episode
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.models import (
    OutcomeMeasure,
    OutcomeMeasureVersion,
    OutcomeRecord,
)
from seenheard.lac_health.outcomes.services import measure_change, measure_define

COUNCIL_A = "E09000019"
AGREED = "Islington Children in Care Council and the health drop-in, January 2025"
POINTS = (
    rules.Point(0, "Never"),
    rules.Point(1, "Sometimes"),
    rules.Point(2, "Most of the time"),
    rules.Point(3, "Always"),
)
MEASURES = (
    rules.MeasureInput(
        name="Sleeping well",
        measures="How many nights in the last week the young person slept through.",
        direction="higher",
        co_produced_with=AGREED,
        childrens_words="Nights I sleep right through",
        reason="The young people said sleep was the first thing that goes wrong when they worry.",
        scale=rules.Scale(Decimal(0), Decimal(7), unit="nights"),
    ),
    rules.MeasureInput(
        name="Feeling safe where I live",
        measures="How often the young person feels safe in their placement, in their words.",
        direction="higher",
        co_produced_with=AGREED,
        childrens_words="Do I feel safe at home?",
        reason="Asked for by the Children in Care Council.",
        scale=rules.Scale(Decimal(0), Decimal(3), points=POINTS),
    ),
    rules.MeasureInput(
        name="Worries getting in the way",
        measures="How much worries stopped the young person doing things last week, 0 to 10.",
        direction="lower",
        co_produced_with=AGREED,
        childrens_words="How much my worries stop me",
        reason="To see whether emotional support is making a difference.",
        scale=rules.Scale(Decimal(0), Decimal(10)),
    ),
)
RETIRED = rules.MeasureInput(
    name="Days missed at school",
    measures="School days missed for health reasons last term.",
    direction="lower",
    co_produced_with="Virtual school head and the looked-after children's nurses, 2024",
    reason="Counted before the Children in Care Council chose its own measures.",
    scale=rules.Scale(Decimal(0), Decimal(60), unit="days"),
)


def _measures(la: Organisation) -> list[OutcomeMeasureVersion]:
    nurse = actor_for(User.objects.get(username="lac.nurse"))
    for data in MEASURES:
        measure_define(actor=nurse, la_code=la.code, data=data)
    sleep = OutcomeMeasure.objects.get(la=la, code="sleeping-well")
    measure_change(
        actor=nurse,
        measure_id=sleep.pk,
        data=rules.MeasureInput(
            **{**vars(MEASURES[0]), "reason": "The young people asked for their own words."}
        ),
    )
    retired = measure_define(actor=nurse, la_code=la.code, data=RETIRED)
    measure_change(
        actor=nurse,
        measure_id=retired.pk,
        data=rules.MeasureInput(
            **{**vars(RETIRED), "active": False, "reason": "Replaced by the children's own."}
        ),
    )
    current: dict[int, OutcomeMeasureVersion] = {}
    for version in OutcomeMeasureVersion.objects.filter(measure__la=la).select_related("measure"):
        current.setdefault(version.measure_id, version)  # newest first (the model's order)
    return [v for v in current.values() if v.active]


def _values(
    rng: random.Random, version: OutcomeMeasureVersion, days: list[dt.date]
) -> list[Decimal]:
    """A child's values on these days: a start somewhere on the scale, drifting better."""
    low, high = int(version.scale_min), int(version.scale_max)
    better = 1 if version.direction == "higher" else -1
    value = (
        rng.randint(low, (low + high) // 2) if better > 0 else rng.randint((low + high) // 2, high)
    )
    out = []
    for _ in days:
        out.append(Decimal(min(high, max(low, value))))
        value += better * rng.choice((0, 1, 1, 2)) - better * rng.choice((0, 0, 1))
    return out


@transaction.atomic
def demo_outcomes_ensure(*, seed: int = 1) -> int:
    """Council A's measures and its children's values; returns the values added."""
    la = Organisation.objects.filter(code=COUNCIL_A).first()
    if la is None or OutcomeMeasure.objects.filter(la=la).exists():
        return 0
    versions = _measures(la)
    today, now = clock.today(), clock.now()
    org = Organisation.objects.get(code="RDEMO-LAC")
    starts: dict[int, tuple[dt.date, dt.date]] = {}
    for child_id, start, born in Episode.objects.filter(
        lac_child__la=la, superseded_at__isnull=True, dec__isnull=True
    ).values_list("lac_child__child_id", "period_start", "lac_child__date_of_birth"):
        starts[child_id] = (start, born)
    rows = []
    for child_id, (start, born) in sorted(starts.items()):
        first = max(start, today - dt.timedelta(days=730), born + dt.timedelta(days=4 * 365))
        if first >= today:
            continue
        days = [first + dt.timedelta(days=120 * i) for i in range(7)]
        days = [d for d in days if d <= today]
        for version in versions:
            rng = random.Random(f"seenheard:outcomes:{seed}:{child_id}:{version.measure.code}")
            for day, value in zip(days, _values(rng, version, days), strict=True):
                rows.append(
                    OutcomeRecord(
                        child_id=child_id,
                        measure=version.measure,
                        version=version,
                        value=value,
                        measured_on=day,
                        organisation=org,
                        recorded_by="lac.nurse",
                        recorded_by_name="Lola Adeyemi",
                        recorded_at=now,
                    )
                )
    OutcomeRecord.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
