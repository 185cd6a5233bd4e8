"""Appointments of any children's service, their outcomes, the triage of every "was not
brought", and the weekly safeguarding meeting (R-WNB-1 to R-WNB-6, ADR 027).

A child does not miss an appointment: they are not brought (R-WNB-1). Nothing is deleted: an
outcome is recorded once and never overwritten; a correction would be a new record.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class Service(models.TextChoices):
    GP = "gp", "GP"
    HEALTH_VISITING = "health-visiting", "Health visiting"
    SCHOOL_NURSING = "school-nursing", "School nursing"
    CAMHS = "camhs", "Children and young people's mental health (CAMHS)"
    PAEDIATRICS = "paediatrics", "Paediatrics"
    DENTAL = "dental", "Dental"
    IMMUNISATION = "immunisation", "Immunisations"
    LAC_HEALTH = "lac-health-assessment", "Looked-after children's health assessment"


class Outcome(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    # R-WNB-1: never "did not attend" for a child.
    WAS_NOT_BROUGHT = "was-not-brought", "Was not brought"
    FAMILY_CANCELLED = "family-cancelled", "Cancelled or rescheduled by the family"
    SERVICE_CANCELLED = "service-cancelled", "Cancelled by the service"


class Appointment(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="appointments")
    #: The organisation or setting that booked it (the booking user's).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=32, choices=Service.choices)
    starts_at = models.DateTimeField()
    booked_at = models.DateTimeField()
    booked_by = models.CharField(max_length=200, help_text="Name and role")
    #: The role that booked it: the clinicians who triage a "was not brought" (R-WNB-5).
    booked_by_role = models.CharField(max_length=32)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.BOOKED)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.CharField(max_length=200, blank=True, help_text="Name and role")
    cancel_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "outcome", "starts_at"], name="appt_child_outcome"),
            models.Index(fields=["organisation", "outcome", "starts_at"], name="appt_org_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} appointment {self.pk}"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class WnbAction(models.TextChoices):
    """R-WNB-5: the proportionate actions, least to most."""

    REBOOK = "rebook", "Rebook and contact the family"
    INFORM = "inform", "Inform the GP, health visitor, school nurse or lead professional"
    MEETING = "meeting", "Discuss at the safeguarding meeting"
    REFER = "refer", "Refer to children's social care"


class Triage(models.Model):
    """Why the child was not brought, the risk and the action (R-WNB-1, R-WNB-5). One per
    "was not brought": the database holds it to one even when two clerks record it at once."""

    appointment = models.OneToOneField(Appointment, on_delete=models.PROTECT, related_name="triage")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("tasks.Task", on_delete=models.PROTECT, related_name="+")
    suggested_risk = models.CharField(max_length=8, choices=RiskLevel.choices)
    suggested_because = models.TextField()
    risk = models.CharField(max_length=8, choices=RiskLevel.choices, blank=True)
    reason = models.TextField(blank=True, help_text="Why the child was not brought, if known")
    action = models.CharField(max_length=8, choices=WnbAction.choices, blank=True)
    action_detail = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "decided_at"], name="triage_child")]

    def __str__(self) -> str:
        return f"Triage of appointment {self.appointment_id}"


class Meeting(models.Model):
    """The weekly safeguarding meeting of an organisation (R-WNB-2), kept once it records
    anything; its agenda is built from the records each time it is read."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    week = models.CharField(max_length=8, help_text="ISO week, 2026-W49")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "week"], name="meeting_once_a_week")
        ]

    def __str__(self) -> str:
        return f"Safeguarding meeting {self.week}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)
    decision = models.TextField()
    decided_at = models.DateTimeField()
    decided_by = models.CharField(max_length=200)
    actions = models.ManyToManyField("tasks.Task", blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "child"], name="meeting_decision_once")
        ]

    def __str__(self) -> str:
        return f"Decision at {self.meeting}"
