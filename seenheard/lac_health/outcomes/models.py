"""Each area's own outcome measures and the values recorded for its children (R-OUT-5).

A measure belongs to a council (the area whose children in care it is for). What it is (name,
what it measures, its scale, which way is better, who it was agreed with, whether it is in use)
lives in versions: defining a measure writes version 1, every change a new version with who
changed it and why, so nothing is edited and the history is the rows. A value recorded for a
child keeps the version it was recorded against (its scale as it was then).
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class OutcomeMeasure(models.Model):
    """A council's outcome measure: its stable code; what it is, is in its versions."""

    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=60, help_text="Stable within the council (FHIR code).")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "code"], name="outcome_measure_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.la_id})"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class OutcomeMeasureVersion(models.Model):
    """One definition of a measure: the latest is in force. Never changed once written."""

    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    measures = models.TextField(help_text="What it measures, in plain words.")
    scale_min = models.DecimalField(max_digits=9, decimal_places=2)
    scale_max = models.DecimalField(max_digits=9, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True)
    #: Labelled points, when the scale is a set of answers: [{"value": 0, "label": "Never"}...]
    points = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    co_produced_with = models.TextField(help_text="Who it was agreed with.")
    childrens_words = models.TextField(blank=True, help_text="The children's words for it.")
    active = models.BooleanField(default=True)
    reason = models.TextField(help_text="Why it was defined or changed.")
    changed_by = models.CharField(max_length=150)
    changed_by_name = models.CharField(max_length=300)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["measure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="outcome_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.number})"


class OutcomeRecord(models.Model):
    """A value of a measure for a child on a day, with the child's view of it (R-VOICE-1)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="outcome_records")
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="records")
    version = models.ForeignKey(OutcomeMeasureVersion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=9, decimal_places=2)
    measured_on = models.DateField()
    voice = models.OneToOneField(
        "voice.ChildVoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.CharField(max_length=150)
    recorded_by_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["measured_on", "pk"]
        indexes = [
            models.Index(fields=["child", "measure", "measured_on"], name="outcome_child"),
            models.Index(fields=["measure", "measured_on"], name="outcome_measure_date"),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.measured_on}"
