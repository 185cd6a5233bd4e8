"""Attendances at care settings (R-FLAG-3, R-FLAG-6, R-FLAG-8; frequent attendance)."""

from __future__ import annotations

from django.db import models

from seenheard.accounts.models import Organisation
from seenheard.children.models import Adult, Child

#: The Emergency Care Data Set's EMERGENCY CARE DISCHARGE STATUS (SNOMED CT) for a patient who
#: left before being seen: 1066301000000103 "Left care setting before initial assessment".
ECDS_LEFT_BEFORE_SEEN = "1066301000000103"
ECDS_LEFT_BEFORE_SEEN_DISPLAY = "Left care setting before initial assessment"


class Encounter(models.Model):
    """One attendance of a child at a setting, as registered by a member of staff; or of a
    pregnant woman whose unborn child is on a plan (R-FLAG-1), so that the plan is seen."""

    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="encounters"
    )
    # Set instead of ``child`` when a mother is registered (UCPP, held against her NHS number).
    mother = models.ForeignKey(
        Adult, null=True, blank=True, on_delete=models.PROTECT, related_name="encounters"
    )
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Copied from the setting when registered, so history stays true if the setting changes.
    setting_type = models.CharField(max_length=40)
    unscheduled = models.BooleanField()
    started_at = models.DateTimeField()
    # FHIR Encounter.status as registered ("arrived" or "in-progress"), kept so that reading
    # the attendance back says what was sent; blank for attendances from before it was kept
    # (read back as "unknown"). The end of an attendance is not recorded here.
    status = models.CharField(max_length=16, blank=True, default="arrived")
    # When the child was recorded as having left before being seen (R-WNB-4): the attendance is
    # then "finished" with the Emergency Care Data Set's discharge status ``ECDS_LEFT_BEFORE_SEEN``.
    left_before_seen_at = models.DateTimeField(null=True, blank=True)
    registered_by_user_id = models.BigIntegerField()
    registered_by_name = models.CharField(max_length=200)
    registered_by_role = models.CharField(max_length=32)
    # Reasons the attendance itself is flagged, e.g. a sexual-health attendance under 13.
    flag_reasons = models.JSONField(default=list, blank=True)
    # The key of the form or API request that registered it: sending the same request again
    # (a refreshed page, a client's retry) shows this attendance instead of adding another.
    request_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registered_by_user_id", "request_key"],
                condition=~models.Q(request_key=""),
                name="encounter_request_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(child__isnull=False, mother__isnull=True)
                    | models.Q(child__isnull=True, mother__isnull=False)
                ),
                name="encounter_one_person",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "-started_at"], name="encounter_child_time"),
            models.Index(fields=["setting", "-started_at"], name="encounter_setting_time"),
            models.Index(fields=["mother", "-started_at"], name="encounter_mother_time"),
        ]

    def __str__(self) -> str:
        who = self.child_id or f"mother {self.mother_id}"
        return f"{who} at {self.setting_id} {self.started_at:%Y-%m-%d %H:%M}"
