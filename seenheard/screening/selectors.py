"""Reading SDQs and their reviews (R-OUT-3, R-OUT-4): every read names its actor and starts
from the children whose SDQ detail the actor may read (``access.sensitive``: a role with a need
and a relationship of care); anyone else who sees the child learns at most that an SDQ exists.
What a page shows of a child is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.access.sensitive import children_with_sdq_detail_for
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


def _readable_records(actor: Actor) -> QuerySet[SdqRecord]:
    return SdqRecord.objects.filter(
        child__in=children_with_sdq_detail_for(actor), superseded_by__isnull=True
    )


def latest_sdq_for(
    *, actor: Actor, children: QuerySet[Child] | Iterable[int]
) -> dict[int, LatestSdq]:
    """Each child's latest completed carer's SDQ, by child id (children without one are left
    out). ``children`` is a queryset or ids; only children whose SDQ detail the actor may
    read are read."""
    wanted: Iterable[int] = (
        children.values_list("pk", flat=True) if isinstance(children, QuerySet) else children
    )
    visible = children_with_sdq_detail_for(actor).filter(pk__in=wanted).values_list("pk", flat=True)
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


@dataclass(frozen=True)
class SdqHistory:
    """A child's SDQs as the actor may see them: every current one, oldest first; or, for
    someone who sees the child but not their SDQs' detail, only whether any exists."""

    records: list[SdqRecord]
    withheld: bool
    any_recorded: bool


@transaction.atomic
def sdqs_for_child(*, actor: Actor, child_id: int) -> SdqHistory | None:
    """A child's SDQs, or None when the child is not found or not allowed (the same answer).
    The detail only for those ``access.sensitive`` allows; audited either way, saying which."""
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is None:
        return None
    withheld = not children_with_sdq_detail_for(actor).filter(pk=child_id).exists()
    records = (
        []
        if withheld
        else list(
            _readable_records(actor)
            .filter(child_id=child_id)
            .select_related("organisation")
            .order_by("completed_on", "pk")
        )
    )
    exists = bool(records) or (
        withheld
        and SdqRecord.objects.filter(child_id=child_id, superseded_by__isnull=True).exists()
    )
    audit_view(
        actor=actor,
        object_type="SdqRecord",
        object_id=child_id,
        child_id=child_id,
        detail=(
            {"purpose": "sdq-history", "detail": "withheld", "exists": exists}
            if withheld
            else {"purpose": "sdq-history", "count": len(records)}
        ),
    )
    return SdqHistory(records=records, withheld=withheld, any_recorded=exists)


def sdq_reviews_for_child(*, actor: Actor, child_id: int) -> list[SdqReview]:
    """A child's specialist reviews, newest first, for those who read the SDQs' detail (read
    beside ``sdqs_for_child``, which audits the page)."""
    return list(
        SdqReview.objects.filter(child__in=children_with_sdq_detail_for(actor), child_id=child_id)
        .select_related("sdq")
        .order_by("-raised_at", "-pk")
    )


@transaction.atomic
def sdq_reviews_waiting(*, actor: Actor) -> list[SdqReview]:
    """R-OUT-4: the reviews still waiting for the child to be seen, of children the actor
    may see and whose SDQs' detail they read, oldest first; audited as a view of each child
    listed."""
    reviews = list(
        SdqReview.objects.filter(
            child__in=children_with_sdq_detail_for(actor), status=SdqReviewStatus.AWAITING
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
        SdqReview.objects.filter(child__in=children_with_sdq_detail_for(actor), pk=review_id)
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
