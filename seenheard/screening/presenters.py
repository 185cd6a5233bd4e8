"""SDQs in plain words for the pages: rows of the table beside the chart, and who saw the
child for a review. No model names, codes or usernames reach a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from seenheard.screening.models import (
    SdqNotCompletedReason,
    SdqOutcome,
    SdqRecord,
    SdqReview,
    SdqReviewStatus,
)
from seenheard.screening.questionnaires import Band, Informant, Scale

SCORE_COLUMNS = (
    Scale.EMOTIONAL,
    Scale.CONDUCT,
    Scale.HYPERACTIVITY,
    Scale.PEER,
    Scale.PROSOCIAL,
    Scale.TOTAL,
    Scale.IMPACT,
)
SHORT_LABELS = {
    Scale.EMOTIONAL: "Emotional",
    Scale.CONDUCT: "Conduct",
    Scale.HYPERACTIVITY: "Hyperactivity",
    Scale.PEER: "Peer",
    Scale.PROSOCIAL: "Prosocial",
    Scale.TOTAL: "Total difficulties",
    Scale.IMPACT: "Impact",
}


@dataclass(frozen=True)
class SdqRow:
    date: str
    informant: str
    completed: bool
    scores: list[str]
    total: int | None
    band: str
    reason: str


def _date(day: object) -> str:
    return f"{day:%-d %b %Y}"


def sdq_row(record: SdqRecord) -> SdqRow:
    completed = record.outcome == SdqOutcome.COMPLETED
    scores = [getattr(record, scale.value) for scale in SCORE_COLUMNS]
    return SdqRow(
        date=_date(record.completed_on),
        informant=Informant(record.informant).label,
        completed=completed,
        scores=["" if s is None else str(s) for s in scores],
        total=record.total_difficulties,
        band=Band(record.total_band).label if record.total_band else "",
        reason=(
            SdqNotCompletedReason(record.not_completed_reason).label
            if record.not_completed_reason
            else ""
        ),
    )


def totals_by_informant(records: Sequence[SdqRecord]) -> dict[str, list[tuple[str, int]]]:
    """Each informant's total difficulties over time (the chart's lines), oldest first."""
    series: dict[str, list[tuple[str, int]]] = {}
    for record in records:
        if record.total_difficulties is None:
            continue
        label = Informant(record.informant).label
        series.setdefault(label, []).append(
            (record.completed_on.isoformat(), record.total_difficulties)
        )
    return series


@dataclass(frozen=True)
class ReviewRow:
    pk: int
    raised: str
    score: str
    waiting: bool
    seen: str


def review_row(review: SdqReview) -> ReviewRow:
    sdq = review.sdq
    seen = ""
    if review.status == SdqReviewStatus.SEEN and review.seen_on:
        seen = f"Seen on {_date(review.seen_on)} by {review.seen_by} ({review.service})"
    return ReviewRow(
        pk=review.pk,
        raised=_date(review.raised_at.date()),
        score=(
            f"{Informant(sdq.informant).label}'s SDQ of {_date(sdq.completed_on)}: "
            f"total {sdq.total_difficulties}"
        ),
        waiting=review.status == SdqReviewStatus.AWAITING,
        seen=seen,
    )
