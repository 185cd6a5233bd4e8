"""The rules of looked-after children's health, as plain functions (R-OUT-1, R-OUT-3, R-OUT-7).

Periods of care follow the DfE's SSDA903 definitions: an episode ceasing with reason X1 is
followed by another beginning the same day, and the period of care goes on; any other reason
ends it. A child is looked after on a day when an episode began on or before it and had not
ceased by it (on the day an episode ceases the child is no longer looked after, unless the next
episode begins that day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import NamedTuple

from seenheard.core.clock import age_on
from seenheard.core.workingdays import add_working_days
from seenheard.lac_health.codes import EPISODE_CONTINUES

#: R-OUT-1: working days from the day a child became looked after to the initial assessment.
IHA_WORKING_DAYS = 20
#: R-OUT-1: review assessments every 6 months for a child under 5 on the day of the last one...
RHA_MONTHS_UNDER_FIVE = 6
#: ... and every 12 months from 5.
RHA_MONTHS_FROM_FIVE = 12
RHA_AGE_CHANGE = 5
#: R-OUT-3: the SDQ is due after 12 months looked after, then every 12 months, ages 4 to 16.
SDQ_MONTHS = 12
SDQ_AGE_FROM = 4
SDQ_AGE_TO = 16


class EpisodeDates(NamedTuple):
    decom: dt.date
    dec: dt.date | None
    rec: str


class SequenceProblem(NamedTuple):
    position: int  # the episode (in the order given) the problem is reported against
    column: str
    message: str


def _continues(before: EpisodeDates, after: EpisodeDates) -> bool:
    return before.rec == EPISODE_CONTINUES and before.dec == after.decom


def episode_sequence_problems(episodes: Sequence[EpisodeDates]) -> list[SequenceProblem]:
    """One child's episodes, in the order given: an episode that ceases before it begins, two
    beginning on the same day, one beginning while the one before is open or before it ceased
    (DfE rules 142, 356)."""
    problems: list[SequenceProblem] = []
    for i, e in enumerate(episodes):
        if e.dec is not None and e.dec < e.decom:
            problems.append(SequenceProblem(i, "DEC", "The episode ceases before it begins."))
    order = sorted(range(len(episodes)), key=lambda i: episodes[i].decom)
    for before_i, after_i in itertools.pairwise(order):
        before, after = episodes[before_i], episodes[after_i]
        if before.decom == after.decom:
            problems.append(
                SequenceProblem(after_i, "DECOM", "Two episodes begin on the same day.")
            )
        elif before.dec is None:
            problems.append(
                SequenceProblem(
                    after_i, "DECOM", "This episode begins while the one before has not ceased."
                )
            )
        elif after.decom < before.dec:
            problems.append(
                SequenceProblem(
                    after_i, "DECOM", "This episode begins before the one before it ceased."
                )
            )
    return problems


def period_starts(episodes: Sequence[EpisodeDates]) -> list[dt.date]:
    """R-OUT-1: for each episode, in the order given, the first day of its period of care."""
    order = sorted(range(len(episodes)), key=lambda i: episodes[i].decom)
    starts: dict[int, dt.date] = {}
    previous: EpisodeDates | None = None
    current = dt.date.min
    for i in order:
        episode = episodes[i]
        if previous is None or not _continues(previous, episode):
            current = episode.decom
        starts[i] = current
        previous = episode
    return [starts[i] for i in range(len(episodes))]


def looked_after_on(decom: dt.date, dec: dt.date | None, day: dt.date) -> bool:
    """R-OUT-1: the child is looked after on ``day`` within this episode."""
    return decom <= day and (dec is None or dec > day)


def plus_months(day: dt.date, months: int) -> dt.date:
    """``day`` and ``months`` calendar months, the day kept or, past the month's end, its last
    day (31 August + 6 months is 28 or 29 February): exactly ``relativedelta(months=...)``,
    at a twentieth of its cost (the tracker adds months for every child in care)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def iha_due(entered_care: dt.date, *, working_days: int = IHA_WORKING_DAYS) -> dt.date:
    """R-OUT-1: the initial health assessment is due on the 20th working day after the day the
    child became looked after (weekends and England bank holidays are not working days)."""
    return add_working_days(entered_care, working_days)


def rha_due(
    last_assessment: dt.date,
    date_of_birth: dt.date,
    *,
    months_under_five: int = RHA_MONTHS_UNDER_FIVE,
    months_from_five: int = RHA_MONTHS_FROM_FIVE,
) -> dt.date:
    """R-OUT-1: a review is due 6 months after the last assessment if the child was under 5 on
    the day of it, otherwise 12 months after it."""
    young = age_on(date_of_birth, last_assessment) < RHA_AGE_CHANGE
    return plus_months(last_assessment, months_under_five if young else months_from_five)


