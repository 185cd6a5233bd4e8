"""Organisations, staff and their roles.

An organisation is a local authority, an NHS trust, a GP practice, or a care setting inside one
of them (an emergency department, a health-visiting team ...). Staff belong to an organisation
through a Membership that names their role; what a role may do is decided in
``seenheard.access.roles``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class OrgKind(models.TextChoices):
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    NHS_TRUST = "nhs-trust", "NHS trust"
    GP_PRACTICE = "gp-practice", "GP practice"
    SETTING = "setting", "Care setting"
    COMMISSIONER = "commissioner", "Commissioner or safeguarding partnership"
    SUPPLIER = "supplier", "System supplier"


class SettingType(models.TextChoices):
    EMERGENCY_DEPARTMENT = "emergency-department", "Emergency department"
    MINOR_INJURY_UNIT = "minor-injury-unit", "Minor injury unit"
    URGENT_TREATMENT = "urgent-treatment-centre", "Urgent treatment or walk-in centre"
    GP_OUT_OF_HOURS = "gp-out-of-hours", "GP out-of-hours"
    SEXUAL_HEALTH = "sexual-health", "Sexual health"
    MATERNITY = "maternity", "Maternity"
    PAEDIATRICS = "paediatrics", "Paediatrics"
    GP_PRACTICE = "gp-practice", "GP practice"
    HEALTH_VISITING = "health-visiting", "Health visiting"
    SCHOOL_NURSING = "school-nursing", "School nursing"
    CAMHS = "camhs", "Child and adolescent mental health (CAMHS)"
    ADULT_MENTAL_HEALTH = "adult-mental-health", "Adult mental health"
    ADULT_SUBSTANCE_MISUSE = "adult-substance-misuse", "Adult substance misuse"
    LAC_HEALTH = "lac-health", "Looked-after children's health team"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care or MASH"


# Settings where a child arrives without an appointment (R-FLAG-3, R-FLAG-5; frequent attendance).
UNSCHEDULED_CARE_SETTINGS = frozenset(
    {
        SettingType.EMERGENCY_DEPARTMENT,
        SettingType.MINOR_INJURY_UNIT,
        SettingType.URGENT_TREATMENT,
        SettingType.GP_OUT_OF_HOURS,
        SettingType.SEXUAL_HEALTH,
        SettingType.MATERNITY,
    }
)


class Role(models.TextChoices):
    """Role identifiers. What each may do is documented in seenheard.access.roles."""

    UNSCHEDULED_CARE = "unscheduled-care", "Unscheduled-care clinician or receptionist"
    GP = "gp", "GP"
    COMMUNITY_NURSE = "community-nurse", "Health visitor or school nurse"
    LAC_NURSE = "lac-nurse", "Looked-after children's nurse"
    SAFEGUARDING_LEAD = "safeguarding-lead", "Named or designated safeguarding professional"
    ADULT_SERVICES = "adult-services", "Adult mental-health or substance-misuse practitioner"
    SOCIAL_WORKER = "social-worker", "Local-authority social worker"
    FLAG_ADMIN = "flag-admin", "Local-authority flag administrator"
    BOARD = "board", "Board member or commissioner"
    SYSADMIN = "sysadmin", "System administrator"
    SAFEGUARDING_OVERSIGHT = "safeguarding-oversight", "Safeguarding oversight for the system"


class Organisation(models.Model):
    code = models.CharField(
        max_length=16,
        unique=True,
        help_text="ODS code for NHS bodies; ONS code (E06/E08/E09/E10...) for local authorities.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrgKind.choices)
    setting_type = models.CharField(max_length=40, choices=SettingType.choices, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children_orgs"
    )
    #: The commissioning area the organisation is in (an integrated care board): its designated
    #: professionals review emergency access when the organisation has no safeguarding lead.
    #: An organisation inside another without an area of its own is in its parent's area.
    area = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations_in_area",
        limit_choices_to={"kind": OrgKind.COMMISSIONER},
    )
    phone_office_hours = models.CharField(max_length=32, blank=True)
    phone_out_of_hours = models.CharField(
        max_length=32, blank=True, help_text="Emergency duty team, for a local authority."
    )
    email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "setting_type"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_unscheduled_care(self) -> bool:
        return self.setting_type in UNSCHEDULED_CARE_SETTINGS


class User(AbstractUser):
    """A member of staff. Their organisation and role come from their Membership."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=32, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role_at_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()} at {self.organisation}"


class ApiTokenStatus(models.TextChoices):
    """Whether a token still works (ADR 012). Worked out from its dates, never stored."""

    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class ApiToken(models.Model):
    """A bearer token for the FHIR API, tied to one user so the same access rules apply.

    Only a SHA-256 digest is stored; the token itself is shown once, when created. Every token
    expires (ADR 012): from ``expires_at`` on it is refused exactly as a revoked one is.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"API token for {self.user} ({self.label or 'no label'})"
