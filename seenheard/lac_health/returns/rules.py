"""The SSDA903 return's rules (R-LEAD-6), as the Department for Education specifies them for
the OC2 table ("children looked after continuously for 12 months at 31 March") and as its own
validator (csc-validator-be-903) checks them. Pure functions of dates and recorded facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from seenheard.core.clock import age_on
from seenheard.lac_health import rules


@dataclass(frozen=True)
class CollectionYear:
    """The collection year ending 31 March ``year``: 1 April ``year - 1`` to 31 March."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    def overlaps(self, begun: dt.date, ceased: dt.date | None) -> bool:
        """Whether an episode (``ceased`` is the day it ended; None while open) falls at least
        partly in the year: the Episodes table carries every such episode."""
        return begun <= self.end and (ceased is None or ceased >= self.start)


@dataclass(frozen=True)
class EpisodeSpan:
    """The parts of an SSDA903 episode the year's rules read."""

    decom: dt.date
    dec: dt.date | None
    rne: str
    rec: str
    ls: str


def looked_after_continuously(episodes: Iterable[EpisodeSpan], year: CollectionYear) -> bool:
    """R-LEAD-6: looked after continuously for at least 12 months at 31 March, as the DfE's
    validation rules define it (CLA SSDA903 validation rules, "continuously looked after"):
    in care at some time in the year, and no episode in it that begins a new period of care
    after 1 April (RNE "S"), ends care before 31 March (a reason other than X1), or is a short
    break (legal status V3 or V4)."""
    in_year = False
    for ep in episodes:
        during = year.overlaps(ep.decom, ep.dec)
        in_year = in_year or during
        enters = ep.rne == "S" and year.start < ep.decom <= year.end
        leaves = ep.dec is not None and ep.rec != "X1" and year.start <= ep.dec < year.end
        if enters or leaves or (during and ep.ls in {"V3", "V4"}):
            return False
    return in_year


def sdq_expected(date_of_birth: dt.date, year: CollectionYear) -> bool:
    """OC2 (DfE rules 186, 188, 189, 197B): an SDQ score or a reason for none is returned for
    a child who is 4 by 31 March and not yet past their 17th birthday on 1 April (children
    turning 4 or 17 during the year included); otherwise both are blank."""
    fourth = date_of_birth + relativedelta(years=4)
    seventeenth = date_of_birth + relativedelta(years=17)
    return fourth <= year.end and seventeenth >= year.start


def conviction_expected(date_of_birth: dt.date, year: CollectionYear) -> bool:
    """OC2 (rules 542, 543): conviction is returned for a child aged 10 or over at 31 March."""
    return age_on(date_of_birth, year.end) >= 10


def health_check_expected(date_of_birth: dt.date, year: CollectionYear) -> bool:
    """OC2 (rules 545, 546): the health-promotion item (development checks up to date) is
    returned for a child aged under 5 at 31 March."""
    return age_on(date_of_birth, year.end) < 5


def flag(value: bool | None) -> str:
    """The DfE's 0/1 coding; a fact not recorded is returned as 0 (not known to be done)."""
    return "1" if value else "0"


@dataclass(frozen=True)
class Oc2Facts:
    """What the health and council records say for one child and year."""

    immunisations: bool | None = None
    teeth_check: bool | None = None
    health_assessment: bool | None = None
    health_check: bool | None = None
    substance_misuse: bool | None = None
    intervention_received: bool | None = None
    intervention_offered: bool | None = None
    convicted: bool | None = None

    def filled_from(self, recorded: Oc2Facts) -> Oc2Facts:
        """These facts (from the health record), with what they do not say taken from those
        recorded for the return itself (the nurse's form; a conviction only the council
        knows). A substance-misuse answer comes with its help, from the same source."""

        def pick(name: str) -> bool | None:
            mine: bool | None = getattr(self, name)
            return mine if mine is not None else getattr(recorded, name)

        misuse_from = self if self.substance_misuse is not None else recorded
        return Oc2Facts(
            immunisations=pick("immunisations"),
            teeth_check=pick("teeth_check"),
            health_assessment=pick("health_assessment"),
            health_check=pick("health_check"),
            substance_misuse=misuse_from.substance_misuse,
            intervention_received=misuse_from.intervention_received,
            intervention_offered=misuse_from.intervention_offered,
            convicted=pick("convicted"),
        )

    @property
    def known(self) -> bool:
        """Anything is known of the four items every child in OC2 has."""
        items = (self.immunisations, self.teeth_check, self.health_assessment)
        return any(v is not None for v in (*items, self.substance_misuse))


