"""The looked-after children's health tracker (issue 11 item 3; R-OUT-1, R-OUT-3): one row per
child looked after on a day, with what is due, what is done and what is overdue."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import QuerySet

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child
from seenheard.lac_health import rules
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    HealthAssessment,
)
from seenheard.lac_health.sdq import latest_sdqs
from seenheard.lac_health.selectors import current_episodes
from seenheard.protocols.selectors import area_chain, protocol_values_for

CSV_COLUMNS = (
    "nhs_number",
    "la_child_id",
    "date_of_birth",
    "entered_care",
    "iha_due",
    "iha_done",
    "rha_due",
    "sdq_due",
    "last_sdq_date",
    "last_sdq_total",
    "last_sdq_band",
    "status",
)


@dataclass(frozen=True)
class TrackerRow:
    child_id: int
    name: str
    la_id: int
    nhs_number: str
    la_child_id: str
    date_of_birth: dt.date
    entered_care: dt.date
    uasc: bool
    iha_due: dt.date
    iha_done: dt.date | None
    rha_due: dt.date | None
    sdq_due: dt.date | None
    last_sdq_date: dt.date | None
    last_sdq_total: int | None
    last_sdq_band: str
    overdue: tuple[rules.Overdue, ...]

    @property
    def status(self) -> str:
        return rules.tracker_status(self.overdue)

    def csv_row(self) -> list[str]:
        def day(value: dt.date | None) -> str:
            return value.isoformat() if value else ""

        total = "" if self.last_sdq_total is None else str(self.last_sdq_total)
        return [
            self.nhs_number,
            self.la_child_id,
            day(self.date_of_birth),
            day(self.entered_care),
            day(self.iha_due),
            day(self.iha_done),
            day(self.rha_due),
            day(self.sdq_due),
            day(self.last_sdq_date),
            total,
            self.last_sdq_band,
            self.status,
        ]


@dataclass(frozen=True)
class _Params:
    iha_days: int
    under_five: int
    from_five: int
    sdq_months: int


_KEYS = (
    "lac.iha_working_days",
    "lac.rha_months_under_five",
    "lac.rha_months_from_five",
    "lac.sdq_months",
)


def _params_of(la_id: int) -> _Params:
    """The council's protocol values, read once per council and tracker (they may change
    between runs), the four in one query."""
    la = Organisation.objects.get(pk=la_id)
    values = protocol_values_for(_KEYS, chain=area_chain(la))
    return _Params(*(values[key] for key in _KEYS))


_iha_due = lru_cache(maxsize=8192)(rules.iha_due)

_FIELDS = (
    "lac_child__child_id",
    "lac_child__child__given_name",
    "lac_child__child__family_name",
    "lac_child__la_id",
    "lac_child__child__nhs_number",
    "lac_child__child_ref",
    "lac_child__child__date_of_birth",
    "period_start",
    "lac_child__uasc",
)


_Values = tuple[object, ...]


def _assessments(child_ids: list[int]) -> dict[int, list[tuple[str, dt.date]]]:
    done: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    rows = (
        HealthAssessment.objects.filter(child_id__in=child_ids, outcome=AssessmentOutcome.DONE)
        .order_by("assessed_on")
        .values_list("child_id", "kind", "assessed_on")
    )
    for child_id, kind, on in rows.iterator(chunk_size=5000):
        done[child_id].append((kind, on))
    return done


def _row(
    values: tuple[object, ...],
    done: list[tuple[str, dt.date]],
    as_of: dt.date,
    sdq: object,
    params: dict[int, _Params],
) -> TrackerRow:
    child_id, given, family, la_id, nhs, ref, born, entered, uasc = values
    assert isinstance(born, dt.date) and isinstance(entered, dt.date) and isinstance(la_id, int)
    if la_id not in params:
        params[la_id] = _params_of(la_id)
    p = params[la_id]
    in_period = [(kind, on) for kind, on in done if on >= entered]
    iha_done = next((on for kind, on in in_period if kind == AssessmentKind.INITIAL), None)
    last = in_period[-1][1] if in_period else None
    rha = (
        rules.rha_due(last, born, months_under_five=p.under_five, months_from_five=p.from_five)
        if last
        else None
    )
    last_sdq = sdq if isinstance(sdq, tuple) else None
    sdq_due = rules.sdq_due(entered, born, last_sdq[0] if last_sdq else None, months=p.sdq_months)
    iha_due = _iha_due(entered, working_days=p.iha_days)
    overdue = rules.overdue_items(
        as_of=as_of, iha_due=iha_due, iha_done=iha_done, rha_due=rha, sdq_due=sdq_due
    )
    return TrackerRow(
        child_id=int(str(child_id)),
        name=f"{given} {family}",
        la_id=la_id,
        nhs_number=str(nhs),
        la_child_id=str(ref),
        date_of_birth=born,
        entered_care=entered,
        uasc=bool(uasc),
        iha_due=iha_due,
        iha_done=iha_done,
        rha_due=rha,
        sdq_due=sdq_due,
        last_sdq_date=last_sdq[0] if last_sdq else None,
        last_sdq_total=last_sdq[1] if last_sdq else None,
        last_sdq_band=last_sdq[2] if last_sdq else "",
        overdue=tuple(overdue),
    )


def _batched(rows: Iterator[_Values], size: int) -> Iterator[list[_Values]]:
    """``itertools.batched`` (Python 3.12) for 3.11."""
    while step := list(itertools.islice(rows, size)):
        yield step


#: Children per step: each step reads its children's assessments and SDQs in a few queries,
#: so memory stays flat however many children are in care.
_STEP = 5000


def tracker_rows_iter(
    *, la: Organisation | None, as_of: dt.date, children: QuerySet[Child] | None = None
) -> Iterator[TrackerRow]:
    """One row per child looked after on ``as_of`` by ``la`` (every council when None), among
    ``children`` when given (a person's view: the caller passes ``children_visible_to``),
    ordered by council and the council's CHILD id; read a step of children at a time."""
    episodes = current_episodes(la=la, day=as_of)
    if children is not None:
        episodes = episodes.filter(lac_child__child__in=children)
    ordered = episodes.order_by("lac_child__la_id", "lac_child__child_ref").values_list(*_FIELDS)
    params: dict[int, _Params] = {}
    for step in _batched(ordered.iterator(chunk_size=_STEP), _STEP):
        ids = [int(str(v[0])) for v in step]
        done = _assessments(ids)
        sdqs = latest_sdqs(ids)
        for child_id, v in zip(ids, step, strict=True):
            yield _row(v, done.get(child_id, []), as_of, sdqs.get(child_id), params)


def tracker_rows(
    *, la: Organisation | None, as_of: dt.date, children: QuerySet[Child] | None = None
) -> list[TrackerRow]:
    """The same rows, as a list (the page, which shows them all)."""
    return list(tracker_rows_iter(la=la, as_of=as_of, children=children))
