"""The rules of the child's voice (R-VOICE-1), as pure functions.

A record holds the child's own words and how they were heard, or says why it does not: "words
or a reason". The report (chapter 1) found records that said nothing of what the child said or
felt, and no reason why; neither kind may be saved here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seenheard.voice.models import VoiceMethod, VoiceMissingReason

#: The longest the child's words may be; a referral form is not a transcript.
WORDS_MAX = 8000
#: The longest the communication needs and the detail of a missing reason may be.
NOTE_MAX = 2000

#: A reason that explains itself needs no detail; every other one says what happened.
REASONS_WITHOUT_DETAIL = frozenset({VoiceMissingReason.TOO_YOUNG})


@dataclass(frozen=True)
class VoiceInput:
    """The child's voice as typed on a form or sent to the API, before it is stored."""

    words: str = ""
    methods: tuple[str, ...] = ()
    communication_needs: str = ""
    missing_reason: str = ""
    missing_detail: str = ""

    def cleaned(self) -> VoiceInput:
        """Spaces trimmed, each method once, in the order they are listed."""
        given = {m.strip() for m in self.methods if m.strip()}
        known = tuple(m for m in VoiceMethod.values if m in given)
        return VoiceInput(
            words=self.words.strip(),
            methods=known + tuple(sorted(given - set(known))),
            communication_needs=self.communication_needs.strip(),
            missing_reason=self.missing_reason.strip(),
            missing_detail=self.missing_detail.strip(),
        )


@dataclass(frozen=True)
class VoiceProblem:
    """One thing wrong with a voice: the field it is about and what to do, in plain English."""

    field: str
    message: str


@dataclass
class _Problems:
    found: list[VoiceProblem] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.found.append(VoiceProblem(name, message))


def _length_problems(voice: VoiceInput, problems: _Problems) -> None:
    if len(voice.words) > WORDS_MAX:
        problems.add(
            "words",
            f"The child's words must be {WORDS_MAX:,} characters or fewer "
            f"(there are {len(voice.words):,}). Keep what matters most in the child's own words.",
        )
    for name, text, what in (
        ("communication_needs", voice.communication_needs, "The child's communication needs"),
        ("missing_detail", voice.missing_detail, "What happened"),
    ):
        if len(text) > NOTE_MAX:
            problems.add(name, f"{what} must be {NOTE_MAX:,} characters or fewer.")


def voice_problems(voice: VoiceInput) -> list[VoiceProblem]:  # R-VOICE-1
    """Everything wrong with a voice, at once, each against its field: empty for a good one.

    Words need how they were heard; no words need a known reason, and a reason other than "too
    young" needs the detail of what was tried; words and a reason together contradict."""
    voice = voice.cleaned()
    problems = _Problems()
    unknown = [m for m in voice.methods if m not in VoiceMethod.values]
    if unknown:
        problems.add("methods", "Choose how the child's views were heard from the list.")
    if voice.missing_reason and voice.missing_reason not in VoiceMissingReason.values:
        problems.add("missing_reason", "Choose why the child's words are missing from the list.")
    elif voice.words and voice.missing_reason:
        problems.add(
            "missing_reason",
            "You have written the child's words, so do not also say why they are missing.",
        )
    elif voice.words and not voice.methods:
        problems.add("methods", "Say how the child's views were heard.")
    elif not voice.words and not voice.missing_reason:
        problems.add(
            "words",
            "Write down the child's views and wishes in their own words, or say why you could not.",
        )
    elif (
        voice.missing_reason
        and voice.missing_reason not in REASONS_WITHOUT_DETAIL
        and not voice.missing_detail
    ):
        problems.add(
            "missing_detail",
            "Say what happened: what was tried to hear the child, and when they will be asked.",
        )
    _length_problems(voice, problems)
    return problems.found


def voice_present_percent(*, records: int, with_words: int) -> int | None:  # R-VOICE-1
    """The share of records holding the child's own words, as a whole percentage (rounded
    half up), or None when there are no records to count."""
    if records <= 0:
        return None
    return (200 * with_words + records) // (2 * records)
