"""Each area's locally agreed protocol: the numbers the rules use, with every change recorded.

Requirements give defaults in bold (10 attendances in 12 months, 95% match rate ...); an area may
change them. A change is a new row, never an edit, so the history of who changed what and why
is kept.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation


class ProtocolValue(models.Model):
    key = models.CharField(max_length=64)
    area = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation whose protocol this is; empty for the national default.",
    )
    value = models.IntegerField()
    effective_from = models.DateTimeField()
    changed_by = models.CharField(max_length=150)
    reason = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["key", "area", "-effective_from"], name="protocol_lookup")]

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.area or 'default'})"


class ProtocolList(models.Model):
    """One version of an area's list (its threshold document's levels ...): the whole list as
    it stands from ``effective_from``, each entry ``{"code", "name", "description"}``. A change
    is a new row with who and why, like a value."""

    key = models.CharField(max_length=64)
    area = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation whose protocol this is; empty for the national default.",
    )
    items = models.JSONField()
    effective_from = models.DateTimeField()
    changed_by = models.CharField(max_length=150)
    reason = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["key", "area", "-effective_from"], name="protocol_list_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({len(self.items)} entries, {self.area or 'default'})"
