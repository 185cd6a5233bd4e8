"""Emergency (break-glass) access grants (R-FLAG-10)."""

from __future__ import annotations

from django.db import models


class BreakGlassReviewRoute(models.TextChoices):
    """Who was named to review a grant, when it was given (R-FLAG-10, ADR 020)."""

    ORGANISATION = "organisation", "The organisation's safeguarding lead"
    AREA = "area", "The area's designated safeguarding professional"
    SYSTEM = "system", "Safeguarding oversight for the system"
    NONE = "none", "Nobody: no reviewer could be found"


class BreakGlassGrant(models.Model):
    user_id = models.BigIntegerField()
    username = models.CharField(max_length=150)
    #: The name and role of the person given access, as they were then (for the reviewer).
    user_name = models.CharField(max_length=300, blank=True)
    user_role = models.CharField(max_length=32, blank=True)
    org_code = models.CharField(max_length=16)
    child_id = models.BigIntegerField()
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    #: Who was told and reviews it (access.rules.break_glass_review_route).
    review_route = models.CharField(
        max_length=16,
        choices=BreakGlassReviewRoute.choices,
        default=BreakGlassReviewRoute.ORGANISATION,
    )
    #: The organisation whose safeguarding professionals review it; empty for the system's
    #: oversight and for nobody.
    reviewer_org_code = models.CharField(max_length=16, blank=True)
    #: The names of the reviewers told, as they were then.
    reviewer_names = models.CharField(max_length=500, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_by_name = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user_id", "child_id", "expires_at"], name="bg_user_child"),
            models.Index(fields=["reviewer_org_code", "granted_at"], name="bg_reviewer_org"),
            models.Index(fields=["review_route", "granted_at"], name="bg_review_route"),
        ]

    def __str__(self) -> str:
        return f"Emergency access by {self.username} to child {self.child_id}"


class TraceKind(models.TextChoices):
    NHS_NUMBER = "nhs-number", "NHS number"
    NAME_AND_BIRTH_DATE = "name-dob", "Family name and date of birth"


class Trace(models.Model):
    """An exact trace (NHS number, or family name and date of birth) that found a child or a
    pregnant woman: a short-lived legitimate relationship between the member of staff who made
    it, in the role and organisation they made it in, and the person found (R-FLAG-3,
    R-FLAG-10, ADR 019). For ``trace.minutes`` (a protocol parameter) that user may read and
    register the person they traced; an id alone reaches nobody.

    Ids and labels, no foreign keys, like the audit trail: a trace is a record of what was
    found, kept after the access it gave has run out."""

    user_id = models.BigIntegerField()
    organisation_id = models.BigIntegerField()
    role = models.CharField(max_length=32)
    #: Exactly one of the two: the child traced, or the pregnant woman (an unborn child's plan
    #: is held against her NHS number, R-FLAG-1).
    child_id = models.BigIntegerField(null=True, blank=True)
    adult_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=TraceKind.choices)
    traced_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["user_id", "child_id", "expires_at"], name="trace_user_child"),
            models.Index(fields=["user_id", "adult_id", "expires_at"], name="trace_user_adult"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_id__isnull=True, adult_id__isnull=False)
                | models.Q(child_id__isnull=False, adult_id__isnull=True),
                name="trace_child_or_adult",
            )
        ]

    def __str__(self) -> str:
        whom = f"child {self.child_id}" if self.child_id else f"adult {self.adult_id}"
        return f"Trace of {whom} by user {self.user_id} until {self.expires_at:%H:%M}"
