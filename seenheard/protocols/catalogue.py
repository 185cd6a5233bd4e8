"""The parameters the rules use, with the report's numbers as defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    key: str
    default: int
    requirement: str
    meaning: str


PARAMETERS = {
    p.key: p
    for p in [
        Parameter(
            "flag.previously_on_plan_months",
            12,
            "R-FLAG-1",
            "Months a child stays visible as 'previously on a plan' after it ends",
        ),
        Parameter(
            "flag.match_rate_warning_percent",
            95,
            "R-FLAG-2",
            "Warn a council while fewer than this percentage of its records match",
        ),
        Parameter(
            "flag.views_shown",
            25,
            "R-FLAG-4",
            "How many recent views of a flag are shown, at least",
        ),
        Parameter(
            "flag.repeat_view_hours",
            24,
            "R-FLAG-4",
            "Repeat views by the same person within this many hours are shown once",
        ),
        Parameter(
            "attendance.frequent_threshold",
            10,
            "R-FLAG-7",
            "Unscheduled-care attendances that put a child up for review",
        ),
        Parameter(
            "attendance.frequent_window_months",
            12,
            "R-FLAG-7",
            "The window, in months, in which attendances are counted",
        ),
        Parameter(
            "attendance.repeat_minutes",
            60,
            "R-FLAG-7",
            "A second registration of the same child at the same setting within this many "
            "minutes is checked with the person registering, and counts once towards frequent "
            "attendance",
        ),
        Parameter(
            "sexual_health.flag_under_age",
            13,
            "R-FLAG-8",
            "Sexual-health attendances below this age are flagged",
        ),
        Parameter(
            "fgm.flag_under_age",
            18,
            "R-FLAG-9",
            "FGM risk flags may be raised for girls below this age",
        ),
        Parameter(
            "sdq.interval_months",
            12,
            "R-OUT-3",
            "An SDQ is due when a child has been looked after this many months, and every "
            "this many months after the last",
        ),
        Parameter(
            "sdq.referral_total",
            14,
            "R-OUT-4",
            "An SDQ total difficulties score of this or more leads to a review by a "
            "specialist mental-health professional",
        ),
        Parameter(
            "sdq.review_due_days",
            28,
            "R-OUT-4",
            "Days within which the looked-after children's team aims for that review to "
            "happen (a local choice: the report sets no number)",
        ),
        Parameter("break_glass.hours", 4, "R-FLAG-10", "How long emergency access lasts"),
        Parameter(
            "trace.minutes",
            30,
            "R-FLAG-10",
            "Minutes for which an exact trace lets unscheduled-care staff read and register "
            "the child they found",
        ),
        Parameter(
            "task.follow_up_days",
            10,
            "R-REF-7",
            "Days from today a task from a colleague is due when no date is chosen",
        ),
        Parameter(
            "task.escalate_again_days",
            5,
            "R-REF-7",
            "Days after an overdue task was escalated before it escalates again, to the next "
            "manager up",
        ),
        Parameter(
            "task.escalation_levels",
            3,
            "R-REF-7",
            "How many times an overdue task escalates at most",
        ),
    ]
}
