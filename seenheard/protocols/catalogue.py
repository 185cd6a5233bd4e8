"""The parameters the rules use, with the report's numbers as defaults, and the lists an area
keeps (its threshold document's levels), with the common model as the default.

Every app appends its own: a number to ``PARAMETERS``, a list to ``LISTS``. The page shows each
one's ``meaning`` and its requirement in plain words (``REQUIREMENT_WORDS``, never the R-ID).
"""

from __future__ import annotations

from seenheard.protocols.ae_record_lists import OLDER_RISK_QUESTIONS, SAFEGUARDING_PROMPTS
from seenheard.protocols.items import ListItem as ListItem
from seenheard.protocols.items import ListParameter as ListParameter
from seenheard.protocols.items import Parameter as Parameter

#: The requirement of the frequent-attendance review's parameters (its rule:
#: ``encounters.rules.frequent_review_decision``).
_FREQUENT_ATTENDANCE = "R-FLAG-7"

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
            _FREQUENT_ATTENDANCE,
            "Unscheduled-care attendances that put a child up for review",
        ),
        Parameter(
            "attendance.frequent_window_months",
            12,
            _FREQUENT_ATTENDANCE,
            "The window, in months, in which attendances are counted",
        ),
        Parameter(
            "attendance.repeat_minutes",
            60,
            _FREQUENT_ATTENDANCE,
            "A second registration of the same child at the same setting within this many "
            "minutes is checked with the person registering, and counts once towards frequent "
            "attendance",
        ),
        Parameter(
            "attendance.left_before_seen_follow_up_days",
            2,
            "R-WNB-4",
            "Days in which the GP practice and the community health service follow up a child "
            "who left A&E before being seen",
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
            "referral.decision_working_days",
            1,
            "R-REF-3",
            "Working days the receiving team has to decide on a referral before it becomes a "
            "task for their manager",
        ),
        Parameter(
            "referral.audit_sample_size",
            5,
            "R-REF-2",
            "Referrals of each referring service audited for quality each month",
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
        Parameter(
            "lac.iha_working_days",
            20,
            "R-OUT-1",
            "Working days from the day a child became looked after to the initial health "
            "assessment",
        ),
        Parameter(
            "lac.rha_months_under_five",
            6,
            "R-OUT-1",
            "Months from the last health assessment to the review, for a child under 5 on "
            "the day of it",
        ),
        Parameter(
            "lac.rha_months_from_five",
            12,
            "R-OUT-1",
            "Months from the last health assessment to the review, for a child of 5 or more",
        ),
        Parameter(
            "lac.sdq_months",
            12,
            "R-OUT-3",
            "Months looked after before the first SDQ, and between SDQs",
        ),
        Parameter(
            "early_help.review_interval_weeks",
            12,
            "R-REF-6",
            "The longest time, in weeks, before a child's early help is reviewed",
        ),
        Parameter(
            "early_help.missed_review_task_days",
            5,
            "R-REF-6",
            "Days the lead professional has to review early help once a review is missed",
        ),
        Parameter(
            "conference.initial_working_days",
            15,
            "R-REF-5",
            "An initial child protection conference is held within this many working days of "
            "the strategy discussion",
        ),
        Parameter(
            "conference.first_review_months",
            3,
            "R-REF-5",
            "The first review conference is held within this many months of the initial one",
        ),
        Parameter(
            "conference.review_months",
            6,
            "R-REF-5",
            "Later review conferences are held within this many months of the one before",
        ),
        Parameter(
            "conference.gp_notice_days",
            10,
            "R-REF-5",
            "Days of notice a GP should have of a conference; less is shown as short notice",
        ),
        Parameter(
            "conference.surgery_opens_minute",
            8 * 60,
            "R-REF-5",
            "When GP surgery hours start, in minutes after midnight (weekdays)",
        ),
        Parameter(
            "conference.surgery_closes_minute",
            18 * 60 + 30,
            "R-REF-5",
            "When GP surgery hours end, in minutes after midnight (weekdays)",
        ),
        Parameter(
            "feedback.code_days",
            14,
            "R-VOICE-2",
            "Days a child's one-time feedback code works for after it is given",
        ),
        Parameter(
            "feedback.attempt_window_minutes",
            60,
            "R-VOICE-2",
            "The window, in minutes, in which tries of feedback codes are counted",
        ),
        Parameter(
            "feedback.attempts_per_address",
            10,
            "R-VOICE-2",
            "Tries of a feedback code allowed from one address in the window",
        ),
        Parameter(
            "feedback.attempts_global",
            500,
            "R-VOICE-2",
            "Tries of feedback codes allowed from everywhere together in the window",
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
            "attendance.older_risk_questions",
            OLDER_RISK_QUESTIONS,
            "R-REF-4",
            "The risk questions an A&E or minor-injury record asks every 16 and 17 year old",
        ),
        ListParameter(
            "attendance.safeguarding_prompts",
            SAFEGUARDING_PROMPTS,
            "R-REF-4",
            "The safeguarding prompts an A&E or minor-injury record asks about every child",
        ),
        ListParameter(
            "referral.threshold_levels",
            THRESHOLD_LEVELS,
            "R-REF-1",
            "The levels of need in the area's threshold document; a referral names the level "
            "the referrer used",
        ),
    ]
}

