"""The report's rules about children who are not brought, as plain functions (R-WNB-1 to
R-WNB-6). Their numbers come from the area's protocol (protocols.catalogue, "wnb.*")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from seenheard.appointments.models import Outcome, RiskLevel, Service

#: A booking system's clock may run a little ahead of ours.
OUTCOME_ALLOWANCE = dt.timedelta(minutes=5)

#: How far back a new appointment may be entered (a clinic catching up its records).
BOOKING_PAST_LIMIT = dt.timedelta(days=366)

#: Outcomes that mean the appointment happened or not (not cancellations).
SEEN_OR_NOT = frozenset({Outcome.ATTENDED, Outcome.WAS_NOT_BROUGHT})


def outcome_too_early(*, outcome: Outcome, starts_at: dt.datetime, now: dt.datetime) -> bool:
    """R-WNB-1: whether a child was brought is known only once the appointment has started;
    a cancellation may be recorded before."""
    return outcome in SEEN_OR_NOT and starts_at > now + OUTCOME_ALLOWANCE


def booking_too_old(*, starts_at: dt.datetime, now: dt.datetime) -> bool:
    return starts_at < now - BOOKING_PAST_LIMIT


@dataclass(frozen=True)
class RiskSuggestion:
    level: RiskLevel
    because: str
    requirement: str = "R-WNB-5"


def risk_suggested(
    *,
    on_plan: bool,
    looked_after: bool,
    other_risk_flags: int,
    age_years: int,
    wnbs_before: int,
    meeting_threshold: int,
    under_age_medium: int,
) -> RiskSuggestion:
    """R-WNB-5: the risk a "was not brought" suggests, for the clinician to confirm or change.
    High for a child on a plan, looked after, or with another open risk flag; medium when this
    one reaches the meeting's threshold or the child is young enough to be seen by few others;
    low otherwise."""
    if on_plan or looked_after:
        why = "on a child protection plan" if on_plan else "looked after"
        return RiskSuggestion(RiskLevel.HIGH, f"The child is {why}.")
    if other_risk_flags:
        return RiskSuggestion(RiskLevel.HIGH, "The child has an open risk flag.")
    if wnbs_before + 1 >= meeting_threshold:
        return RiskSuggestion(
            RiskLevel.MEDIUM,
            f"This is the child's {_ordinal(wnbs_before + 1)} appointment not brought to in "
            "the last 12 months.",
        )
    if age_years < under_age_medium:
        return RiskSuggestion(
            RiskLevel.MEDIUM,
            f"The child is under {under_age_medium} and seen by few other services.",
        )
    return RiskSuggestion(RiskLevel.LOW, "No other concern is recorded.")


def _ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(n, f"{n}th")


def practitioner_service(*, age_years: int, health_visiting_until: int) -> Service:
    """R-WNB-3: the child's named community practitioner is the health visitor under 5, the
    school nurse from 5."""
    if age_years < health_visiting_until:
        return Service.HEALTH_VISITING
    return Service.SCHOOL_NURSING


def immunisation_followup_needed(
    *, service: Service | str, outcome: Outcome, on_plan: bool
) -> bool:
    """R-WNB-6: an immunisation not given because a child on a plan was not brought is
    followed up by the GP practice."""
    return service == Service.IMMUNISATION and outcome == Outcome.WAS_NOT_BROUGHT and on_plan


@dataclass(frozen=True)
class ChildCounts:
    """A child's history that puts them on a meeting's agenda, counted by the selector."""

    wnbs: int
    reschedules: int
    missed_immunisations: int
    wnbs_on_plan_this_week: int
    asked_for_discussion: int
    open_frequent_review: bool


def meeting_reasons(
    counts: ChildCounts,
    *,
    wnb_threshold: int,
    reschedule_threshold: int,
    immunisation_threshold: int,
    window_months: int,
) -> list[str]:
    """R-WNB-2 (with R-WNB-3 and R-WNB-6): why a child is on the weekly meeting's agenda; an
    empty list when they are not."""
    reasons: list[str] = []
    window = f"in the last {window_months} months"
    if counts.wnbs >= wnb_threshold:
        reasons.append(f"Not brought to {counts.wnbs} appointments {window}")
    if counts.reschedules >= reschedule_threshold:
        reasons.append(
            f"{counts.reschedules} appointments cancelled or rescheduled by the family {window}"
        )
    if counts.wnbs_on_plan_this_week:
        reasons.append("Not brought to an appointment while on a plan or looked after")
    if counts.missed_immunisations >= immunisation_threshold:
        reasons.append(f"{counts.missed_immunisations} immunisation appointments missed {window}")
    if counts.asked_for_discussion:
        reasons.append("The clinician's triage asked for discussion at this meeting")
    if counts.open_frequent_review:
        reasons.append("Open frequent-attendance review")
    return reasons


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week_monday(text: str) -> dt.date:
    """The Monday of an ISO week written YYYY-Www; ValueError for a week that does not exist
    (2026-W60, 2025-W53)."""
    match = _WEEK.match(text.strip())
    if match is None:
        raise ValueError(text)
    year, week = int(match.group(1)), int(match.group(2))
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(text) from None


def iso_week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def agenda_window(monday: dt.date) -> tuple[dt.date, dt.date]:
    """R-WNB-2: the meeting of a week discusses what happened in the week before it (Monday to
    Sunday), so a child not brought on any day is on the next week's agenda."""
    return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


#: FHIR's appointment cancellation reasons (terminology.hl7.org CodeSystem
#: appointment-cancellation-reason): the patient's codes start "pat", the rest are the service's.
CANCELLATION_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason"


def cancellation_outcome(reason_code: str) -> Outcome:
    """Who cancelled, from the FHIR cancellation reason's code: the family (pat...) or the
    service (anything else)."""
    if reason_code == "pat" or reason_code.startswith("pat-"):
        return Outcome.FAMILY_CANCELLED
    return Outcome.SERVICE_CANCELLED


def on_time(*, done_on: dt.date | None, due_on: dt.date | None) -> bool:
    """R-LEAD-4: a task counts as done on time when it was closed on or before its due date."""
    return done_on is not None and due_on is not None and done_on <= due_on


#: The service an organisation's appointments are with, unless a booking says otherwise.
SERVICE_OF_SETTING = {
    "health-visiting": Service.HEALTH_VISITING,
    "school-nursing": Service.SCHOOL_NURSING,
    "camhs": Service.CAMHS,
    "paediatrics": Service.PAEDIATRICS,
    "lac-health": Service.LAC_HEALTH,
    "gp-practice": Service.GP,
}


def default_service(*, setting_type: str) -> Service | None:
    return SERVICE_OF_SETTING.get(setting_type)
