"""The audit trail: append-only and hash-chained (DESIGN rule 3, R-FLAG-4, R-FLAG-10).

No foreign keys: an event keeps the ids *and* the labels as they were, so it still reads true
when the people and records it names have changed. Database triggers refuse UPDATE and DELETE
(migration 0002); ``seenheard audit verify`` proves that no row was altered or removed by anyone
who got round them.
"""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    BREAK_GLASS = "break-glass", "Emergency access"
    SIGN_IN = "sign-in", "Signed in"
    SIGN_IN_FAILED = "sign-in-failed", "Sign-in failed"
    SIGN_OUT = "sign-out", "Signed out"
    EXPORT = "export", "Exported"


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_user_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150)
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    actor_org_code = models.CharField(max_length=16, blank=True)
    actor_org_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True)
    channel = models.CharField(max_length=8, default="web", help_text="web, api, cli or job")
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["child_id", "-at"], name="audit_child_at"),
            models.Index(fields=["actor_user_id", "-at"], name="audit_actor_at"),
            # Who looked at a child's flag, newest first (R-FLAG-4): read at every registration.
            models.Index(fields=["child_id", "object_type", "-seq"], name="audit_child_type_seq"),
            # The same for a mother's unborn-child plan, whose look-ups name no child.
            models.Index(
                fields=["object_id", "-seq"],
                name="audit_mother_lookup_seq",
                condition=models.Q(object_type="MotherFlagLookup"),
            ),
        ]
        ordering = ["seq"]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.actor_username} {self.action} {self.object_type} {self.object_id}"
        )


class AuditHead(models.Model):
    """One row: the last event's sequence number and hash.

    Appending locks this row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
    serialises writers), so two transactions can never chain to the same predecessor. It also
    lets ``audit verify`` notice events removed from the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head at {self.seq}"
