"""Reading SDQs and their reviews (R-OUT-3, R-OUT-4): every read names its actor and starts
from the children the actor may see; what a page shows of a child is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.services import audit_view
from seenheard.children.models import Child
from seenheard.screening.models import (
    SdqOutcome,
    SdqRecord,
    SdqReview,
    SdqReviewStatus,
)
from seenheard.screening.questionnaires import Band, Informant


@dataclass(frozen=True)
class LatestSdq:
    """A child's latest carer's SDQ (the statutory one, returned to the DfE), for the
    looked-after children's tracker: its date, total and band."""

    completed_on: dt.date
    total: int | None
    band: Band | None


def _visible_records(actor: Actor) -> QuerySet[SdqRecord]:
    return SdqRecord.objects.filter(
        child__in=children_visible_to(actor), superseded_by__isnull=True
    )


def latest_sdq_for(
    *, actor: Actor, children: QuerySet[Child] | Iterable[int]
) -> dict[int, LatestSdq]:
    """Each child's latest completed carer's SDQ, by child id (children without one are left
    out). ``children`` is a queryset or ids; only children the actor may see are read."""
    wanted: Iterable[int] = (
        children.values_list("pk", flat=True) if isinstance(children, QuerySet) else children
    )
    visible = children_visible_to(actor).filter(pk__in=wanted).values_list("pk", flat=True)
    return latest_sdqs_of(list(visible))


#: Ids per query: well under SQLite's limit on a statement's parameters.
_CHUNK = 10_000


def latest_sdqs_of(child_ids: Collection[int]) -> dict[int, LatestSdq]:
    """The same, for children the caller has already read through the actor's scope (the
    looked-after children's tracker, ``lac_health.sdq``): a few queries for 100,000 children."""
    ids = sorted(set(child_ids))
    latest: dict[int, LatestSdq] = {}
    for first in range(0, len(ids), _CHUNK):
        rows = (
            SdqRecord.objects.filter(
                child_id__in=ids[first : first + _CHUNK],
                superseded_by__isnull=True,
                outcome=SdqOutcome.COMPLETED,
                informant=Informant.CARER,
            )
            .order_by("child_id", "-completed_on", "-pk")
            .values_list("child_id", "completed_on", "total_difficulties", "total_band")
        )
        for child_id, completed_on, total, band in rows.iterator(chunk_size=5000):
            if child_id not in latest:
                latest[child_id] = LatestSdq(completed_on, total, Band(band) if band else None)
    return latest


@transaction.atomic
def sdqs_for_child(*, actor: Actor, child_id: int) -> list[SdqRecord] | None:
    """Every current SDQ of a child, oldest first, or None when the child is not found or not
    allowed (the same answer). Audited as a view of the child's SDQs."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        return None
    records = list(
        _visible_records(actor)
        .filter(child_id=child_id)
        .select_related("organisation")
        .order_by("completed_on", "pk")
    )
    audit_view(
        actor=actor,
        object_type="SdqRecord",
        object_id=child_id,
        child_id=child_id,
        detail={"purpose": "sdq-history", "count": len(records)},
    )
    return records


def sdq_reviews_for_child(*, actor: Actor, child_id: int) -> list[SdqReview]:
    """A child's specialist reviews, newest first (read beside ``sdqs_for_child``, which
    audits the page)."""
    return list(
        SdqReview.objects.filter(child__in=children_visible_to(actor), child_id=child_id)
        .select_related("sdq")
        .order_by("-raised_at", "-pk")
    )


@transaction.atomic
def sdq_reviews_waiting(*, actor: Actor) -> list[SdqReview]:
    """R-OUT-4: the reviews still waiting for the child to be seen, of children the actor
    may see, oldest first; audited as a view of each child listed."""
    reviews = list(
        SdqReview.objects.filter(
            child__in=children_visible_to(actor), status=SdqReviewStatus.AWAITING
        )
        .select_related("child", "sdq")
        .order_by("raised_at", "pk")
    )
    for review in reviews:
        audit_view(
            actor=actor,
            object_type="SdqReview",
            object_id=review.pk,
            child_id=review.child_id,
            detail={"purpose": "sdq-reviews-waiting"},
        )
    return reviews


@transaction.atomic
def sdq_review_get(*, actor: Actor, review_id: int) -> SdqReview | None:
    review = (
        SdqReview.objects.filter(child__in=children_visible_to(actor), pk=review_id)
        .select_related("child", "sdq")
        .first()
    )
    if review is not None:
        audit_view(
            actor=actor,
            object_type="SdqReview",
            object_id=review.pk,
            child_id=review.child_id,
            detail={"purpose": "sdq-review"},
        )
    return review


def sdq_review_href(task_id: int) -> str:
    """The page that records the child was seen, by the review's task (ids only; the page
    checks who may open it): where the task is closed (R-OUT-4, ADR 030)."""
    found = SdqReview.objects.filter(task_id=task_id).values_list("pk", flat=True).first()
    return "" if found is None else f"/sdq/reviews/{found}/seen/"
