"""Child protection conferences, their invitations and the GP's report (R-REF-5).

A conference is scheduled by the council's social worker for a child they may see; the
professionals involved are invited by name; a GP who cannot attend sends a structured report
before it. Nothing is deleted: a cancelled conference keeps its row with the reason, and a GP's
second report supersedes the first.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child

#: The longest free text a conference record takes (a clear limit: 100 KB is refused).
TEXT_LIMIT = 4000


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class ConferenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class RemoteJoining(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Telephone"
    NONE = "none", "In person only"


class InvitationResponse(models.TextChoices):
    AWAITING = "awaiting", "Not answered yet"
    IN_PERSON = "in-person", "Attending in person"
    REMOTE = "remote", "Joining remotely"
    REPORT = "report", "Cannot attend: sending a report"
    CANNOT = "cannot", "Cannot attend"


class Attendance(models.TextChoices):
    NOT_RECORDED = "not-recorded", "Not recorded"
    IN_PERSON = "in-person", "Attended in person"
    REMOTE = "remote", "Joined remotely"
    ABSENT = "absent", "Did not attend"


class Conference(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    #: The conference this one reviews (a review's previous conference); none for an initial.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    strategy_discussion_on = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField()
    #: The last day the timescale allows (R-REF-5), worked out when it was scheduled.
    due_by = models.DateField()
    outside_timescale_reason = models.TextField(blank=True)
    location = models.CharField(max_length=200)
    remote_joining = models.CharField(max_length=8, choices=RemoteJoining.choices)
    remote_details = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=12, choices=ConferenceStatus.choices, default=ConferenceStatus.SCHEDULED
    )
    organiser_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organiser_user_id = models.BigIntegerField()
    organiser_name = models.CharField(max_length=200)
    organiser_email = models.EmailField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["child", "starts_at"], name="conf_child_start"),
            models.Index(fields=["organiser_org", "starts_at"], name="conf_org_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class ConferenceInvitation(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="invitations")
    #: Repeated from the conference so the scope filter reaches it in one join.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    invitee_user_id = models.BigIntegerField()
    invitee_name = models.CharField(max_length=200)
    invitee_role = models.CharField(max_length=32)
    invitee_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invitee_email = models.EmailField(blank=True)
    is_gp = models.BooleanField(default=False)
    sent_at = models.DateTimeField()
    #: For the GP (R-REF-5): calendar days between the invitation and the conference, and
    #: whether the conference is outside surgery hours, as they were when it was sent.
    notice_days = models.IntegerField()
    outside_surgery_hours = models.BooleanField()
    response = models.CharField(
        max_length=12, choices=InvitationResponse.choices, default=InvitationResponse.AWAITING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        max_length=14, choices=Attendance.choices, default=Attendance.NOT_RECORDED
    )

    class Meta:
        indexes = [models.Index(fields=["invitee_user_id", "sent_at"], name="conf_inv_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "invitee_user_id"], name="conf_inv_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitee_name} to conference {self.conference_id}"


class GpReport(models.Model):
    """The GP's structured report to the conference (R-REF-5), sent before it starts."""

    invitation = models.ForeignKey(
        ConferenceInvitation, on_delete=models.PROTECT, related_name="reports"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    health_and_development = models.TextField()
    parents_health = models.TextField()
    child_with_parents = models.TextField()
    attendances = models.TextField()
    #: The child's voice (R-VOICE-1): their words and how they were heard, or why not.
    voice = models.OneToOneField("voice.ChildVoice", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    author_name = models.CharField(max_length=200)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"GP report by {self.author_name}"
