"""Emergency (break-glass) access grants (R-FLAG-10)."""

from __future__ import annotations

from django.db import models


class BreakGlassGrant(models.Model):
    user_id = models.BigIntegerField()
    username = models.CharField(max_length=150)
    org_code = models.CharField(max_length=16)
    child_id = models.BigIntegerField()
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user_id", "child_id", "expires_at"], name="bg_user_child")]

    def __str__(self) -> str:
        return f"Emergency access by {self.username} to child {self.child_id}"
