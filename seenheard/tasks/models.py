"""Tasks for a professional or a team: reviews the rules raise, and tasks between colleagues."""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class TaskKind(models.TextChoices):
    FREQUENT_ATTENDANCE_REVIEW = "frequent-attendance-review", "Frequent attendance review"
    SEXUAL_HEALTH_SAFEGUARDING = "sexual-health-safeguarding", "Sexual health safeguarding review"
    PROFESSIONAL = "professional", "Task from a colleague"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Task(models.Model):
    kind = models.CharField(max_length=40, choices=TaskKind.choices)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="tasks")
    owner_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    owner_role = models.CharField(max_length=32)
    owner_user_id = models.BigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    requirement = models.CharField(max_length=16, blank=True, help_text="e.g. R-FLAG-7")
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=150, blank=True)
    outcome = models.TextField(blank=True)
    encounters = models.ManyToManyField("encounters.Encounter", blank=True, related_name="tasks")

    class Meta:
        indexes = [
            models.Index(fields=["owner_org", "status", "-created_at"], name="task_owner_open"),
            models.Index(fields=["child", "kind", "status"], name="task_child_kind"),
        ]

    def __str__(self) -> str:
        return self.title
