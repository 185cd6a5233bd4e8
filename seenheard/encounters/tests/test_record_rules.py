"""R-REF-4: what a child's A&E or minor-injury record needs before discharge, by age (pure)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.encounters.record.rules import (
    TEXT_MAX,
    RecordInput,
    account_taken_apart,
    asks_older_risks,
    discharge_problems,
    length_problems,
    not_completed_problems,
    record_needed,
    record_problems,
)
from seenheard.voice.rules import VoiceInput

RISKS = ("exploitation", "self-harm")
PROMPTS = ("inconsistent", "delay")

COMPLETE_12 = RecordInput(
    came_with="adult",
    adult_name="Sam Hart",
    adult_relationship="mother",
    parental_responsibility="yes",
    account_apart="yes",
    voice=VoiceInput(words="I fell off my bike.", methods=("seen-alone",)),
    prompt_answers={"inconsistent": "no", "delay": "no"},
    left_with="same-adult",
    follow_up="None needed.",
    letters=("gp",),
)
COMPLETE_16 = replace(
    COMPLETE_12,
    lives_with="Mum and her partner",
    risk_answers={"exploitation": "no", "self-harm": "no"},
)


def fields_of(problems) -> list[str]:
    return [p.field for p in problems]


def problems(record: RecordInput, age: int = 12):
    return record_problems(record, age_years=age, risk_questions=RISKS, prompts=PROMPTS)


@pytest.mark.parametrize(
    ("age", "unscheduled", "is_child", "needed"),
    [
        (0, True, True, True),
        (17, True, True, True),
        (18, True, True, False),
        (12, False, True, False),
        (12, True, False, False),
    ],
)
def test_a_record_is_needed_for_every_under_18_at_unscheduled_care(
    age, unscheduled, is_child, needed
) -> None:
    assert record_needed(age_years=age, unscheduled=unscheduled, is_child=is_child) is needed


@given(st.integers(min_value=0, max_value=120))
def test_the_risk_questions_are_asked_at_16_and_17_only(age: int) -> None:
    assert asks_older_risks(age) is (age in (16, 17))


def test_a_complete_record_of_a_12_year_old_has_no_problems() -> None:
    assert problems(COMPLETE_12) == []


def test_a_16_year_old_also_needs_who_they_live_with_and_every_risk_answered() -> None:
    assert fields_of(problems(COMPLETE_12, age=16)) == [
        "lives_with",
        "risk__exploitation",
        "risk__self-harm",
    ]
    assert problems(COMPLETE_16, age=16) == []


def test_an_empty_record_names_every_missing_part_in_the_pages_order() -> None:
    found = problems(RecordInput(), age=17)
    assert fields_of(found) == [
        "came_with",
        "voice.words",
        "lives_with",
        "risk__exploitation",
        "risk__self-harm",
        "prompt__inconsistent",
        "prompt__delay",
        "left_with",
        "follow_up",
        "letters",
    ]
    assert all(p.message for p in found)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"adult_name": ""}, "adult_name"),
        ({"adult_relationship": ""}, "adult_relationship"),
        ({"adult_relationship": "other"}, "adult_relationship_other"),
        ({"parental_responsibility": ""}, "parental_responsibility"),
        ({"account_apart": ""}, "account_apart"),
        ({"account_apart": "no"}, "account_apart_why"),
        ({"voice": VoiceInput()}, "voice.words"),
        ({"voice": VoiceInput(words="It hurts")}, "voice.methods"),
        ({"prompt_answers": {"inconsistent": "no"}}, "prompt__delay"),
        ({"prompt_answers": {"inconsistent": "yes", "delay": "no"}}, "prompt__inconsistent__note"),
        ({"left_with": ""}, "left_with"),
        ({"left_with": "other-adult"}, "left_with_detail"),
        ({"follow_up": " "}, "follow_up"),
        ({"letters": ()}, "letters"),
        ({"letters": ("none",)}, "letters_none_why"),
        ({"letters": ("none", "gp")}, "letters"),
    ],
)
def test_each_missing_part_is_named_against_its_field(change, field) -> None:
    assert field in fields_of(problems(replace(COMPLETE_12, **change)))


def test_a_yes_needs_what_the_concern_is_and_what_was_done() -> None:
    record = replace(
        COMPLETE_12,
        prompt_answers={"inconsistent": "yes", "delay": "no"},
        prompt_notes={"inconsistent": "Bruises of different ages on the back"},
    )
    assert fields_of(problems(record)) == ["concern_action"]
    assert problems(replace(record, concern_action="Safeguarding team told; referral made")) == []


def test_a_child_who_came_alone_is_not_asked_about_the_adult() -> None:
    alone = replace(
        COMPLETE_16,
        came_with="alone",
        adult_name="",
        adult_relationship="",
        parental_responsibility="",
        account_apart="",
        left_with="alone",
    )
    assert problems(alone, age=16) == []
    assert fields_of(problems(replace(alone, left_with="same-adult"), age=16)) == ["left_with"]


def test_a_baby_too_young_to_say_needs_no_account_apart() -> None:
    baby = replace(COMPLETE_12, account_apart="", voice=VoiceInput(missing_reason="too-young"))
    assert problems(baby, age=0) == []


def test_a_record_that_cannot_be_completed_says_why() -> None:
    assert fields_of(not_completed_problems(RecordInput(not_completed_reason="other"))) == [
        "not_completed_detail"
    ]
    assert not_completed_problems(RecordInput(not_completed_reason="left-before-seen")) == []
    record = RecordInput(not_completed_reason="absconded", not_completed_detail="Ran off at 3pm")
    assert discharge_problems(record, age_years=16, risk_questions=RISKS, prompts=PROMPTS) == []
    assert fields_of(
        discharge_problems(
            RecordInput(not_completed_reason="lost"),
            age_years=16,
            risk_questions=RISKS,
            prompts=PROMPTS,
        )
    ) == ["not_completed_reason", "not_completed_detail"]
    # What was typed of the child's account is kept only when it is whole.
    typed = RecordInput(
        not_completed_reason="absconded", not_completed_detail="Ran", voice=VoiceInput(words="no")
    )
    assert fields_of(not_completed_problems(typed)) == ["voice.methods"]


def test_text_over_the_limit_and_answers_off_the_list_are_refused_even_in_a_draft() -> None:
    big = "x" * (100 * 1024)
    found = length_problems(
        RecordInput(
            follow_up=big,
            came_with="bus",
            prompt_answers={"delay": "maybe"},
            voice=VoiceInput(words=big),
        )
    )
    by_field = {p.field: p.message for p in found}
    assert f"{TEXT_MAX:,} characters or fewer" in by_field["follow_up"]
    assert "102,400" in by_field["follow_up"]
    assert set(by_field) == {"follow_up", "came_with", "prompt__delay", "voice.words"}
    assert length_problems(COMPLETE_12) == []


def test_the_account_was_taken_apart_when_alone_or_seen_apart_with_words() -> None:
    assert account_taken_apart(COMPLETE_12)
    assert not account_taken_apart(replace(COMPLETE_12, account_apart="no"))
    assert account_taken_apart(replace(COMPLETE_12, came_with="alone", account_apart=""))
    assert not account_taken_apart(
        replace(COMPLETE_12, voice=VoiceInput(missing_reason="declined"))
    )


@given(
    came_with=st.sampled_from(["", "adult", "alone", "x"]),
    answer=st.sampled_from(["", "yes", "no", "not-known", "?"]),
    age=st.integers(min_value=0, max_value=17),
)
def test_every_problem_is_on_one_field_once(came_with: str, answer: str, age: int) -> None:
    record = replace(
        COMPLETE_12, came_with=came_with, prompt_answers={"delay": answer}, risk_answers={}
    )
    found = fields_of(problems(record, age=age))
    assert len(found) == len(set(found))
