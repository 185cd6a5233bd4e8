"""Shared set-up for the A&E record's tests (R-REF-4): children of a given age today, and a
complete record for the default question lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.encounters.record.rules import RecordInput
from seenheard.protocols.ae_record_lists import OLDER_RISK_QUESTIONS, SAFEGUARDING_PROMPTS
from seenheard.voice.rules import VoiceInput


def child_aged(years: int, *, nhs_number: str = "9990000166", given: str = "Kai") -> Child:
    """A child who turned ``years`` 40 days ago, known to no setting."""
    today = clock.today()
    born = today.replace(year=today.year - years) - dt.timedelta(days=40)
    return Child.objects.create(  # scope-exempt: (test set-up)
        nhs_number=nhs_number, given_name=given, family_name="Morgan", date_of_birth=born
    )


def complete_record(*, older: bool) -> RecordInput:
    """A complete record: the mother came, the child spoke alone, nothing of concern."""
    record = RecordInput(
        came_with="adult",
        adult_name="Dana Morgan",
        adult_relationship="mother",
        parental_responsibility="yes",
        account_apart="yes",
        voice=VoiceInput(words="I fell off my skateboard at the park.", methods=("seen-alone",)),
        prompt_answers={item.code: "no" for item in SAFEGUARDING_PROMPTS},
        left_with="same-adult",
        follow_up="Fracture clinic on Monday.",
        letters=("gp", "community"),
    )
    if older:
        record = replace(
            record,
            lives_with="Mum and her partner",
            risk_answers={item.code: "no" for item in OLDER_RISK_QUESTIONS},
        )
    return record


def form_data(record: RecordInput, *, action: str = "save") -> dict[str, Any]:
    """The record as the page's form would post it."""
    data: dict[str, Any] = {
        name: getattr(record, name)
        for name in (
            "came_with",
            "adult_name",
            "adult_relationship",
            "adult_relationship_other",
            "parental_responsibility",
            "account_apart",
            "account_apart_why",
            "lives_with",
            "concern_action",
            "left_with",
            "left_with_detail",
            "follow_up",
            "letters_none_why",
            "not_completed_reason",
            "not_completed_detail",
        )
    }
    data["letters"] = list(record.letters)
    for code, answer in record.risk_answers.items():
        data[f"risk__{code}"] = answer
    for code, note in record.risk_notes.items():
        data[f"risk__{code}__note"] = note
    for code, answer in record.prompt_answers.items():
        data[f"prompt__{code}"] = answer
    for code, note in record.prompt_notes.items():
        data[f"prompt__{code}__note"] = note
    data["voice-words"] = record.voice.words
    data["voice-methods"] = list(record.voice.methods)
    data["voice-missing_reason"] = record.voice.missing_reason
    data["voice-missing_detail"] = record.voice.missing_detail
    data["action"] = action
    return data
