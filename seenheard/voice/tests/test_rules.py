"""The rules of the child's voice (R-VOICE-1): words with how they were heard, or a reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seenheard.voice.models import VoiceMethod, VoiceMissingReason
from seenheard.voice.rules import (
    NOTE_MAX,
    WORDS_MAX,
    VoiceInput,
    voice_present_percent,
    voice_problems,
)


def fields(voice: VoiceInput) -> list[str]:
    return [p.field for p in voice_problems(voice)]


def test_words_heard_directly_are_enough():
    assert (
        voice_problems(VoiceInput(words="I want to live with Nan.", methods=("seen-alone",))) == []
    )


def test_nothing_at_all_asks_for_the_words_or_a_reason():
    [problem] = voice_problems(VoiceInput())
    assert problem.field == "words"
    assert "or say why you could not" in problem.message


def test_blank_words_count_as_none():
    assert fields(VoiceInput(words="   \n ", methods=("conversation",))) == ["words"]


def test_words_need_how_they_were_heard():
    assert fields(VoiceInput(words="I'm scared at home.")) == ["methods"]


def test_words_and_a_reason_contradict():
    assert fields(
        VoiceInput(words="Fine.", methods=("conversation",), missing_reason="declined")
    ) == ["missing_reason"]


def test_too_young_needs_no_detail_but_other_reasons_do():
    assert voice_problems(VoiceInput(missing_reason=VoiceMissingReason.TOO_YOUNG)) == []
    for reason in ("non-verbal", "declined", "not-seen"):
        assert fields(VoiceInput(missing_reason=reason)) == ["missing_detail"]
        assert voice_problems(VoiceInput(missing_reason=reason, missing_detail="Asleep.")) == []


def test_unknown_choices_are_named():
    assert fields(VoiceInput(missing_reason="shy")) == ["missing_reason"]
    assert "methods" in fields(VoiceInput(words="Hi", methods=("telepathy",)))


def test_a_clear_limit_on_each_free_text():
    long = "x" * 100_000
    [problem] = voice_problems(VoiceInput(words=long, methods=("app",)))
    assert problem.field == "words"
    assert f"{WORDS_MAX:,} characters or fewer" in problem.message
    assert fields(VoiceInput(words="Hi", methods=("app",), communication_needs=long)) == [
        "communication_needs"
    ]
    assert fields(VoiceInput(missing_reason="declined", missing_detail="y" * (NOTE_MAX + 1))) == [
        "missing_detail"
    ]


def test_cleaned_keeps_each_method_once_in_list_order():
    voice = VoiceInput(words=" Hi ", methods=("app", "conversation", "app")).cleaned()
    assert voice.words == "Hi"
    assert voice.methods == ("conversation", "app")


@given(
    words=st.text(max_size=40),
    methods=st.lists(st.sampled_from(VoiceMethod.values), max_size=3),
    reason=st.sampled_from(["", *VoiceMissingReason.values]),
    detail=st.text(max_size=20),
)
def test_a_voice_is_good_exactly_when_it_holds_words_with_a_method_or_a_reason(
    words, methods, reason, detail
):
    voice = VoiceInput(
        words=words, methods=tuple(methods), missing_reason=reason, missing_detail=detail
    )
    has_words = bool(words.strip())
    good = (has_words and bool(methods) and not reason) or (
        not has_words and bool(reason) and (reason == "too-young" or bool(detail.strip()))
    )
    assert (voice_problems(voice) == []) is good


def test_voice_present_percent():
    assert voice_present_percent(records=0, with_words=0) is None
    assert voice_present_percent(records=3, with_words=2) == 67
    assert voice_present_percent(records=8, with_words=1) == 13  # 12.5 rounds up
    assert voice_present_percent(records=4, with_words=4) == 100


@given(records=st.integers(1, 10_000), data=st.data())
def test_voice_present_percent_is_between_0_and_100(records, data):
    with_words = data.draw(st.integers(0, records))
    percent = voice_present_percent(records=records, with_words=with_words)
    assert percent is not None and 0 <= percent <= 100
    assert abs(percent - 100 * with_words / records) <= 0.5
