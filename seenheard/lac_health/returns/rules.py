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
