"""Referrals to children's social care (or the MASH), early help, CAMHS and sexual health, and
the receiving team's decision (R-REF-1, R-REF-3).

A referral is written as a draft, kept on the server as it is written and seen only by its
author; it is sent only when every part the report asks for is there (``referrals.rules``).
Once sent it is never edited. The receiving team's decision is its own row, made once.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation, User
from seenheard.children.models import Child
from seenheard.voice.models import ChildVoice


class ReferralService(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care or MASH"
    EARLY_HELP = "early-help", "Early help"
    CAMHS = "camhs", "Child and adolescent mental health services (CAMHS)"
    SEXUAL_HEALTH = "sexual-health", "Sexual health"


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent, awaiting a decision"
    DECIDED = "decided", "Decided"


class RiskLikelihood(models.TextChoices):
    HAPPENING = "happening", "It has happened or is happening now"
    LIKELY = "likely", "Likely"
    POSSIBLE = "possible", "Possible"
    UNLIKELY = "unlikely", "Unlikely"


class RiskSeverity(models.TextChoices):
    LIFE = "life-threatening", "Life-threatening"
    SERIOUS = "serious", "Serious: significant harm to the child"
    MODERATE = "moderate", "Moderate: the child's health or development is affected"
    LOW = "low", "Low: some impact on the child"


class ConsentBasis(models.TextChoices):
    GIVEN = "given", "The family, or the young person, agreed to this referral"
    NOT_SOUGHT = "not-sought", "Not asked: asking would put the child at greater risk"
    REFUSED = "refused", "Refused: shared without consent to protect the child"


class DecisionOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no-further-action", "No further action"
    EARLY_HELP = "early-help", "Early help"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY_DISCUSSION = "strategy-discussion", "Strategy discussion"
    CHILD_PROTECTION_ENQUIRY = "child-protection-enquiry", "Child protection enquiry"
    REDIRECTED = "redirected", "Redirected to another service"


class Referral(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referrals")
    service = models.CharField(max_length=32, choices=ReferralService.choices, blank=True)
    receiving_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    # Who wrote it, as they were when they wrote it.
    referrer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    referrer_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    referrer_name = models.CharField(max_length=300)
    referrer_role = models.CharField(max_length=200)
    referrer_email = models.EmailField(blank=True)
    # The parts the report asks for (R-REF-1).
    reason = models.TextField(blank=True)
    risk_what = models.TextField(blank=True)
    risk_likelihood = models.CharField(max_length=16, choices=RiskLikelihood.choices, blank=True)
    risk_severity = models.CharField(max_length=20, choices=RiskSeverity.choices, blank=True)
    working_well = models.TextField(blank=True)
    expectation = models.TextField(blank=True)
    threshold_level = models.CharField(max_length=64, blank=True)
    #: The level's name as the area's threshold document had it when the referral was sent.
    threshold_name = models.CharField(max_length=200, blank=True)
    wider_family = models.TextField(blank=True)
    wider_home = models.TextField(blank=True)
    wider_school = models.TextField(blank=True)
    wider_agencies = models.TextField(blank=True)
    consent = models.CharField(max_length=16, choices=ConsentBasis.choices, blank=True)
    lawful_basis = models.TextField(blank=True)
    #: The child's voice as typed while a draft (voice.rules.VoiceInput's fields)...
    draft_voice = models.JSONField(default=dict, blank=True)
    #: ...and as recorded once the referral is sent.
    voice = models.OneToOneField(
        ChildVoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    saved_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    #: When the receiving team's decision is due (R-REF-3: one working day, protocol).
    decision_due_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_task_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["referrer", "status", "-saved_at"], name="referral_mine"),
            models.Index(fields=["receiving_org", "status", "-sent_at"], name="referral_incoming"),
            models.Index(fields=["child", "-sent_at"], name="referral_child"),
            models.Index(fields=["status", "decision_due_at"], name="referral_due"),
            # The month's quality-audit sample of each service (R-REF-2): a range of one
            # service's referrals, whatever the size of the table (bench/issue9.py).
            models.Index(fields=["referrer_org", "sent_at"], name="referral_service_sent"),
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk} ({self.status})"


class ReferralDecision(models.Model):
    """What the receiving team decided, and why (R-REF-3). One per referral, never changed."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=32, choices=DecisionOutcome.choices)
    reasons = models.TextField()
    redirected_to = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by_name = models.CharField(max_length=300)
    decided_by_role = models.CharField(max_length=200)
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on referral #{self.referral_id}"


class AuditHeading(models.TextChoices):
    """The headings a referral is audited against: the parts R-REF-1 asks for (R-REF-2)."""

    REASON = "reason", "The reason for the referral"
    RISK = "risk", "The risk to the child: what, how likely, how serious"
    WORKING_WELL = "working-well", "What is working well"
    EXPECTATION = "expectation", "What the referrer expects to happen"
    THRESHOLD = "threshold", "The threshold level used"
    VOICE = "voice", "The child's own views and wishes"
    WIDER_PICTURE = "wider-picture", "The wider picture: family, home, school, agencies"
    CONSENT = "consent", "Consent, or the lawful basis for sharing"


class AuditScore(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not-met", "Not met"


class ReferralQualityAudit(models.Model):
    """One referral sampled for the month's quality audit of its referring service, allocated
    to a named auditor, then scored per heading with comments (R-REF-2). Scored once."""

    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, related_name="quality_audit"
    )
    #: The referring service whose referrals the sample is of.
    service = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month sampled.")
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    auditor_name = models.CharField(max_length=300)
    auditor_role = models.CharField(max_length=200)
    allocated_by_name = models.CharField(max_length=300)
    allocated_at = models.DateTimeField()
    #: {heading: score} and {heading: comment}, once scored.
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["service", "month"], name="referral_audit_service"),
            models.Index(fields=["auditor", "scored_at"], name="referral_audit_auditor"),
        ]

    def __str__(self) -> str:
        return f"Quality audit of referral #{self.referral_id}"