def sdq_due(
    entered_care: dt.date,
    date_of_birth: dt.date,
    last_sdq: dt.date | None,
    *,
    months: int = SDQ_MONTHS,
) -> dt.date | None:
    """R-OUT-3: the SDQ is due once the child has been looked after for 12 months, then 12
    months after the last one; None when the child will be past 16 by then (the SDQ covers
    ages 4 to 16; a child under 4 is due on their 4th birthday)."""
    due = plus_months(last_sdq if last_sdq and last_sdq >= entered_care else entered_care, months)
    due = max(due, plus_months(date_of_birth, 12 * SDQ_AGE_FROM))
    if age_on(date_of_birth, due) > SDQ_AGE_TO:
        return None
    return due


def looked_after_continuously(entered_care: dt.date, day: dt.date, *, months: int = 12) -> bool:
    """The child, looked after on ``day`` since ``entered_care``, has been for ``months``
    (the DfE's OC2 cohort: 12 months at 31 March)."""
    return entered_care <= plus_months(day, -months)


def assessment_date_problem(*, when: dt.date, date_of_birth: dt.date, today: dt.date) -> str | None:
    """An assessment cannot be dated before the child was born or in the future."""
    if when < date_of_birth:
        return "The date of the assessment is before the child was born."
    if when > today:
        return "The date of the assessment cannot be in the future."
    return None


class Overdue(NamedTuple):
    item: str  # "IHA", "RHA" or "SDQ"
    due: dt.date


def overdue_items(
    *,
    as_of: dt.date,
    iha_due: dt.date,
    iha_done: dt.date | None,
    rha_due: dt.date | None,
    sdq_due: dt.date | None,
) -> list[Overdue]:
    """R-OUT-1, R-OUT-3: what is overdue on ``as_of`` (due before it and not done)."""
    items: list[Overdue] = []
    if iha_done is None and iha_due < as_of:
        items.append(Overdue("IHA", iha_due))
    if rha_due is not None and rha_due < as_of:
        items.append(Overdue("RHA", rha_due))
    if sdq_due is not None and sdq_due < as_of:
        items.append(Overdue("SDQ", sdq_due))
    return items


def tracker_status(items: Sequence[Overdue]) -> str:
    """What the tracker's status column says."""
    if not items:
        return "up to date"
    return "; ".join(f"{i.item} overdue since {i.due.isoformat()}" for i in items)


def engagement_rate(*, tried: int, worked: int) -> int | None:
    """R-OUT-6: of the young people who declined and were engaged differently, the percentage
    for whom it worked (whole percent, rounded down); None when none were tried."""
    return None if tried == 0 else worked * 100 // tried


class AssessmentFacts(NamedTuple):
    done: bool
    findings: str
    decline_reason: str
    engagement: str
    uasc: bool
    uasc_considerations: str


def assessment_problems(facts: AssessmentFacts) -> dict[str, str]:
    """R-OUT-1, R-OUT-6, R-OUT-7: what an assessment record needs, field by field."""
    problems: dict[str, str] = {}
    if facts.done and not facts.findings.strip():
        problems["findings"] = "Enter what the assessment found."
    if not facts.done and not facts.decline_reason.strip():
        problems["decline_reason"] = "Enter why the young person declined, as they put it."
    if not facts.done and not facts.engagement:
        problems["engagement"] = "Choose what was tried next to engage them."
    if facts.uasc and facts.done and not facts.uasc_considerations.strip():
        problems["uasc_considerations"] = (
            "This child is an unaccompanied asylum-seeking child: enter what their status means "
            "for their health."
        )
    return problems


class HealthOutcomes(NamedTuple):
    """What a done assessment found of the outcomes the SSDA903 return counts (R-LEAD-6)."""

    assessed_on: dt.date
    date_of_birth: dt.date
    dental_check_on: dt.date | None = None
    substance_misuse: bool | None = None
    substance_help: str = ""


def health_outcome_problems(facts: HealthOutcomes) -> dict[str, str]:
    """R-LEAD-6: a dental check is known by the day of the assessment and after the child's
    birth; a substance-misuse problem says what help there was, and only a problem does."""
    problems: dict[str, str] = {}
    check = facts.dental_check_on
    if check is not None and check > facts.assessed_on:
        problems["dental_check_on"] = "The dental check cannot be after the assessment."
    elif check is not None and check < facts.date_of_birth:
        problems["dental_check_on"] = "The dental check cannot be before the child was born."
    if facts.substance_misuse and not facts.substance_help:
        problems["substance_help"] = "Choose what help there has been for the substance misuse."
    if facts.substance_help and not facts.substance_misuse:
        problems["substance_help"] = (
            "Only say what help there was when a substance-misuse problem was found."
        )
    return problems


SMART_PARTS = {
    "need": "the need it addresses",
    "action": "the action",
    "measure": "how it will be measured",
    "target": "the target",
    "owner": "who owns it",
    "due_on": "the date",
    "child_view": "the child's view of it",
}


def objective_problems(parts: dict[str, object]) -> dict[str, str]:
    """R-OUT-2: a SMART objective has every part; one message per missing part."""
    return {
        name: f"Enter {label}."
        for name, label in SMART_PARTS.items()
        if parts.get(name) in (None, "")
        or (isinstance(parts.get(name), str) and not str(parts[name]).strip())
    }
