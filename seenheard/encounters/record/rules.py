"""The rules of a child's A&E or minor-injury record (R-REF-4), as pure functions.

The report (chapter 1) found A&E departments and minor injury units that did not record who
came with the child and their relationship, the child's own account apart from their carer,
nor the risks of 16 to 18 year olds. Here every attendance of an under-18 at unscheduled care
has a record that must be complete, or say why it cannot be, before the child is discharged.
No database, no clock: the child's age and the area's question lists are arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from seenheard.encounters.models import (
    AccountApart,
    AdultRelationship,
    Answer,
    CameWith,
    LeftWith,
    Letter,
    NotCompletedReason,
    ParentalResponsibility,
)
from seenheard.voice.models import VoiceMissingReason
from seenheard.voice.rules import VoiceInput, voice_problems

#: A record is kept for every child under this age (R-REF-4).
ADULT_AT = 18
#: From this age the record asks the risk questions of older children (R-REF-4: 16 to 18).
OLDER_RISKS_FROM = 16
#: The longest any free-text answer may be: a record is read at a glance.
TEXT_MAX = 4000

#: A reason the child's words are missing that also means there was no account to take apart.
NO_ACCOUNT = frozenset({VoiceMissingReason.TOO_YOUNG, VoiceMissingReason.NOT_SEEN})


def record_needed(*, age_years: int, unscheduled: bool, is_child: bool) -> bool:  # R-REF-4
    """Whether an attendance needs the child's record: a child under 18 at A&E, a minor injury
    unit or an urgent treatment centre (not a pregnant woman's own attendance)."""
    return is_child and unscheduled and 0 <= age_years < ADULT_AT


def asks_older_risks(age_years: int) -> bool:  # R-REF-4
    """Whether the record asks the risk questions of 16 and 17 year olds."""
    return OLDER_RISKS_FROM <= age_years < ADULT_AT


@dataclass(frozen=True)
class RecordInput:
    """A record as typed on the page or sent to the API, before anything is stored. Answers to
    the area's questions are keyed by the question's code."""

    came_with: str = ""
    adult_name: str = ""
    adult_relationship: str = ""
    adult_relationship_other: str = ""
    parental_responsibility: str = ""
    account_apart: str = ""
    account_apart_why: str = ""
    lives_with: str = ""
    risk_answers: Mapping[str, str] = field(default_factory=dict)
    risk_notes: Mapping[str, str] = field(default_factory=dict)
    prompt_answers: Mapping[str, str] = field(default_factory=dict)
    prompt_notes: Mapping[str, str] = field(default_factory=dict)
    concern_action: str = ""
    left_with: str = ""
    left_with_detail: str = ""
    follow_up: str = ""
    letters: tuple[str, ...] = ()
    letters_none_why: str = ""
    not_completed_reason: str = ""
    not_completed_detail: str = ""
    voice: VoiceInput = field(default_factory=VoiceInput)

    def cleaned(self) -> RecordInput:
        """Spaces trimmed; empty answers left out; each letter once, in the list's order."""
        text = {
            f.name: getattr(self, f.name).strip()
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        given = {letter.strip() for letter in self.letters if letter.strip()}
        known = tuple(v for v in Letter.values if v in given)
        return RecordInput(
            **text,
            risk_answers=_trimmed(self.risk_answers),
            risk_notes=_trimmed(self.risk_notes),
            prompt_answers=_trimmed(self.prompt_answers),
            prompt_notes=_trimmed(self.prompt_notes),
            letters=known + tuple(sorted(given - set(known))),
            voice=self.voice.cleaned(),
        )

    @property
    def not_completing(self) -> bool:
        return bool(self.not_completed_reason)


def _trimmed(values: Mapping[str, str]) -> dict[str, str]:
    return {str(k).strip(): str(v).strip() for k, v in values.items() if str(v).strip()}


@dataclass(frozen=True)
class RecordProblem:
    """One missing or wrong part, against its field: a plain name (``came_with``), ``voice.<f>``
    for the child's account, ``risk__<code>`` / ``risk__<code>__note`` for a risk question and
    ``prompt__<code>`` / ``prompt__<code>__note`` for a safeguarding prompt."""

    field: str
    message: str


#: Every free-text part, and what it is called in a message about its length.
TEXT_PARTS = {
    "adult_name": "The adult's name",
    "adult_relationship_other": "Who the adult is",
    "account_apart_why": "Why the child was not spoken to apart",
    "lives_with": "Who they live with",
    "concern_action": "What was done about the concern",
    "left_with_detail": "Who they left with",
    "follow_up": "The follow-up",
    "letters_none_why": "Why no letters were sent",
    "not_completed_detail": "What happened",
}

#: Every choice, its allowed values, and what to say when it is not one of them.
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "came_with": (tuple(CameWith.values), "Choose whether an adult came with the child."),
    "adult_relationship": (
        tuple(AdultRelationship.values),
        "Choose the adult's relationship to the child from the list.",
    ),
    "parental_responsibility": (
        tuple(ParentalResponsibility.values),
        "Choose whether the adult has parental responsibility from the list.",
    ),
    "account_apart": (tuple(AccountApart.values), "Choose whether the child was seen apart."),
    "left_with": (tuple(LeftWith.values), "Choose who the child left with from the list."),
    "not_completed_reason": (
        tuple(NotCompletedReason.values),
        "Choose why the record cannot be completed from the list.",
    ),
}


def length_problems(record: RecordInput) -> list[RecordProblem]:  # R-REF-4
    """What even a record being written cannot hold: text over its limit, a choice or an answer
    that is not on its list. The child's account's own limits are the voice's."""
    record = record.cleaned()
    found = [
        RecordProblem(
            name,
            f"{what} must be {TEXT_MAX:,} characters or fewer (there are "
            f"{len(getattr(record, name)):,}).",
        )
        for name, what in TEXT_PARTS.items()
        if len(getattr(record, name)) > TEXT_MAX
    ]
    found.extend(
        RecordProblem(name, message)
        for name, (allowed, message) in CHOICES.items()
        if getattr(record, name) and getattr(record, name) not in allowed
    )
    if any(letter not in Letter.values for letter in record.letters):
        found.append(RecordProblem("letters", "Choose the letters sent from the list."))
    found.extend(_answer_shape_problems("risk", record.risk_answers, record.risk_notes))
    found.extend(_answer_shape_problems("prompt", record.prompt_answers, record.prompt_notes))
    found.extend(
        RecordProblem(f"voice.{p.field}", p.message)
        for p in voice_problems(record.voice)
        if "characters or fewer" in p.message
    )
    return found


def _answer_shape_problems(
    kind: str, answers: Mapping[str, str], notes: Mapping[str, str]
) -> list[RecordProblem]:
    found = [
        RecordProblem(f"{kind}__{code}", "Choose yes, no or not known.")
        for code, value in answers.items()
        if value not in Answer.values
    ]
    found.extend(
        RecordProblem(
            f"{kind}__{code}__note", f"Say what the concern is in {TEXT_MAX:,} characters or fewer."
        )
        for code, note in notes.items()
        if len(note) > TEXT_MAX
    )
    return found


def _adult_problems(record: RecordInput) -> list[RecordProblem]:
    if not record.came_with:
        return [
            RecordProblem(
                "came_with", "Say whether an adult came with the child, or that they came alone."
            )
        ]
    if record.came_with != CameWith.ADULT:
        return []
    found = []
    if not record.adult_name:
        found.append(RecordProblem("adult_name", "Enter the name of the adult with the child."))
    if not record.adult_relationship:
        found.append(
            RecordProblem("adult_relationship", "Choose the adult's relationship to the child.")
        )
    elif record.adult_relationship == AdultRelationship.OTHER and not (
        record.adult_relationship_other
    ):
        found.append(
            RecordProblem("adult_relationship_other", "Say who the adult is to the child.")
        )
    if not record.parental_responsibility:
        found.append(
            RecordProblem(
                "parental_responsibility",
                "Say whether the adult has parental responsibility for the child.",
            )
        )
    return found


def _account_problems(record: RecordInput) -> list[RecordProblem]:
    found = [RecordProblem(f"voice.{p.field}", p.message) for p in voice_problems(record.voice)]
    no_account = record.voice.missing_reason in NO_ACCOUNT
    if record.came_with != CameWith.ADULT or no_account:
        return found
    if not record.account_apart:
        found.append(
            RecordProblem(
                "account_apart",
                "Say whether the child's account was taken apart from the adult with them.",
            )
        )
    elif record.account_apart == AccountApart.NO and not record.account_apart_why:
        found.append(
            RecordProblem(
                "account_apart_why", "Say why the child was not spoken to apart from the adult."
            )
        )
    return found


def _answers_problems(
    kind: str, codes: Sequence[str], answers: Mapping[str, str], notes: Mapping[str, str]
) -> list[RecordProblem]:
    found = []
    for code in codes:
        answer = answers.get(code, "")
        if not answer:
            found.append(RecordProblem(f"{kind}__{code}", "Answer this question."))
        elif answer == Answer.YES and not notes.get(code):
            found.append(RecordProblem(f"{kind}__{code}__note", "Say what the concern is."))
    return found


def _older_risk_problems(
    record: RecordInput, *, age_years: int, risk_questions: Sequence[str]
) -> list[RecordProblem]:
    if not asks_older_risks(age_years):
        return []
    found = []
    if not record.lives_with:
        found.append(RecordProblem("lives_with", "Say who the young person lives with."))
    found.extend(_answers_problems("risk", risk_questions, record.risk_answers, record.risk_notes))
    return found


def _prompt_problems(record: RecordInput, *, prompts: Sequence[str]) -> list[RecordProblem]:
    found = _answers_problems("prompt", prompts, record.prompt_answers, record.prompt_notes)
    concern = any(record.prompt_answers.get(code) == Answer.YES for code in prompts) or any(
        record.risk_answers.get(code) == Answer.YES for code in record.risk_answers
    )
    if concern and not record.concern_action:
        found.append(
            RecordProblem(
                "concern_action",
                "Say what was done about the concern: for example, who was told and whether a "
                "referral was made.",
            )
        )
    return found


def _discharge_problems(record: RecordInput) -> list[RecordProblem]:
    found = []
    if not record.left_with:
        found.append(RecordProblem("left_with", "Say who the child left with."))
    elif record.left_with == LeftWith.SAME_ADULT and record.came_with == CameWith.ALONE:
        found.append(
            RecordProblem(
                "left_with", "The child came alone: choose who they left with from the list."
            )
        )
    elif record.left_with == LeftWith.OTHER_ADULT and not record.left_with_detail:
        found.append(
            RecordProblem(
                "left_with_detail", "Give the name of the adult they left with and who they are."
            )
        )
    if not record.follow_up:
        found.append(
            RecordProblem("follow_up", "Say what follow-up is arranged, or that none is needed.")
        )
    found.extend(_letter_problems(record))
    return found


def _letter_problems(record: RecordInput) -> list[RecordProblem]:
    if not record.letters:
        return [
            RecordProblem(
                "letters",
                "Say which letters were sent: GP, health visitor or school nurse, "
                "children's social care, or none.",
            )
        ]
    if Letter.NONE in record.letters and len(record.letters) > 1:
        return [
            RecordProblem("letters", "You chose letters and no letters: choose one or the other.")
        ]
    if record.letters == (Letter.NONE,) and not record.letters_none_why:
        return [RecordProblem("letters_none_why", "Say why no letters were sent.")]
    return []


def record_problems(
    record: RecordInput,
    *,
    age_years: int,
    risk_questions: Sequence[str],
    prompts: Sequence[str],
) -> list[RecordProblem]:  # R-REF-4
    """Everything missing or wrong before a child with a complete record is discharged, at once
    and in the order the page asks it; empty when they may be discharged. ``risk_questions`` and
    ``prompts`` are the codes of the area's lists in force (protocols); the risk questions and
    who they live with are asked only at 16 and 17."""
    record = record.cleaned()
    found = length_problems(record)
    found.extend(_adult_problems(record))
    found.extend(_account_problems(record))
    found.extend(_older_risk_problems(record, age_years=age_years, risk_questions=risk_questions))
    found.extend(_prompt_problems(record, prompts=prompts))
    found.extend(_discharge_problems(record))
    return _once(found)


def not_completed_problems(record: RecordInput) -> list[RecordProblem]:  # R-REF-4
    """What a record that cannot be completed must still say: why, from the list, and what
    happened in words (left before being seen needs no words: the attendance says it)."""
    record = record.cleaned()
    found = length_problems(record)
    if not record.not_completed_reason:
        found.append(
            RecordProblem("not_completed_reason", "Choose why the record cannot be completed.")
        )
    elif (
        record.not_completed_reason != NotCompletedReason.LEFT_BEFORE_SEEN
        and not record.not_completed_detail
    ):
        found.append(
            RecordProblem(
                "not_completed_detail",
                "Say what happened, and who has been told.",
            )
        )
    if record.voice.words or record.voice.missing_reason:
        found.extend(
            RecordProblem(f"voice.{p.field}", p.message) for p in voice_problems(record.voice)
        )
    return _once(found)


def discharge_problems(
    record: RecordInput,
    *,
    age_years: int,
    risk_questions: Sequence[str],
    prompts: Sequence[str],
) -> list[RecordProblem]:  # R-REF-4
    """What stops the discharge: a record that says why it cannot be completed needs only that
    (``not_completed_problems``); any other needs every part (``record_problems``)."""
    if record.cleaned().not_completing:
        return not_completed_problems(record)
    return record_problems(
        record, age_years=age_years, risk_questions=risk_questions, prompts=prompts
    )


def _once(found: list[RecordProblem]) -> list[RecordProblem]:
    """One problem per field (the first), so a field never shows two errors."""
    seen: set[str] = set()
    kept = []
    for problem in found:
        if problem.field not in seen:
            seen.add(problem.field)
            kept.append(problem)
    return kept


def account_taken_apart(record: RecordInput) -> bool:  # R-REF-4
    """Whether the child's own account was taken apart from the carer: they came alone, or were
    spoken to apart, and their words are recorded."""
    record = record.cleaned()
    if not record.voice.words:
        return False
    return record.came_with == CameWith.ALONE or record.account_apart == AccountApart.YES
