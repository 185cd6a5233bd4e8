"""The demo's looked-after children's SDQs (issue 11 item 10; R-OUT-3, R-OUT-4): a carer's SDQ
a year into care and every year after, for children aged 4 to 16 on the day; about one in eight
not completed (the carer refused, or a young person of 11 or more did), the rest scored as the
screening app scores them. A total of 14 or more was reviewed by a specialist, who saw the child
within a month; the last month's questionnaires all scored below 14, so no review waits without
its team's task. Written in bulk beside the rest of the seed's records in care (``demo.lac``).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from seenheard.core.clock import age_on
from seenheard.lac_health import rules
from seenheard.screening.models import SdqOutcome, SdqRecord, SdqReview, SdqReviewStatus
from seenheard.screening.questionnaires import SDQ, Informant, Scale
from seenheard.screening.rules import sdq_band, sdq_scores

if TYPE_CHECKING:
    from seenheard.demo.lac import PlannedChild

THRESHOLD = 14
REVIEWERS = (
    ("Dr Asha Patel, clinical psychologist", "CAMHS looked-after children's team"),
    ("Sam Okoro, mental health practitioner", "Emotional wellbeing service"),
)


#: Items whose "Not true" is the difficulty (scored 2, 1, 0), and the prosocial items.
REVERSED = frozenset({7, 11, 14, 21, 25})
PROSOCIAL = frozenset({1, 4, 9, 17, 20})


def _answers(rng: random.Random, level: float) -> list[int | None]:
    """25 answers as ticked for a child with difficulties of ``level`` (0 to 1): each item's
    difficulty drawn, then ticked as the questionnaire words it; one in 40 left blank."""
    ticked: list[int | None] = []
    for number in range(1, 26):
        difficulty = (rng.random() < level) + (rng.random() < level / 2)
        if rng.random() < 0.025:
            ticked.append(None)
        elif number in REVERSED or number in PROSOCIAL:
            ticked.append(2 - difficulty)
        else:
            ticked.append(difficulty)
    return ticked


def _dates(p: PlannedChild, today: dt.date) -> list[dt.date]:
    """The SDQs' dates: a year into the child's latest period of care, then yearly, while
    still in it."""
    dates_ = [rules.EpisodeDates(e[0], e[1], e[2]) for e in p.episodes]
    entered = rules.period_starts(dates_)[-1]
    end = p.episodes[-1][1] or today
    rng = random.Random(f"seenheard:lac-sdq-dates:{p.child_ref}")
    out = []
    due = rules.plus_months(entered, 12)
    while due <= min(end, today):
        on = min(due + dt.timedelta(days=rng.randint(-15, 30)), today, end)
        if 4 <= age_on(p.dob, on) <= 16:
            out.append(on)
        due = rules.plus_months(due, 12)
    return out


def _record(
    p: PlannedChild, on: dt.date, org: int, today: dt.date
) -> tuple[SdqRecord, SdqReview | None]:
    rng = random.Random(f"seenheard:lac-sdq:{p.child_ref}:{on}")
    at = dt.datetime.combine(on, dt.time(14, 0), tzinfo=dt.UTC)
    common = {
        "child_id": p.child_id,
        "informant": Informant.CARER,
        "completed_on": on,
        "version": SDQ.version,
        "organisation_id": org,
        "recorded_at": at,
    }
    if rng.random() < 0.12:
        reason = "SDQ5" if age_on(p.dob, on) >= 11 and rng.random() < 0.5 else "SDQ2"
        record = SdqRecord(outcome=SdqOutcome.NOT_COMPLETED, not_completed_reason=reason, **common)
        return record, None
    level = rng.choice((0.15, 0.25, 0.35, 0.45, 0.6))
    recent = (today - on).days < 30
    while True:
        items = _answers(rng, level)
        scores = sdq_scores(dict(enumerate(items, start=1)), informant=Informant.CARER)
        total = scores.total_difficulties
        if not (recent and total is not None and total >= THRESHOLD):
            break
        level /= 2
    record = SdqRecord(
        outcome=SdqOutcome.COMPLETED,
        answers={"items": items, "difficulties": None, "impact": {}},
        **{scale.value: scores.of(scale) for scale in Scale},
        externalising=scores.externalising,
        internalising=scores.internalising,
        total_band=sdq_band(Scale.TOTAL, total, informant=Informant.CARER) or "",
        **common,
    )
    if total is None or total < THRESHOLD:
        return record, None
    seen_on = on + dt.timedelta(days=rng.randint(10, 28))
    seen_by, service = rng.choice(REVIEWERS)
    review = SdqReview(
        child_id=p.child_id,
        sdq=record,
        status=SdqReviewStatus.SEEN,
        threshold=THRESHOLD,
        raised_at=at,
        team_id=org,
        seen_on=seen_on,
        seen_by=seen_by,
        service=service,
        outcome="Seen with the carer; sessions offered and a plan agreed.",
        closed_at=dt.datetime.combine(seen_on, dt.time(16, 0), tzinfo=dt.UTC),
    )
    return record, review


def write_sdqs(planned: list[PlannedChild], org_of: dict[int, int], today: dt.date) -> int:
    """The planned children's carers' SDQs and the reviews they led to; how many SDQs."""
    made = [
        _record(p, on, org_of[p.child_id], today)
        for p in planned
        if p.child_ref != "A100"  # the cast's Amelia has her own (demo.sdq)
        for on in _dates(p, today)
    ]
    SdqRecord.objects.bulk_create([r for r, _ in made], batch_size=2000)
    SdqReview.objects.bulk_create([v for _, v in made if v is not None], batch_size=2000)
    return len(made)
