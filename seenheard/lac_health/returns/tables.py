"""The SSDA903 return's Header, Episodes and OC2 tables for one council and collection year
(R-LEAD-6), from the periods of care (``lac_health``), the SDQs (``screening``), the health
assessments (what each found of immunisations, teeth, development checks and substance misuse)
and, where those say nothing, the facts recorded for the return itself (``HealthReturnFacts``).

A council read, for the operator's command and the council's download page, which act for the
council: only that council's children are read (its own Header table), and the page audits the
disclosure of each child in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from seenheard.accounts.models import Organisation
from seenheard.lac_health.models import AssessmentOutcome, Episode, HealthAssessment, LacChild
from seenheard.lac_health.returns.models import HealthReturnFacts
from seenheard.lac_health.returns.rules import (
    AssessmentSeen,
    CollectionYear,
    EpisodeSpan,
    Oc2Facts,
    looked_after_continuously,
    oc2_facts_from_assessments,
    oc2_health_cells,
    oc2_sdq_cells,
)
from seenheard.screening.models import SdqOutcome, SdqRecord
from seenheard.screening.questionnaires import Informant

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
OC2_COLUMNS = (
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
FILES = {"header.csv": HEADER_COLUMNS, "episodes.csv": EPISODE_COLUMNS, "oc2.csv": OC2_COLUMNS}


def dmy(day: dt.date | None) -> str:
    """The DfE's dates: dd/mm/yyyy; empty when there is none."""
    return f"{day:%d/%m/%Y}" if day else ""


@dataclass
class Ssda903Tables:
    la: Organisation
    year: CollectionYear
    header: list[dict[str, str]] = field(default_factory=list)
    episodes: list[dict[str, str]] = field(default_factory=list)
    oc2: list[dict[str, str]] = field(default_factory=list)
    #: Our child ids of the children in the return (for the page's audit).
    child_ids: list[int] = field(default_factory=list)
    #: CHILD ids in OC2 with no health facts recorded for the year (returned as 0).
    without_facts: list[str] = field(default_factory=list)

    def rows(self, name: str) -> list[dict[str, str]]:
        return {"header.csv": self.header, "episodes.csv": self.episodes, "oc2.csv": self.oc2}[name]

    def csv_text(self, name: str) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FILES[name], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.rows(name))
        return out.getvalue()

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name in FILES:
            path = directory / name
            path.write_text(self.csv_text(name), encoding="utf-8")
            written.append(path)
        return written

    def zip_bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in FILES:
                archive.writestr(name, self.csv_text(name))
        return out.getvalue()


def _episode_row(ref: str, ep: Episode, year: CollectionYear) -> dict[str, str]:
    """One Episodes row as it stood at the end of the year: an episode that ceased after
    31 March was still open then, so its end is not returned (DfE rules 385, 388)."""
    ended = ep.dec is not None and ep.dec <= year.end
    return {
        "CHILD": ref,
        "DECOM": dmy(ep.decom),
        "RNE": ep.rne,
        "LS": ep.ls,
        "CIN": ep.cin,
        "PLACE": ep.place,
        "PLACE_PROVIDER": ep.place_provider,
        "DEC": dmy(ep.dec) if ended else "",
        "REC": ep.rec if ended else "",
        "REASON_PLACE_CHANGE": ep.reason_place_change if ended else "",
        "HOME_POST": ep.home_post,
        "PL_POST": ep.pl_post,
        "URN": ep.urn,
    }


def _header_row(child: LacChild) -> dict[str, str]:
    return {
        "CHILD": child.child_ref,
        "SEX": child.sex,
        "DOB": dmy(child.date_of_birth),
        "ETHNIC": child.ethnic,
        "UPN": child.upn,
        "MOTHER": child.mother,
        "MC_DOB": dmy(child.mc_dob),
    }


def _latest_sdqs(child_ids: list[int], year: CollectionYear) -> dict[int, SdqRecord]:
    """Each child's latest carer's SDQ in the year (a score, else a reason for none)."""
    rows = SdqRecord.objects.filter(
        child_id__in=child_ids,
        informant=Informant.CARER,
        superseded_by__isnull=True,
        completed_on__range=(year.start, year.end),
    ).order_by("child_id", "-completed_on", "-pk")
    latest: dict[int, SdqRecord] = {}
    scored: dict[int, SdqRecord] = {}
    for record in rows:
        latest.setdefault(record.child_id, record)
        if record.outcome == SdqOutcome.COMPLETED and record.total_difficulties is not None:
            scored.setdefault(record.child_id, record)
    return latest | scored


def _recorded_facts(
    la: Organisation, child_ids: list[int], year: CollectionYear
) -> dict[int, Oc2Facts]:
    """What was recorded for the return itself (the nurse's form), by child."""
    rows = HealthReturnFacts.objects.filter(
        la=la, year=year.year, child_id__in=child_ids, superseded_at__isnull=True
    )
    return {
        row.child_id: Oc2Facts(
            immunisations=row.immunisations,
            teeth_check=row.teeth_check,
            health_assessment=row.health_assessment,
            health_check=row.health_check,
            substance_misuse=row.substance_misuse,
            intervention_received=row.intervention_received,
            intervention_offered=row.intervention_offered,
            convicted=row.convicted,
        )
        for row in rows
    }


