"""The protection-flag index and the other shared risk flags (R-FLAG-1, R-FLAG-2, R-FLAG-9).

The index works like CP-IS: councils upload who is on a child protection plan, looked after, or
unborn and on a plan; any unscheduled-care setting sees it at registration. Nothing is deleted: a
record entered in error is marked so and kept.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Adult, Child


class PlanType(models.TextChoices):
    CPP = "CPP", "Child protection plan"
    LAC = "LAC", "Looked after child"
    UCPP = "UCPP", "Unborn child on a child protection plan"


# SNOMED CT codes used in the API (issue 3).
PLAN_SNOMED = {
    PlanType.CPP: ("342191000000101", "Subject to child protection plan"),
    PlanType.LAC: ("764841000000100", "Looked after child"),
    PlanType.UCPP: ("818901000000100", "Unborn child subject to child protection plan"),
}


class UploadStatus(models.TextChoices):
    APPLIED = "applied", "Every record applied"
    PARTLY_APPLIED = "partly-applied", "Some records rejected, the rest applied"
    REJECTED = "rejected", "File rejected whole; nothing changed"
    ALREADY_APPLIED = "already-applied", "Already applied; nothing changed"


class FlagUpload(models.Model):
    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="flag_uploads")
    sequence = models.BigIntegerField(null=True)
    full = models.BooleanField(default=False)
    content_sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, blank=True)
    channel = models.CharField(max_length=8, default="web")
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=UploadStatus.choices)
    records = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(
        default=0, help_text="Records whose NHS number matched a known person with that birth date."
    )
    applied = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    ended_by_full = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True, help_text="Why the whole file was rejected.")
    problem_line = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["la", "-uploaded_at"], name="upload_la_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "sequence"],
                condition=models.Q(status__in=["applied", "partly-applied"]),
                name="upload_sequence_once_per_la",
            )
        ]

    def __str__(self) -> str:
        return f"{self.la.code} upload {self.sequence} ({self.status})"

    @property
    def match_rate(self) -> float | None:
        return None if not self.records else self.matched / self.records


class FlagUploadRejection(models.Model):
    upload = models.ForeignKey(FlagUpload, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField()
    nhs_number = models.CharField(max_length=32, blank=True)
    code = models.CharField(max_length=32)
    message = models.TextField()

    class Meta:
        ordering = ["line"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.code}"


class UploadChangeKind(models.TextChoices):
    """What one record of an upload did to a child's plans, for the result page (issue 7)."""

    FLAGGED = "flagged", "Flagged"
    ENDED = "ended", "Plan ended"
    NOT_IN_FILE = "not-in-file", "Plan ended: not in the complete list"
    DELETED = "deleted", "Removed: entered in error"
    CHANGED = "changed", "Other change"
    OTHER_COUNCIL = "other-council", "Another council is responsible for the child"


class FlagUploadChange(models.Model):
    """One child named by an upload, and what the upload did (R-FLAG-2, issue 7): the result
    page lists children by NHS number and name, not only counts. ``council`` is set when the
    record is for a child another council is responsible for (placed out of area); a record
    that changed nothing for such a child has a row of its own, of kind OTHER_COUNCIL. Written
    with COPY (ADR 011, ADR 021): the person columns carry no database constraint, so a
    national upload does not check 150,000 more foreign keys at commit; they are the ids the
    upload matched."""

    upload = models.ForeignKey(FlagUpload, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=UploadChangeKind.choices)
    line = models.PositiveIntegerField(default=0, help_text="0: not in the file (full file).")
    nhs_number = models.CharField(max_length=10)
    plan_type = models.CharField(max_length=4, choices=PlanType.choices)
    child = models.ForeignKey(
        Child, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    mother = models.ForeignKey(
        Adult, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The council responsible for the child, when it is not the uploading council.
    council = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["upload", "kind", "line"], name="upload_change_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.nhs_number} in upload {self.upload_id}"


class FlagUploadGapClosure(models.Model):
    """A flag administrator's record of why files in a sequence gap will never arrive (R-FLAG-2,
    issue 7). Until the files arrive or this is recorded, the gap is shown on the council's
    upload pages."""

    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    first = models.BigIntegerField()
    last = models.BigIntegerField()
    reason = models.TextField()
    closed_by = models.CharField(max_length=150)
    closed_by_name = models.CharField(max_length=200)
    closed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["la", "first"], name="gap_closure_la")]

    def __str__(self) -> str:
        return f"{self.la.code} files {self.first} to {self.last} closed"