#: Each requirement in plain words, for the protocol page (no R-IDs on screen).
REQUIREMENT_WORDS = {
    "R-FLAG-1": "Staff can see when a child is on a protection plan, looked after or unborn and "
    "on a plan",
    "R-FLAG-2": "Councils keep the protection flags up to date",
    "R-FLAG-3": "Unscheduled care sees a child's flag at once when registering them",
    "R-FLAG-4": "Every look at a flag is recorded and can be seen",
    "R-FLAG-5": "The council is told when a child on its plans attends unscheduled care",
    "R-FLAG-6": "A child's attendances across settings are seen together",
    _FREQUENT_ATTENDANCE: "Children who attend unscheduled care often are reviewed",
    "R-FLAG-8": "Sexual health services flag young people under 13 and looked-after young people",
    "R-FLAG-9": "Risk flags (missing, domestic abuse, FGM, exploitation) are shared",
    "R-FLAG-10": "Access follows role and relationship; emergency access is reported",
    "R-REF-1": "Referrals say what the risk to the child is and what should happen",
    "R-REF-2": "Referrals and reports are audited for quality",
    "R-REF-3": "The referrer hears what happened to the referral",
    "R-REF-4": "Emergency department records of a child capture who came with them and the "
    "child's own account",
    "R-REF-5": "Child protection conferences are arranged so that GPs can contribute",
    "R-REF-6": "Children who need early help are followed, not lost",
    "R-REF-7": "Professionals can task each other and overdue tasks escalate",
    "R-WNB-1": "A child who was not brought to an appointment is followed up",
    "R-WNB-2": "Children repeatedly not brought are discussed at the weekly safeguarding meeting",
    "R-WNB-3": "When a child on a plan or in care is not brought, the safeguarding team and the "
    "child's practitioner are told",
    "R-WNB-4": "When a child leaves A&E before being seen, the GP and community services are told",
    "R-WNB-5": "Every 'was not brought' is triaged by risk",
    "R-WNB-6": "Missed immunisations of children on a plan are followed up",
    "R-OUT-1": "Health assessments of children in care happen on time",
    "R-OUT-2": "Health plans have clear objectives, owners and dates",
    "R-OUT-3": "Children in care complete the strengths and difficulties questionnaire every year",
    "R-OUT-4": "A high strengths and difficulties score leads to a mental health review",
    "R-OUT-5": "Areas track the outcomes they agreed with children",
    "R-OUT-6": "Young people who decline health assessments are engaged differently",
    "R-OUT-7": "Unaccompanied asylum-seeking children's assessments consider their status",
    "R-VOICE-1": "Every record holds the child's own views and wishes",
    "R-VOICE-2": "Children can give feedback on their care",
    "R-VOICE-3": "Young people can see their own plan in a form that suits them",
    "R-HIDDEN-1": "Adult services record the children of the people they support",
    "R-HIDDEN-2": "Children's social care is told when a parent at risk misses appointments",
    "R-HIDDEN-3": "Young people are screened for exploitation at every sexual health visit",
    "R-HIDDEN-4": "Female genital mutilation is reported and shared",
    "R-HIDDEN-5": "Each organisation names leads for exploitation and for FGM",
    "R-TRANS-1": "Young people with complex needs have a transition plan from 14",
    "R-TRANS-2": "The move from children's to adult mental health services is planned",
    "R-TRANS-3": "A child in care who moves area keeps their health reviews",
    "R-TRANS-4": "Care leavers receive a health passport",
    "R-LEAD-1": "Designated and named safeguarding posts are known",
    "R-LEAD-2": "Staff safeguarding training is tracked",
    "R-LEAD-3": "Supervision is recorded with its actions",
    "R-LEAD-4": "Boards and commissioners see the figures that matter",
    "R-LEAD-5": "Audits and lessons learned are tracked to completed actions",
    "R-LEAD-6": "The statutory returns can be produced from the records",
}


def requirement_words(requirement: str) -> str:
    """The requirement in plain words (the page never shows an R-ID)."""
    return REQUIREMENT_WORDS.get(requirement, "")
