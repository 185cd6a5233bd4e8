"""Children looked after, as the council's SSDA903 tables say (issue 11 item 1; R-OUT).

The council's CHILD id is its own; ``LacChild`` ties it to our ``Child`` by NHS number. Each
``Episode`` is one row of the DfE's Episodes table. Nothing is deleted: an episode a later file
no longer carries is superseded (kept, with when and by which import).
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child


class LacChild(models.Model):
    """One child in the council's Header table (the DfE's columns, plus our link)."""

    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child_ref = models.CharField(max_length=10, help_text="The council's CHILD id.")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="lac_records")
    sex = models.CharField(max_length=1)
    date_of_birth = models.DateField()
    ethnic = models.CharField(max_length=4)
    upn = models.CharField(max_length=13, blank=True)
    mother = models.CharField(max_length=1, blank=True)
    mc_dob = models.DateField(null=True, blank=True)
    #: An unaccompanied asylum-seeking child (R-OUT-7): their assessments ask what their status
    #: means for their health.
    uasc = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "child_ref"], name="lac_child_ref_once"),
            models.UniqueConstraint(fields=["la", "child"], name="lac_child_once_per_la"),
        ]

    def __str__(self) -> str:
        return f"{self.la.code} child {self.child_ref}"


class EpisodeSource(models.TextChoices):
    FILE = "file", "SSDA903 files"
    FORM = "form", "Single-child form"
    API = "api", "FHIR API"


class Episode(models.Model):
    """One SSDA903 episode: a period of care is one or more of them, each after the first
    beginning the day the one before ceased with reason X1."""

    lac_child = models.ForeignKey(LacChild, on_delete=models.PROTECT, related_name="episodes")
    decom = models.DateField(help_text="Date the episode began.")
    rne = models.CharField(max_length=1)
    ls = models.CharField(max_length=2)
    cin = models.CharField(max_length=2)
    place = models.CharField(max_length=3)
    place_provider = models.CharField(max_length=3, blank=True)
    dec = models.DateField(null=True, blank=True, help_text="Date the episode ceased.")
    rec = models.CharField(max_length=3, blank=True)
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_post = models.CharField(max_length=8, blank=True)
    pl_post = models.CharField(max_length=8, blank=True)
    urn = models.CharField(max_length=8, blank=True)
    #: The first day of the period of care this episode belongs to (rules.period_starts),
    #: worked out again whenever the child's episodes change.
    period_start = models.DateField()
    source = models.CharField(max_length=4, choices=EpisodeSource.choices)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "LacImport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decom"]
        indexes = [
            models.Index(fields=["lac_child", "decom"], name="lac_episode_child"),
            models.Index(fields=["dec", "decom"], name="lac_episode_dates"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lac_child", "decom"],
                condition=models.Q(superseded_at__isnull=True),
                name="lac_episode_once_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"Episode from {self.decom} for {self.lac_child}"


class LacImport(models.Model):
    """One import of a council's Header and Episodes tables that changed something."""

    la = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    header_sha256 = models.CharField(max_length=64)
    episodes_sha256 = models.CharField(max_length=64)
    channel = models.CharField(max_length=8)
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField()
    children_added = models.PositiveIntegerField(default=0)
    children_changed = models.PositiveIntegerField(default=0)
    episodes_added = models.PositiveIntegerField(default=0)
    episodes_changed = models.PositiveIntegerField(default=0)
    episodes_superseded = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.la.code} SSDA903 import at {self.imported_at:%Y-%m-%d %H:%M}"


class CouncilHealthTeam(models.Model):
    """The looked-after children's health team that assesses a council's children in care:
    the import puts each child looked after on its caseload, so its nurses see them."""

    la = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.team} for {self.la}"
