"""Children's feedback on their care, with one-time codes, and "I feel unsafe" (R-VOICE-2,
R-VOICE-3).

A professional gives a child a code; only its hash is kept. With it the child, who has no
account, says how their care is going. The code works once and expires. Feedback is reported by
service (the organisation of the professional who gave the code) without naming the child.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child

#: The longest free text a child's feedback takes.
TEXT_LIMIT = 2000


class HowItIsGoing(models.TextChoices):
    GOOD = "good", "Good"
    OK = "ok", "OK"
    NOT_GOOD = "not-good", "Not good"


class FeedbackCode(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    #: SHA-256 of the normalised code: the code itself is never stored.
    code_hash = models.CharField(max_length=64, unique=True)
    #: The service the feedback is about: the organisation of the professional who gave it.
    service = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    #: The lead professional, told at once if the child says they feel unsafe.
    issued_by_user_id = models.BigIntegerField()
    issued_by_name = models.CharField(max_length=200)
    issued_by_email = models.EmailField(blank=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "issued_at"], name="fb_code_service")]

    def __str__(self) -> str:
        return f"Feedback code {self.pk}"


class Feedback(models.Model):
    code = models.OneToOneField(FeedbackCode, on_delete=models.PROTECT, related_name="feedback")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    how_it_is_going = models.CharField(max_length=10, choices=HowItIsGoing.choices)
    what_is_good = models.TextField(blank=True)
    what_could_be_better = models.TextField(blank=True)
    feels_unsafe = models.BooleanField(default=False)
    unsafe_words = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["service", "submitted_at"], name="fb_service_month")]

    def __str__(self) -> str:
        return f"Feedback {self.pk}"


class AttemptOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Code accepted"
    REFUSED = "refused", "Code not accepted"
    LIMITED = "limited", "Too many tries"


class FeedbackAttempt(models.Model):
    """Every try of a code (R-VOICE-2: guessing is limited and recorded). The client's address
    is kept only as a keyed hash, enough to count its tries."""

    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=AttemptOutcome.choices)

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "at"], name="fb_attempt_address"),
            models.Index(fields=["at"], name="fb_attempt_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M}"
