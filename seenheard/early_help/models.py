"""Early help (R-REF-6): a child with needs below the child-protection threshold, the help
offered, the lead professional and the date of the next review, so the child stays visible.
Nothing is deleted: a review adds a row and moves the next review date; closing records why."""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class EarlyHelpStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EarlyHelpCloseReason(models.TextChoices):
    NEEDS_MET = "needs-met", "The child's needs are met"
    STEPPED_UP = "stepped-up", "Stepped up to children's social care"
    MOVED_AWAY = "moved-away", "The family moved away"
    DECLINED = "declined", "The family declined further help"


class EarlyHelp(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="early_help")
    needs = models.TextField()
    help_offered = models.TextField()
    #: The lead professional: one person, in their organisation and role.
    lead_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    lead_role = models.CharField(max_length=32)
    lead_user_id = models.BigIntegerField()
    review_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=EarlyHelpStatus.choices, default=EarlyHelpStatus.OPEN
    )
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=150, blank=True)
    close_reason = models.CharField(max_length=16, choices=EarlyHelpCloseReason.choices, blank=True)
    #: The review date a missed-review task was last raised for (so it is raised once).
    missed_review_task_for = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # The team's list: open records led from an organisation, next review first (the
            # status an equality in the index: a parameter cannot match a partial index).
            models.Index(
                fields=["lead_org", "status", "review_on", "id"], name="early_help_by_org"
            ),
            models.Index(fields=["child", "status"], name="early_help_child"),
        ]

    def __str__(self) -> str:
        return f"Early help {self.pk}"


class EarlyHelpReview(models.Model):
    """One review: what it found and the date of the next one."""

    early_help = models.ForeignKey(EarlyHelp, on_delete=models.PROTECT, related_name="reviews")
    reviewed_at = models.DateTimeField()
    reviewed_by = models.CharField(max_length=150)
    note = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["early_help", "reviewed_at"], name="early_help_review_at")]

    def __str__(self) -> str:
        return f"Review of {self.early_help_id}"
