"""What the SSDA903 return's OC2 table needs that no other record holds (R-LEAD-6): for a child
and a collection year, whether immunisations, the dental check and the health assessment were
up to date, development checks for the under-fives, a substance-misuse problem and the help for
it, and (for the council) a conviction. Nothing is deleted: a correction supersedes."""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class HealthReturnFacts(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    #: The collection year, named by the 31 March it ends on.
    year = models.PositiveSmallIntegerField()
    immunisations = models.BooleanField(null=True)
    teeth_check = models.BooleanField(null=True)
    health_assessment = models.BooleanField(null=True)
    health_check = models.BooleanField(null=True)
    substance_misuse = models.BooleanField(null=True)
    intervention_received = models.BooleanField(null=True)
    intervention_offered = models.BooleanField(null=True)
    convicted = models.BooleanField(null=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "la", "year"],
                condition=models.Q(superseded_at__isnull=True),
                name="lac_return_facts_once",
            )
        ]

    def __str__(self) -> str:
        return f"Health return facts {self.year} for child {self.child_id}"