class ProtectionFlag(models.Model):
    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    plan_type = models.CharField(max_length=4, choices=PlanType.choices)
    nhs_number = models.CharField(max_length=10)
    # The person it is held against: the child, or for an unborn child the mother.
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="protection_flags"
    )
    mother = models.ForeignKey(
        Adult, null=True, blank=True, on_delete=models.PROTECT, related_name="unborn_flags"
    )
    date_of_birth = models.DateField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    expected_delivery_date = models.DateField(null=True, blank=True)
    entered_in_error = models.BooleanField(default=False)
    source = models.CharField(max_length=8, default="upload", help_text="upload or api")
    upload = models.ForeignKey(
        FlagUpload, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["nhs_number"], name="flag_nhs_number"),
            models.Index(fields=["la", "end_date"], name="flag_la_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "nhs_number", "plan_type", "start_date"],
                condition=models.Q(entered_in_error=False),
                name="flag_one_record_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_type} {self.nhs_number} from {self.start_date}"


class AlertEvent(models.TextChoices):
    """What brought a child on a plan to the council's inbox."""

    ATTENDED = "attended", "Attended"
    NOT_BROUGHT = "not-brought", "Was not brought"


class FlagAttendanceAlert(models.Model):
    """The council's inbox of children on its plans (R-FLAG-5): each attendance at unscheduled
    care, and each appointment a child on a child protection plan or looked after was not
    brought to (R-WNB-3)."""

    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    flag = models.ForeignKey(ProtectionFlag, on_delete=models.PROTECT, related_name="alerts")
    # The child who attended; or, for an unborn child's plan, the mother (the other is empty).
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mother = models.ForeignKey(
        Adult, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The attendance; empty for an appointment the child was not brought to.
    encounter = models.ForeignKey(
        "encounters.Encounter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=12, choices=AlertEvent.choices, default=AlertEvent.ATTENDED)
    #: For a "was not brought", the appointment in plain words: "Health visiting appointment".
    what = models.CharField(max_length=200, blank=True)
    setting_name = models.CharField(max_length=200)
    #: Who registered the attendance, or recorded that the child was not brought.
    registered_by = models.CharField(max_length=200)
    #: When the child attended, or when the appointment was.
    attended_at = models.DateTimeField()
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["la", "-attended_at"], name="alert_la_time")]

    def __str__(self) -> str:
        return f"Attendance alert for {self.la.code}"


class RiskFlagType(models.TextChoices):
    MISSING = "missing", "Missing child"
    MARAC = "marac", "Domestic abuse risk (MARAC)"
    FGM = "fgm", "FGM risk"
    CSE = "cse", "Child sexual exploitation risk"


class RiskFlag(models.Model):
    """A shared risk flag with an owner, a review date and an end (R-FLAG-9)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="risk_flags")
    flag_type = models.CharField(max_length=8, choices=RiskFlagType.choices)
    detail = models.TextField(blank=True)
    owner_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    owner_user_id = models.BigIntegerField()
    owner_name = models.CharField(max_length=200)
    owner_email = models.EmailField(blank=True)
    raised_at = models.DateTimeField()
    review_on = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=150, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "ended_at"], name="riskflag_child_open")]

    def __str__(self) -> str:
        return f"{self.get_flag_type_display()} for child {self.child_id}"
