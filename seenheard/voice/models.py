"""The child's own voice, recorded once for any record that holds it (R-VOICE-1).

A referral, a conference report, a health assessment or a plan holds a ``ChildVoice`` by a
one-to-one key: the child's views and wishes in their own words, who wrote them down (name and
role as they were), when, how they were heard, and the child's communication needs; or, when
there are no words, why. Nothing is edited: a later account is a new row that supersedes one.
"""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation, User
from seenheard.children.models import Child


class VoiceMethod(models.TextChoices):
    """How the child's words were obtained (several may apply)."""

    CONVERSATION = "conversation", "Talking with the child directly"
    SEEN_ALONE = "seen-alone", "The child was seen alone"
    TALKING_MATS = "talking-mats", "Talking Mats"
    EASY_READ = "easy-read", "Easy-read materials"
    ADVOCATE = "advocate", "Through an advocate"
    INTERPRETER = "interpreter", "Through an interpreter"
    APP = "app", "Through an app"
    CARER = "carer", "Through a parent or carer"


class VoiceMissingReason(models.TextChoices):
    """Why a record holds no words of the child's own."""

    TOO_YOUNG = "too-young", "The child is too young to say"
    NON_VERBAL = "non-verbal", "The child does not speak and no other way was tried"
    DECLINED = "declined", "The child did not want to say"
    NOT_SEEN = "not-seen", "The child was not seen"


class ChildVoice(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="voices")
    #: What kind of record holds it (``voice.kinds``), for "voice present" per kind.
    record_kind = models.CharField(max_length=40)
    #: The service that recorded it, for "voice present" per service.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    words = models.TextField(blank=True)
    methods = models.JSONField(default=list, blank=True)
    communication_needs = models.TextField(blank=True)
    missing_reason = models.CharField(max_length=16, choices=VoiceMissingReason.choices, blank=True)
    missing_detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=300)
    recorded_by_role = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "record_kind", "recorded_at"], name="voice_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_kind} voice #{self.pk}"

    @property
    def has_words(self) -> bool:
        return bool(self.words)