#: Ids per query: well under SQLite's limit on a statement's parameters.
_CHUNK = 10_000


def _assessments_seen(
    child_ids: list[int], year: CollectionYear
) -> dict[int, list[AssessmentSeen]]:
    """Each child's health assessments up to the end of the year (R-LEAD-6, R-OUT-1)."""
    seen: dict[int, list[AssessmentSeen]] = defaultdict(list)
    for first in range(0, len(child_ids), _CHUNK):
        rows = (
            HealthAssessment.objects.filter(
                child_id__in=child_ids[first : first + _CHUNK], assessed_on__lte=year.end
            )
            .order_by("child_id", "assessed_on", "pk")
            .values_list(
                "child_id",
                "assessed_on",
                "outcome",
                "immunisations_up_to_date",
                "dental_check_on",
                "development_checks_up_to_date",
                "substance_misuse",
                "substance_help",
            )
        )
        for child_id, on, outcome, immunised, dental, development, misuse, help_ in rows:
            seen[child_id].append(
                AssessmentSeen(
                    on=on,
                    done=outcome == AssessmentOutcome.DONE,
                    immunisations=immunised,
                    dental_check_on=dental,
                    development_checks=development,
                    substance_misuse=misuse,
                    substance_help=help_,
                )
            )
    return seen


def _facts(la: Organisation, children: list[LacChild], year: CollectionYear) -> dict[int, Oc2Facts]:
    """R-LEAD-6: each child's OC2 facts: the health record's first (their assessments), then
    what was recorded for the return where the record says nothing."""
    ids = [c.child_id for c in children]
    recorded = _recorded_facts(la, ids, year)
    seen = _assessments_seen(ids, year)
    return {
        c.child_id: oc2_facts_from_assessments(
            seen.get(c.child_id, []), date_of_birth=c.date_of_birth, year=year
        ).filled_from(recorded.get(c.child_id, Oc2Facts()))
        for c in children
    }


def _oc2_row(
    child: LacChild, year: CollectionYear, facts: Oc2Facts, sdq: SdqRecord | None
) -> dict[str, str]:
    score = sdq.total_difficulties if sdq and sdq.outcome == SdqOutcome.COMPLETED else None
    reason = sdq.not_completed_reason if sdq and score is None else None
    sdq_score, sdq_reason = oc2_sdq_cells(
        date_of_birth=child.date_of_birth, year=year, score=score, reason=reason or None
    )
    return {
        "CHILD": child.child_ref,
        "DOB": dmy(child.date_of_birth),
        "SDQ_SCORE": sdq_score,
        "SDQ_REASON": sdq_reason,
        **oc2_health_cells(facts, date_of_birth=child.date_of_birth, year=year),
    }


def ssda903_tables(*, la: Organisation, year: int) -> Ssda903Tables:
    """R-LEAD-6: the council's Header (every child looked after at some time in the year),
    Episodes (every episode open at some time in it) and OC2 (the children looked after
    continuously for 12 months at 31 March) tables, ordered by the council's CHILD id."""
    collection = CollectionYear(year)
    tables = Ssda903Tables(la=la, year=collection)
    episodes = (
        Episode.objects.filter(lac_child__la=la, superseded_at__isnull=True)
        .select_related("lac_child")
        .order_by("lac_child__child_ref", "decom")
    )
    by_child: dict[int, list[Episode]] = defaultdict(list)
    children: dict[int, LacChild] = {}
    for ep in episodes.iterator(chunk_size=2000):
        by_child[ep.lac_child_id].append(ep)
        children[ep.lac_child_id] = ep.lac_child
    in_year = [
        children[key]
        for key, eps in by_child.items()
        if any(collection.overlaps(ep.decom, ep.dec) for ep in eps)
    ]
    in_year.sort(key=lambda c: c.child_ref)
    tables.child_ids = [c.child_id for c in in_year]
    sdqs = _latest_sdqs(tables.child_ids, collection)
    facts = _facts(la, in_year, collection)
    for child in in_year:
        eps = by_child[child.pk]
        tables.header.append(_header_row(child))
        tables.episodes.extend(
            _episode_row(child.child_ref, ep, collection)
            for ep in eps
            if collection.overlaps(ep.decom, ep.dec)
        )
        spans = [EpisodeSpan(ep.decom, ep.dec, ep.rne, ep.rec, ep.ls) for ep in eps]
        if looked_after_continuously(spans, collection):
            if not facts[child.child_id].known:
                tables.without_facts.append(child.child_ref)
            tables.oc2.append(
                _oc2_row(child, collection, facts[child.child_id], sdqs.get(child.child_id))
            )
    return tables
