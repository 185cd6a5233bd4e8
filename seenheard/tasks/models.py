"""Tasks for a professional or a team: reviews the rules raise, tasks between colleagues
(R-REF-7), and what happened to each (its history: given, reassigned, escalated, closed)."""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child
from seenheard.tasks.kinds import TaskKind, task_kind_label

__all__ = ["Task", "TaskEvent", "TaskEventKind", "TaskKind", "TaskStatus"]


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Task(models.Model):
    #: A key registered in ``tasks.kinds`` (no choices in the database: apps add kinds in code).
    kind = models.CharField(max_length=40)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="tasks")
    #: The owning team is an organisation and a role; ``owner_user_id`` names one person in it.
    owner_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    owner_role = models.CharField(max_length=32)
    owner_user_id = models.BigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    requirement = models.CharField(max_length=16, blank=True, help_text="e.g. R-REF-7")
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    #: Who gave the task (a username; "" or "system" for a task a rule raised).
    created_by = models.CharField(max_length=150, blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=150, blank=True)
    outcome = models.TextField(blank=True)
    #: How many times the overdue task has been escalated, and when last (R-REF-7).
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    encounters = models.ManyToManyField("encounters.Encounter", blank=True, related_name="tasks")

    class Meta:
        indexes = [
            models.Index(fields=["owner_org", "status", "-created_at"], name="task_owner_open"),
            models.Index(fields=["child", "kind", "status"], name="task_child_kind"),
            # The worklists read open tasks in due order, a team's and a person's (R-REF-7):
            # the status is an equality in the index, not a partial index's condition, because
            # the status is a bound parameter and neither SQLite nor a generic PostgreSQL plan
            # can match a parameter to a partial index's condition. A page of 100,000 costs
            # what a page of ten does (bench/task_worklist.py).
            models.Index(
                fields=["owner_org", "owner_role", "status", "due_on", "id"],
                name="task_team_due",
            ),
            models.Index(
                fields=["owner_user_id", "status", "due_on", "id"], name="task_person_due"
            ),
            # The escalation run looks only at open tasks past their due date.
            models.Index(fields=["status", "due_on"], name="task_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return task_kind_label(self.kind)


class TaskEventKind(models.TextChoices):
    GIVEN = "given", "Given"
    REASSIGNED = "reassigned", "Reassigned"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


class TaskEvent(models.Model):
    """One thing that happened to a task, never changed afterwards: the history shown on the
    task's page. The owner after the event is recorded (for a reassignment, also before)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=TaskEventKind.choices)
    at = models.DateTimeField()
    #: Who did it (a username; "system" for the escalation run).
    by = models.CharField(max_length=150)
    from_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_role = models.CharField(max_length=32, blank=True)
    from_user_id = models.BigIntegerField(null=True, blank=True)
    to_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_role = models.CharField(max_length=32, blank=True)
    to_user_id = models.BigIntegerField(null=True, blank=True)
    #: For an escalation: its level and the people told, by name and role.
    level = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["task", "at", "id"], name="task_event_task_at"),
            # "Escalated to you": the escalations to a manager's organisation and role.
            models.Index(fields=["to_org", "to_role", "kind", "task"], name="task_event_to"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.task_id}"
