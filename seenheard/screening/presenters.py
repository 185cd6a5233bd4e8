"""SDQs in plain words for the pages: rows of the table beside the chart, and who saw the
child for a review. No model names, codes or usernames reach a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from seenheard.core.charts import Chart, date_markers, line_chart
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


def sdq_chart(
    records: Sequence[SdqRecord], interventions: Sequence[tuple[dt.date, str]] = ()
) -> Chart | None:
    """R-OUT-4: each informant's total difficulties over time, one line each, with the
    numbers in a table beside (core.charts), so that the effect of help shows; the
    ``interventions`` given (a specialist review, a health plan) are marked where they fell."""
    scored = [r for r in records if r.total_difficulties is not None]
    dates = sorted({r.completed_on for r in scored})
    if not dates:
        return None
    series: list[tuple[str, list[float | None]]] = []
    for informant in Informant:
        by_date = {r.completed_on: r.total_difficulties for r in scored if r.informant == informant}
        if by_date:
            series.append((informant.label, [by_date.get(d) for d in dates]))
    return line_chart(
        title="Total difficulties over time",
        summary=(
            "Each SDQ's total difficulties score, from 0 to 40, by who completed it. A carer's "
            "total of 14 to 16 is borderline and 17 or more a cause for concern."
        ),
        category_label="Date",
        categories=[_date(d) for d in dates],
        series=series,
        y_max=40,
        chart_id="sdq-totals",
        markers=date_markers(dates, interventions),
    )


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
