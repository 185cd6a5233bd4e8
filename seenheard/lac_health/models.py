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


# --- health assessments (R-OUT-1, R-OUT-6, R-OUT-7) -------------------------------------------


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class AssessmentOutcome(models.TextChoices):
    DONE = "done", "Assessed"
    DECLINED = "declined", "Declined by the young person"


class Engagement(models.TextChoices):
    """R-OUT-6: what was tried next with a young person who declined."""

    PLACE = "place", "Offered a different place (home, school, a café)"
    PERSON = "person", "Offered a different professional (their GP, a nurse they know)"
    TIME = "time", "Let them choose the time"
    TRUSTED_ADULT = "trusted-adult", "Asked a trusted adult or advocate to help"
    PARTS = "parts", "Offered the parts of the assessment they would agree to"
    INFORMATION = "information", "Explained what it is for, in a way that suits them"
    OTHER = "other", "Something else"


class SubstanceHelp(models.TextChoices):
    """For a young person with a substance-misuse problem: the help for it (the SSDA903 OC2
    table's intervention received and offered, R-LEAD-6)."""

    RECEIVED = "received", "They are getting or have had help for it"
    OFFERED = "offered", "Help was offered but they did not take it up"
    NOT_OFFERED = "not-offered", "No help has been offered yet"


class HealthAssessment(models.Model):
    """One health assessment of a looked-after child, done or declined."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=8, choices=AssessmentKind.choices)
    outcome = models.CharField(max_length=8, choices=AssessmentOutcome.choices)
    assessed_on = models.DateField()
    assessor_name = models.CharField(max_length=200)
    assessor_role = models.CharField(max_length=200)
    place = models.CharField(max_length=200)
    findings = models.TextField(blank=True)
    #: R-OUT-7: for an unaccompanied asylum-seeking child, what their status means for their
    #: health (trauma, the journey, immunisations, age assessment, the asylum claim).
    uasc_considerations = models.TextField(blank=True)
    decline_reason = models.TextField(blank=True)
    engagement = models.CharField(max_length=16, choices=Engagement.choices, blank=True)
    engagement_detail = models.TextField(blank=True)
    #: Did what was tried next lead to an assessment? None until it is known.
    engagement_worked = models.BooleanField(null=True, blank=True)
    #: What the assessment found of the health outcomes the SSDA903 return counts (R-LEAD-6):
    #: None where it was not asked or not known.
    immunisations_up_to_date = models.BooleanField(null=True, blank=True)
    dental_check_on = models.DateField(
        null=True, blank=True, help_text="When a dentist last checked the child's teeth."
    )
    #: For a child under 5: developmental checks (the Healthy Child Programme's) up to date.
    development_checks_up_to_date = models.BooleanField(null=True, blank=True)
    substance_misuse = models.BooleanField(null=True, blank=True)
    substance_help = models.CharField(max_length=12, choices=SubstanceHelp.choices, blank=True)
    voice = models.OneToOneField("voice.ChildVoice", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["child", "assessed_on"], name="lac_assessment_child")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assessed_on}"


# --- SMART health plans (R-OUT-2) ---------------------------------------------------------------


class HealthPlan(models.Model):
    """A health plan: SMART objectives agreed with the child. A new plan supersedes the last."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="health_plans")
    assessment = models.ForeignKey(
        HealthAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voice = models.OneToOneField("voice.ChildVoice", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.CharField(max_length=150)
    recorded_by_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Health plan {self.pk}"


class PlanObjective(models.Model):
    plan = models.ForeignKey(HealthPlan, on_delete=models.PROTECT, related_name="objectives")
    position = models.PositiveSmallIntegerField()
    need = models.TextField()
    action = models.TextField()
    measure = models.TextField()
    target = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    child_view = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Objective {self.position} of plan {self.plan_id}"


class Progress(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    ON_TRACK = "on-track", "On track"
    NOT_ON_TRACK = "not-on-track", "Not on track"
    NOT_NEEDED = "not-needed", "No longer needed"


class PlanReview(models.Model):
    """The plan reviewed at a review health assessment, with progress on every objective."""

    plan = models.ForeignKey(HealthPlan, on_delete=models.PROTECT, related_name="reviews")
    assessment = models.ForeignKey(HealthAssessment, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.CharField(max_length=150)
    recorded_by_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id}"


class ObjectiveProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.PROTECT, related_name="progress")
    objective = models.ForeignKey(PlanObjective, on_delete=models.PROTECT, related_name="+")
    progress = models.CharField(max_length=16, choices=Progress.choices)
    note = models.TextField()

    def __str__(self) -> str:
        return f"{self.progress} for objective {self.objective_id}"


class OverdueTask(models.Model):
    """A task raised for an overdue item, so each item is raised once (R-OUT-1)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(max_length=8)
    due_on = models.DateField()
    task_id = models.BigIntegerField()
    raised_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "item", "due_on"], name="lac_overdue_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} due {self.due_on} for child {self.child_id}"
