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
    # When the child was discharged (R-REF-4): for an under-18 at unscheduled care, only once
    # their attendance record is complete or says why it cannot be (``AttendanceRecord``).
    discharged_at = models.DateTimeField(null=True, blank=True)
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


class RecordStatus(models.TextChoices):
    """Where a child's A&E or minor-injury record is (R-REF-4)."""

    OPEN = "open", "Being written"
    COMPLETE = "complete", "Complete"
    NOT_COMPLETED = "not-completed", "Could not be completed"


class CameWith(models.TextChoices):
    ADULT = "adult", "An adult came with them"
    ALONE = "alone", "They came alone"


class AdultRelationship(models.TextChoices):
    """The accompanying adult's relationship to the child, exactly (the report found records
    that said only "parent" or nothing at all)."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step-parent", "Step-parent or parent's partner"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other-relative", "Another relative (aunt, uncle, adult brother or sister)"
    FOSTER_CARER = "foster-carer", "Foster carer"
    CARE_STAFF = "care-staff", "Children's home or supported accommodation staff"
    SOCIAL_WORKER = "social-worker", "Social worker"
    SCHOOL_STAFF = "school-staff", "Teacher or other school staff"
    PARTNER = "partner", "The young person's boyfriend, girlfriend or partner"
    FRIEND = "friend", "Friend"
    POLICE = "police", "Police officer"
    OTHER = "other", "Someone else"


class Answer(models.TextChoices):
    """An answer to a risk question or safeguarding prompt; every question is worded so that
    "yes" is the concern, and a "yes" says what it is."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not-known", "Not known"


class ParentalResponsibility(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not-known", "Not known"


class AccountApart(models.TextChoices):
    YES = "yes", "Yes, the child was spoken to apart from the adult"
    NO = "no", "No, the adult was there"


class LeftWith(models.TextChoices):
    SAME_ADULT = "same-adult", "The adult who came with them"
    OTHER_ADULT = "other-adult", "Another adult"
    ALONE = "alone", "On their own"
    ADMITTED = "admitted", "Admitted to a ward"


class Letter(models.TextChoices):
    GP = "gp", "GP"
    COMMUNITY = "community", "Health visitor or school nurse"
    SOCIAL_CARE = "social-care", "Children's social care"
    NONE = "none", "No letters"


class NotCompletedReason(models.TextChoices):
    """Why a record could not be completed. "Left before being seen" is what the attendance's
    own button records (R-WNB-4): choosing it here does the same."""

    LEFT_BEFORE_SEEN = "left-before-seen", "The child left before being seen"
    ABSCONDED = "absconded", "The child left during their care without telling staff"
    TRANSFERRED = "transferred", "The child was transferred to another hospital or service"
    ADULT_REFUSED = "adult-refused", "The adult with them refused to answer"
    CHILD_REFUSED = "child-refused", "The child refused to answer"
    OTHER = "other", "Another reason"


class AttendanceRecord(models.Model):
    """The A&E or minor-injury record of a child under 18 (R-REF-4): who came with them, the
    child's own account, the risk questions for 16 and 17 year olds, the safeguarding prompts
    and the discharge; or why it could not be completed. One per attendance, written while the
    child is there and never changed once they are discharged. ``answers`` holds what was
    typed (``encounters.record.rules.RecordInput``, less the voice), with the questions as they
    were asked; the child's account is a ``voice.ChildVoice`` (kind "attendance")."""

    encounter = models.OneToOneField(Encounter, on_delete=models.PROTECT, related_name="record")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    #: The child's age in whole years on the day they attended: it decides what is asked.
    age_years = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=RecordStatus.choices, default="open")
    answers = models.JSONField(default=dict, blank=True)
    #: The child's account as typed, until the record is closed and it becomes ``voice``.
    draft_voice = models.JSONField(default=dict, blank=True)
    voice = models.OneToOneField(
        "voice.ChildVoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: For the figures: "yes" when the child's own words were taken apart from the adult
    #: (or they came alone), else "no" (``record.rules.account_taken_apart``).
    account_apart = models.CharField(max_length=8, blank=True)
    not_completed_reason = models.CharField(
        max_length=20, choices=NotCompletedReason.choices, blank=True
    )
    written_by_name = models.CharField(max_length=200)
    written_by_role = models.CharField(max_length=200)
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_name = models.CharField(max_length=200, blank=True)
    closed_by_role = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["setting", "closed_at"], name="ae_record_setting_closed"),
            models.Index(fields=["child", "-closed_at"], name="ae_record_child"),
        ]

    def __str__(self) -> str:
        return f"record of attendance {self.encounter_id}"
