"""Audit events in plain English: the one table of what each kind of event means to a person.

Wherever events are shown to staff (the "Who has seen this child's record" page), the "What" is
``describe(action, object_type)``: "Viewed who has looked at the child's protection flag", never
"Viewed FlagViews". A test (audit/tests/test_presenters.py) reads the code for every object type
it records and fails if one is missing here, so a new kind of event must be described when it
is added (issue 7 section 4; DESIGN: plain English on every screen).
"""

from __future__ import annotations

from seenheard.audit.models import AuditAction

#: What was acted on, as a noun phrase that follows the verb.
OBJECT_TYPES: dict[str, str] = {
    "Adult": "an adult's details",
    "ApiToken": "an API token",
    "Appointment": "an appointment",
    "AttendanceRecord": "a child's A&E or minor-injury record",
    "BreakGlassGrant": "a use of emergency access",
    "BreakGlassGrantList": "the uses of emergency access to review",
    "Child": "the child's record",
    "ChildAccessHistory": "who has seen the child's record",
    "ChildAppointments": "the child's appointments",
    "ChildVoice": "the child's views in their own words",
    "ChildrenImport": "children's records from the demographics feed",
    "Chronology": "the child's chronology",
    "ClinicList": "a clinic's appointments",
    "Conference": "a child protection conference",
    "ConferenceInvitation": "an invitation to a child protection conference",
    "EarlyHelp": "the child's early help",
    "EarlyHelpList": "the early help list",
    "EarlyHelpReview": "a review of the child's early help",
    "Encounter": "an attendance",
    "EncounterList": "the child's attendances",
    "Episode": "an episode of care from the council's looked-after children return",
    "Feedback": "a child's feedback",
    "FeedbackCode": "a child's feedback code",
    "FlagAttendanceAlert": "an attendance of a child on a plan",
    "FlagAttendanceAlerts": "the council's list of attendances of children on plans",
    "FlagLookup": "the child's protection flags",
    "FlagUpload": "a council's upload of protection flags",
    "FlagUploadGapClosure": "why a council's flag files will not arrive",
    "FlagViews": "who has looked at the child's protection flag",
    "GpReport": "a GP's report for a child protection conference",
    "HealthAssessment": "a health assessment",
    "HealthPlan": "a health plan",
    "HealthReturnFacts": "the health facts for the looked-after children return",
    "LacChild": "a child in the council's looked-after children return",
    "LacHealthRecord": "the child's looked-after health record",
    "LacTracker": "the looked-after children's health tracker",
    "OutcomeCohort": "the outcomes of a council's children in care",
    "OutcomeMeasure": "an outcome measure agreed with children in care",
    "OutcomeRecord": "a child's outcomes over time",
    "MeetingAgenda": "the safeguarding meeting's agenda",
    "MeetingDecision": "a safeguarding meeting's decision",
    "MotherEncounterList": "a pregnant woman's attendances",
    "MotherFlagLookup": "the unborn child plans held against a pregnant woman",
    "MotherFlagViews": "who has looked at an unborn child's plan",
    "Notification": "a message about the child",
    "PlanReview": "a health plan review",
    "ProtectionFlag": "a protection flag",
    "Referral": "a referral",
    "ReferralQualityAudit": "the quality audit of referrals",
    "RiskFlag": "a risk flag",
    "RiskFlagList": "the child's risk flags",
    "SdqRecord": "a strengths and difficulties questionnaire",
    "SdqReview": "a specialist review after a questionnaire score",
    "Session": "a session",
    "SyntheticPopulation": "the demonstration children",
    "Task": "a task",
    "TaskEscalation": "an overdue task",
    "TaskList": "the task list",
    "TaskOwner": "who a task is for",
    "User": "a staff account",
    "WnbFigures": "the figures for children not brought",
    "WnbTriage": "the triage of a child not brought",
}

#: The verb for each action, before the object.
ACTIONS: dict[str, str] = {
    AuditAction.VIEW: "Viewed",
    AuditAction.SEARCH: "Searched",
    AuditAction.CREATE: "Added",
    AuditAction.UPDATE: "Changed",
    AuditAction.BREAK_GLASS: "Used emergency access to",
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.SIGN_IN_FAILED: "Failed to sign in",
    AuditAction.SIGN_OUT: "Signed out",
    AuditAction.EXPORT: "Exported",
}

#: Pairs that read better said whole than as verb and object.
PAIRS: dict[tuple[str, str], str] = {
    (AuditAction.SIGN_IN, "Session"): "Signed in",
    (AuditAction.SIGN_IN_FAILED, "Session"): "Failed to sign in",
    (AuditAction.SIGN_OUT, "Session"): "Signed out",
    (AuditAction.SEARCH, "Child"): "Searched for a child",
    (AuditAction.SEARCH, "Adult"): "Searched for a pregnant woman",
    (AuditAction.VIEW, "Adult"): "Viewed a pregnant woman's details",
    (AuditAction.CREATE, "Encounter"): "Registered an attendance",
    (AuditAction.CREATE, "AttendanceRecord"): "Started a child's A&E or minor-injury record",
    (AuditAction.CREATE, "RiskFlag"): "Raised a risk flag",
    (AuditAction.UPDATE, "FlagAttendanceAlert"): (
        "Marked an attendance of a child on a plan as seen"
    ),
    (AuditAction.UPDATE, "BreakGlassGrant"): "Reviewed a use of emergency access",
    (AuditAction.CREATE, "Task"): "Gave a task",
    (AuditAction.CREATE, "EarlyHelp"): "Recorded early help",
    (AuditAction.UPDATE, "EarlyHelpReview"): "Reviewed the child's early help",
    (AuditAction.UPDATE, "Task"): "Closed a task",
    (AuditAction.UPDATE, "TaskOwner"): "Passed a task to someone else",
    (AuditAction.UPDATE, "TaskEscalation"): "Escalated an overdue task to a manager",
    (AuditAction.CREATE, "ChildrenImport"): "Added children's records from the demographics feed",
}

#: What is said for an event recorded by a version of the service that knew a kind this one
#: does not: still plain English, never the stored identifier.
UNKNOWN = "Used the child's record"


def describe(action: str, object_type: str) -> str:
    """The plain-English "What" of one audit event."""
    whole = PAIRS.get((action, object_type))
    if whole is not None:
        return whole
    verb = ACTIONS.get(action)
    noun = OBJECT_TYPES.get(object_type)
    if verb is None or noun is None:
        return UNKNOWN
    return f"{verb} {noun}"
