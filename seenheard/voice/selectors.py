"""Reading the child's voice (R-VOICE-1): one account by id for a child the actor may see, and
"voice present" per service and month (figures only, no child)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.voice.kinds import record_kind_label
from seenheard.voice.models import ChildVoice
from seenheard.voice.rules import voice_present_percent


def voice_get(*, actor: Actor, voice_id: int) -> ChildVoice | None:
    """One account of a child's voice, or None when there is none the actor may see (the same
    answer). Callers showing it audit the view with the record that holds it."""
    return (
        ChildVoice.objects.filter(pk=voice_id, child__in=children_visible_to(actor))
        .select_related("organisation")
        .first()
    )


@dataclass(frozen=True)
class VoicePresent:
    """One service's records of one kind in one month: how many, how many with the child's own
    words, and that as a percentage (None when there were none)."""

    organisation_id: int
    organisation_name: str
    record_kind: str
    record_kind_label: str
    month: dt.date
    records: int
    with_words: int

    @property
    def percent(self) -> int | None:
        return voice_present_percent(records=self.records, with_words=self.with_words)


def _figures_scope(actor: Actor) -> QuerySet[ChildVoice]:
    # Counts, never children: the services the actor belongs to or oversees (their organisation
    # and those inside it, or in the commissioning area they are), so a board sees its area.
    scope = actor.scope_org_ids
    return ChildVoice.objects.filter(
        Q(organisation_id__in=scope)
        | Q(organisation__area_id__in=scope)
        | Q(organisation__parent__area_id__in=scope)
    )


def voice_present_by_service_month(
    *,
    actor: Actor,
    since: dt.date | None = None,
    record_kind: str | None = None,
) -> list[VoicePresent]:  # R-VOICE-1
    """ "Voice present": for each service, kind of record and month (from ``since``), the share
    of records holding the child's own words. Superseded accounts count once, as their latest.
    Ordered by service, kind, then month."""
    rows = _figures_scope(actor).filter(superseded_by__isnull=True)
    if since is not None:
        rows = rows.filter(recorded_at__date__gte=since)
    if record_kind is not None:
        rows = rows.filter(record_kind=record_kind)
    grouped = (
        rows.annotate(month=TruncMonth("recorded_at"))
        .values("organisation_id", "organisation__name", "record_kind", "month")
        .annotate(records=Count("pk"), with_words=Count("pk", filter=~Q(words="")))
        .order_by("organisation__name", "organisation_id", "record_kind", "month")
    )
    return [
        VoicePresent(
            organisation_id=row["organisation_id"],
            organisation_name=row["organisation__name"],
            record_kind=row["record_kind"],
            record_kind_label=record_kind_label(row["record_kind"]),
            month=row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            records=row["records"],
            with_words=row["with_words"],
        )
        for row in grouped
    ]
