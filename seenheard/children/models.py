"""Children, the adults around them, and their relationships with organisations.

Views and API handlers never query these models directly: they go through
``seenheard.children.selectors``, which start from ``children_visible_to(actor)`` (DESIGN rule 2;
a lint test enforces it).
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.core.nhs import format_nhs_number, validate_nhs_number


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class Household(models.Model):
    """People living at one address. Children and adults may share one (R-HIDDEN-1)."""

    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"Household {self.pk} ({self.postcode or 'no postcode'})"


class Child(models.Model):
    nhs_number = models.CharField(max_length=10, unique=True, validators=[validate_nhs_number])
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Lower-cased family name, for the name and date-of-birth search (indexed with the date).
    family_name_key = models.CharField(max_length=100, editable=False)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    postcode = models.CharField(max_length=10, blank=True)
    gp_practice = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_la = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The local authority responsible for the child.",
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["family_name_key", "date_of_birth"], name="child_name_dob"),
            models.Index(fields=["gp_practice"], name="child_gp"),
            models.Index(fields=["responsible_la"], name="child_la"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.family_name_key = self.family_name.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number)


class Adult(models.Model):
    """A parent, carer or household member. Mothers' NHS numbers key unborn-child plans."""

    nhs_number = models.CharField(
        max_length=10, unique=True, null=True, blank=True, validators=[validate_nhs_number]
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="adults"
    )

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number) if self.nhs_number else ""


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    PARENTAL_RESPONSIBILITY = "parental-responsibility", "Person with parental responsibility"
    HOUSEHOLD_MEMBER = "household-member", "Household member"


class ChildAdultRelationship(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adult_relationships")
    adult = models.ForeignKey(Adult, on_delete=models.CASCADE, related_name="child_relationships")
    kind = models.CharField(max_length=32, choices=RelationshipKind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "adult", "kind"], name="child_adult_kind_once")
        ]

    def __str__(self) -> str:
        return f"{self.adult} is {self.get_kind_display().lower()} of {self.child}"


class CareRelationshipKind(models.TextChoices):
    """Why an organisation has a legitimate relationship with a child (R-FLAG-10)."""

    ATTENDS = "attends", "Attends"
    REGISTERED = "registered", "Registered with"
    CASELOAD = "caseload", "On the caseload of"


class CareRelationship(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_relationships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=CareRelationshipKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "child"], name="care_rel_org_child")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "organisation", "kind"],
                condition=models.Q(ended_on__isnull=True),
                name="care_rel_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display().lower()} {self.child}"
