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
        # Children who are not brought (issue 10): the area's jointly agreed WNB protocol.
        Parameter(
            "wnb.triage_working_days",
            2,
            "R-WNB-5",
            "Working days in which a clinician triages a 'was not brought'",
        ),
        Parameter(
            "wnb.meeting_threshold",
            2,
            "R-WNB-2",
            "Appointments not brought to in the window that put a child on the weekly "
            "safeguarding meeting's agenda",
        ),
        Parameter(
            "wnb.reschedule_threshold",
            3,
            "R-WNB-2",
            "Appointments cancelled or rescheduled by the family in the window that put a "
            "child on the agenda",
        ),
        Parameter(
            "wnb.window_months",
            12,
            "R-WNB-2",
            "The window, in months, in which appointments not brought to are counted",
        ),
        Parameter(
            "wnb.young_child_under_age",
            5,
            "R-WNB-5",
            "Children under this age not brought are suggested as medium risk at least",
        ),
        Parameter(
            "wnb.health_visiting_until_age",
            5,
            "R-WNB-3",
            "The health visitor is the named community practitioner below this age, the "
            "school nurse from it",
        ),
        Parameter(
            "wnb.practitioner_task_working_days",
            2,
            "R-WNB-3",
            "Working days in which the community practitioner follows up a child on a plan "
            "who was not brought",
        ),
        Parameter(
            "wnb.immunisation_followup_working_days",
            5,
            "R-WNB-6",
            "Working days in which the GP practice follows up a missed immunisation of a "
            "child on a plan",
        ),
        Parameter(
            "wnb.immunisation_meeting_threshold",
            2,
            "R-WNB-6",
            "Missed immunisations of a child on a plan that put them on the meeting's agenda",
        ),
    ]
}
