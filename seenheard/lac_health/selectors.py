"""Reading looked-after children's records (issue 11). Selectors that serve a person start
from ``children_visible_to(actor)``; those named for a council serve the operator's commands
and the import, which act for the council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seenheard.accounts.models import Organisation
from seenheard.flags.models import PlanType, ProtectionFlag
from seenheard.lac_health.models import Episode


def episodes_on(day: dt.date) -> Q:
    """Episodes in which the child is looked after on ``day`` (rules.looked_after_on)."""
    return Q(superseded_at__isnull=True, decom__lte=day) & (Q(dec__isnull=True) | Q(dec__gt=day))


def current_episodes(*, la: Organisation | None, day: dt.date) -> QuerySet[Episode]:
    """The episode each child looked after on ``day`` is in (one per child: episodes of a
    child never overlap), for one council or all."""
    episodes = Episode.objects.filter(episodes_on(day))
    if la is not None:
        episodes = episodes.filter(lac_child__la=la)
    return episodes


def looked_after_child_ids(*, la: Organisation, day: dt.date) -> set[int]:
    return set(current_episodes(la=la, day=day).values_list("lac_child__child_id", flat=True))


@dataclass(frozen=True)
class FlagDifferences:
    """Where the council's SSDA903 tables and its looked-after flags disagree today."""

    looked_after: int
    without_flag: list[str]  # NHS numbers looked after with no open looked-after flag
    flag_without_care: list[str]  # NHS numbers flagged looked after but not in care

    @property
    def agree(self) -> bool:
        return not (self.without_flag or self.flag_without_care)


def flag_differences(*, la: Organisation, day: dt.date) -> FlagDifferences:
    """Compare with the flags index (read only: the council's flag feed writes it)."""
    in_care = set(
        current_episodes(la=la, day=day).values_list("lac_child__child__nhs_number", flat=True)
    )
    flagged = set(
        ProtectionFlag.objects.filter(
            la=la, plan_type=PlanType.LAC, entered_in_error=False, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values_list("nhs_number", flat=True)
    )
    return FlagDifferences(
        looked_after=len(in_care),
        without_flag=sorted(in_care - flagged),
        flag_without_care=sorted(flagged - in_care),
    )