@dataclass(frozen=True)
class AssessmentSeen:
    """What the return reads of one health assessment (``lac_health.HealthAssessment``)."""

    on: dt.date
    done: bool
    immunisations: bool | None = None
    dental_check_on: dt.date | None = None
    development_checks: bool | None = None
    substance_misuse: bool | None = None
    substance_help: str = ""  # "received", "offered", "not-offered" or ""


def _latest_answer(seen: list[AssessmentSeen], name: str) -> bool | None:
    answers = [getattr(a, name) for a in seen if getattr(a, name) is not None]
    return answers[-1] if answers else None


def oc2_facts_from_assessments(
    assessments: Iterable[AssessmentSeen], *, date_of_birth: dt.date, year: CollectionYear
) -> Oc2Facts:
    """R-LEAD-6, R-OUT-1: the OC2 health items as the child's health assessments record them,
    None where they say nothing (the return's own form may then say).

    HEALTH_ASSESSMENT: the assessments were up to date at 31 March: the last one done by then
    is not yet due for review (6 months under 5, else 12); a declined one does not count.
    TEETH_CHECK: a dentist checked the child's teeth in the year. IMMUNISATIONS and
    HEALTH_CHECK (development checks, under 5): as the latest assessment in the year found.
    SUBSTANCE_MISUSE: a problem found by any assessment in the year, with the help for it
    (received; else offered or not)."""
    by_end = sorted((a for a in assessments if a.on <= year.end), key=lambda a: a.on)
    done = [a for a in by_end if a.done]
    in_year = [a for a in done if a.on >= year.start]
    up_to_date = None
    if by_end:
        up_to_date = bool(done) and rules.rha_due(done[-1].on, date_of_birth) > year.end
    checks = [a.dental_check_on for a in done if a.dental_check_on is not None]
    misuse = [a for a in in_year if a.substance_misuse]
    helps = {a.substance_help for a in misuse}
    return Oc2Facts(
        immunisations=_latest_answer(in_year, "immunisations"),
        teeth_check=(max(checks) >= year.start) if checks else None,
        health_assessment=up_to_date,
        health_check=_latest_answer(in_year, "development_checks"),
        substance_misuse=bool(misuse) if misuse else _latest_answer(in_year, "substance_misuse"),
        intervention_received=("received" in helps) if misuse else None,
        intervention_offered=("offered" in helps) if misuse else None,
    )


def oc2_health_cells(
    facts: Oc2Facts, *, date_of_birth: dt.date, year: CollectionYear
) -> dict[str, str]:
    """R-LEAD-6: the OC2 cells other than the SDQ's, coded as the DfE specifies: 0/1 for the
    four items every child has; conviction only from 10, health promotion only under 5; the
    intervention received only after a substance-misuse problem, and offered only when none
    was received (rules 158, 159, 192, 193)."""
    misuse = bool(facts.substance_misuse)
    received = bool(facts.intervention_received) if misuse else None
    return {
        "CONVICTED": flag(facts.convicted) if conviction_expected(date_of_birth, year) else "",
        "HEALTH_CHECK": (
            flag(facts.health_check) if health_check_expected(date_of_birth, year) else ""
        ),
        "IMMUNISATIONS": flag(facts.immunisations),
        "TEETH_CHECK": flag(facts.teeth_check),
        "HEALTH_ASSESSMENT": flag(facts.health_assessment),
        "SUBSTANCE_MISUSE": flag(misuse),
        "INTERVENTION_RECEIVED": "" if received is None else flag(received),
        "INTERVENTION_OFFERED": (flag(facts.intervention_offered) if received is False else ""),
    }


#: The DfE's reason when there is no SDQ and nothing was recorded about why.
SDQ_REASON_NOT_RECORDED = "SDQ4"


def oc2_sdq_cells(
    *,
    date_of_birth: dt.date,
    year: CollectionYear,
    score: int | None,
    reason: str | None,
) -> tuple[str, str]:
    """R-LEAD-6, R-OUT-3: (SDQ_SCORE, SDQ_REASON). The latest carer's score in the year
    (0-40); otherwise the recorded reason for none (SDQ1-SDQ5), or SDQ4 ("other") when none
    was recorded; both blank for a child outside the ages (rules 180, 186-189, 196, 197a)."""
    if not sdq_expected(date_of_birth, year):
        return "", ""
    if score is not None:
        return str(score), ""
    return "", reason or SDQ_REASON_NOT_RECORDED
