"""The report's rules about flags, as pure typed functions (ADR 025, ADR 029): when a plan is
shown (R-FLAG-1), the council's match rate (R-FLAG-2) and the shared risk flags (R-FLAG-9).
Numbers come from the area's protocol as arguments; the defaults are the report's. The rules
about attendances (telling the council, frequent attendance, sexual health) are in
``encounters.rules``: they decide what an attendance changes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class FlagState(StrEnum):
    OPEN = "open"
    PREVIOUS = "previous"  # ended within the 'previously on a plan' period
    EXPIRED = "expired"  # ended longer ago: no longer shown
    NOT_STARTED = "not-started"


def flag_state(
    *, start: dt.date, end: dt.date | None, today: dt.date, previously_months: int = 12
) -> FlagState:
    """R-FLAG-1: a plan is shown while open, and as 'previously on a plan' for 12 months
    (the area's protocol) after it ends."""
    if start > today:
        return FlagState.NOT_STARTED
    if end is None or end > today:
        return FlagState.OPEN
    if today <= end + relativedelta(months=previously_months):
        return FlagState.PREVIOUS
    return FlagState.EXPIRED


def fgm_flag_problem(
    *, age: int, sex: str, already_flagged: bool, under_age: int = 18
) -> str | None:
    """R-FLAG-9: an FGM risk flag is for a girl under 18 with a family history of FGM."""
    if age >= under_age:
        return f"An FGM risk flag is only for a girl under {under_age}; this child is {age}."
    if sex != "female":
        return "An FGM risk flag is only for a girl; this child's recorded sex is not female."
    if already_flagged:
        return "This child already has an open FGM risk flag."
    return None


def match_rate_below_standard(*, matched: int, records: int, threshold_percent: int = 95) -> bool:
    """R-FLAG-2: an area is warned while fewer than 95% of its records match a known child."""
    return records > 0 and matched * 100 < threshold_percent * records


RISK_FLAG_REVIEW_MAX_MONTHS = 12


def risk_flag_latest_review(
    *, today: dt.date, max_months: int = RISK_FLAG_REVIEW_MAX_MONTHS
) -> dt.date:
    """R-FLAG-9: the latest review date a risk flag may be given today."""
    latest: dt.date = today + relativedelta(months=max_months)
    return latest


def risk_flag_review_date_problem(
    *, review_on: dt.date, today: dt.date, max_months: int = RISK_FLAG_REVIEW_MAX_MONTHS
) -> str | None:
    """R-FLAG-9: every risk flag has a review date: after today (a flag nobody will look at
    again is a flag nobody owns) and at most 12 months ahead, so no flag outlives its risk."""
    latest = risk_flag_latest_review(today=today, max_months=max_months)
    if review_on <= today:
        return "The review date must be in the future."
    if review_on > latest:
        return (
            f"The review date must be within {max_months} months, by "
            f"{latest.strftime('%-d %B %Y')} at the latest."
        )
    return None


def risk_flag_duplicate_problem(*, label: str, already_open: bool) -> str | None:
    """R-FLAG-9: one open flag of each type per child, so the owner and review date are clear.
    (FGM has its own wording in fgm_flag_problem.)"""
    if already_open:
        return f"This child already has an open {label} flag. Review that flag instead."
    return None


def risk_flag_end_reason_problem(reason: str) -> str | None:
    """R-FLAG-9 (issue 3 item 8): removing a risk flag needs a reason, which is kept."""
    if not reason.strip():
        return "Say why the flag is ending, for example: child found safe and well."
    return None
