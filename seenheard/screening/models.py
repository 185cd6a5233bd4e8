"""A child's SDQs, scored when recorded, and the specialist reviews they lead to (R-OUT-3,
R-OUT-4). Nothing is deleted: a corrected SDQ is superseded by the new one."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child
from seenheard.screening.questionnaires import Band, Informant


class SdqOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    NOT_COMPLETED = "not-completed", "Not completed"


class SdqNotCompletedReason(models.TextChoices):
    """Why there is no SDQ: the Department for Education's SSDA903 reasons (``SDQ_REASON``),
    with their codes, so the return can say so."""

    AGE = "SDQ1", "The child was under 4 or over 16 at the date it was due"
    CARER_REFUSED = "SDQ2", "The carer refused to complete and return the questionnaire"
    DISABILITY = "SDQ3", "Not possible because of the severity of the child's disability"
    OTHER = "SDQ4", "Another reason"
    CHILD_REFUSED = "SDQ5", "The young person refused to allow an SDQ to be completed"


class SdqRecord(models.Model):
    """One informant's questionnaire for a child on a date, with its scores as worked out by
    the questionnaire version named (``screening.questionnaires``), or why there is none."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sdqs")
    outcome = models.CharField(max_length=16, choices=SdqOutcome.choices)
    informant = models.CharField(max_length=8, choices=Informant.choices)
    completed_on = models.DateField(help_text="The date on the questionnaire, or when asked.")
    not_completed_reason = models.CharField(
        max_length=4, choices=SdqNotCompletedReason.choices, blank=True
    )
    questionnaire = models.CharField(max_length=16, default="sdq")
    version = models.CharField(max_length=32)
    #: The answers as ticked: {"items": [25 of 0, 1, 2 or null], "difficulties": ...,
    #: "impact": {"distress": ..., ...}}; kept so that a later version can rescore.
    answers = models.JSONField(default=dict)
    emotional = models.PositiveSmallIntegerField(null=True)
    conduct = models.PositiveSmallIntegerField(null=True)
    hyperactivity = models.PositiveSmallIntegerField(null=True)
    peer = models.PositiveSmallIntegerField(null=True)
    prosocial = models.PositiveSmallIntegerField(null=True)
    total_difficulties = models.PositiveSmallIntegerField(null=True)
    externalising = models.PositiveSmallIntegerField(null=True)
    internalising = models.PositiveSmallIntegerField(null=True)
    impact = models.PositiveSmallIntegerField(null=True)
    total_band = models.CharField(max_length=10, choices=Band.choices, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["child", "informant", "-completed_on"],
                condition=models.Q(superseded_by__isnull=True),
                name="sdq_child_latest",
            )
        ]

    def __str__(self) -> str:
        return f"SDQ {self.informant} {self.completed_on} ({self.total_difficulties})"


class SdqReviewStatus(models.TextChoices):
    AWAITING = "awaiting", "Waiting to be seen"
    SEEN = "seen", "Seen by a specialist"


class SdqReview(models.Model):
    """R-OUT-4: a review by a specialist mental-health professional, raised by a total of 14
    or more (the area's protocol), tracked until the child is seen. The team's task
    (``task_id``) puts it on their worklist; this record says whether it happened."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sdq_reviews")
    sdq = models.ForeignKey(SdqRecord, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        max_length=10, choices=SdqReviewStatus.choices, default=SdqReviewStatus.AWAITING
    )
    threshold = models.PositiveSmallIntegerField(help_text="The protocol's total when raised.")
    raised_at = models.DateTimeField()
    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    task_id = models.BigIntegerField(null=True, blank=True)
    seen_on = models.DateField(null=True, blank=True)
    seen_by = models.CharField(max_length=200, blank=True, help_text="Name and role.")
    service = models.CharField(max_length=200, blank=True)
    outcome = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["team", "status", "raised_at"], name="sdq_review_open")]

    def __str__(self) -> str:
        return f"SDQ review {self.status} ({self.raised_at:%Y-%m-%d})"
