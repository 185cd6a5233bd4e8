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
        Parameter("break_glass.hours", 4, "R-FLAG-10", "How long emergency access lasts"),
        Parameter(
            "referral.decision_working_days",
            1,
            "R-REF-3",
            "Working days the receiving team has to decide on a referral before it becomes a "
            "task for their manager",
        ),
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


@dataclass(frozen=True)
class ListItem:
    """One entry of an area's list: a stable code (what records keep), a short name and what
    it means, as the area's document words it."""

    code: str
    name: str
    description: str


@dataclass(frozen=True)
class ListParameter:
    key: str
    default: tuple[ListItem, ...]
    requirement: str
    meaning: str


# R-REF-1: the threshold levels of the area's threshold document (the "continuum of need").
# The default is the common four-level model most local safeguarding children partnerships
# publish; an area replaces the wording, or the levels, with its own.
THRESHOLD_LEVELS = (
    ListItem(
        "universal",
        "Level 1: universal",
        "Children whose needs are met by the services every child uses: health visiting, "
        "school nursing, GPs, early years and schools. No additional needs.",
    ),
    ListItem(
        "early-help",
        "Level 2: early help (additional needs)",
        "Children with additional needs that one agency, or several working together under an "
        "early help assessment with a lead professional, can meet with the family's consent.",
    ),
    ListItem(
        "child-in-need",
        "Level 3: child in need (complex needs)",
        "Children whose health or development will be significantly impaired without services "
        "from children's social care: an assessment under section 17 of the Children Act 1989.",
    ),
    ListItem(
        "child-protection",
        "Level 4: child protection (acute needs)",
        "Children who are suffering, or are likely to suffer, significant harm: a strategy "
        "discussion and enquiries under section 47 of the Children Act 1989, or a child who "
        "needs to be looked after.",
    ),
)

LISTS = {
    p.key: p
    for p in [
        ListParameter(
            "referral.threshold_levels",
            THRESHOLD_LEVELS,
            "R-REF-1",
            "The levels of need in the area's threshold document; a referral names the level "
            "the referrer used",
        ),
    ]
}
