"""A child's A&E or minor-injury record in plain words (R-REF-4): the rows the record's page
shows once it is closed (or to staff who may read but not write it), section by section."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone

from seenheard.encounters.models import (
    AccountApart,
    AdultRelationship,
    Answer,
    AttendanceRecord,
    CameWith,
    LeftWith,
    Letter,
    NotCompletedReason,
    ParentalResponsibility,
    RecordStatus,
)
from seenheard.encounters.record.rules import RecordInput
from seenheard.encounters.record.selectors import RecordQuestions

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[dict[str, dict[str, str]]]


def _label(choices: type[TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else NOT_RECORDED


def _row(key: str, value: str) -> dict[str, dict[str, str]]:
    return {"key": {"text": key}, "value": {"text": value or NOT_RECORDED}}


def status_text(record: AttendanceRecord | None) -> str:
    """ "Complete", "Could not be completed: the child left before being seen", ..."""
    if record is None:
        return "Not started"
    text = str(RecordStatus(record.status).label)
    if record.status == RecordStatus.NOT_COMPLETED and record.not_completed_reason:
        reason = _label(NotCompletedReason, record.not_completed_reason)
        text += f": {reason[0].lower()}{reason[1:]}"
    return text


def _adult(record: RecordInput) -> Section:
    rows = [_row("Who came with them", _label(CameWith, record.came_with))]
    if record.came_with == CameWith.ADULT:
        relationship = _label(AdultRelationship, record.adult_relationship)
        if record.adult_relationship == AdultRelationship.OTHER and record.adult_relationship_other:
            relationship = record.adult_relationship_other
        rows += [
            _row("The adult's name", record.adult_name),
            _row("Their relationship to the child", relationship),
            _row(
                "Parental responsibility",
                _label(ParentalResponsibility, record.parental_responsibility),
            ),
            _row(
                "Account taken apart from the adult",
                _label(AccountApart, record.account_apart)
                + (f". {record.account_apart_why}" if record.account_apart_why else ""),
            ),
        ]
    return Section("Who came with the child", rows)


def _answers(
    questions: tuple[tuple[str, str], ...], answers: dict[str, str], notes: dict[str, str]
) -> list[dict[str, dict[str, str]]]:
    rows = []
    for code, question in questions:
        answer = _label(Answer, answers.get(code, ""))
        if notes.get(code):
            answer += f": {notes[code]}"
        rows.append(_row(question, answer))
    return rows


def _discharge(record: RecordInput) -> Section:
    left = _label(LeftWith, record.left_with)
    if record.left_with_detail:
        left += f": {record.left_with_detail}"
    letters = "; ".join(_label(Letter, v) for v in record.letters) or NOT_RECORDED
    if record.letters_none_why:
        letters += f". {record.letters_none_why}"
    return Section(
        "Discharge",
        [
            _row("Left with", left),
            _row("Follow-up", record.follow_up),
            _row("Letters sent", letters),
        ],
    )


def record_sections(
    record: RecordInput, questions: RecordQuestions, *, older: bool
) -> list[Section]:
    """The record's sections, in the order the form asks them (the child's account is shown
    by the voice app's own summary)."""
    sections = [_adult(record)]
    if older:
        risk = tuple((q.code, q.name) for q in questions.risk)
        sections.append(
            Section(
                "Questions for 16 and 17 year olds",
                [
                    _row("Who they live with", record.lives_with),
                    *_answers(risk, dict(record.risk_answers), dict(record.risk_notes)),
                ],
            )
        )
    prompts = tuple((q.code, q.name) for q in questions.prompts)
    safeguarding = _answers(prompts, dict(record.prompt_answers), dict(record.prompt_notes))
    if record.concern_action:
        safeguarding.append(_row("What was done about the concern", record.concern_action))
    sections.append(Section("Safeguarding", safeguarding))
    if record.not_completed_reason:
        sections.append(
            Section(
                "Why the record could not be completed",
                [
                    _row("Reason", _label(NotCompletedReason, record.not_completed_reason)),
                    _row("What happened", record.not_completed_detail or "Nothing more recorded"),
                ],
            )
        )
    else:
        sections.append(_discharge(record))
    return sections


def closed_text(record: AttendanceRecord) -> str:
    if record.closed_at is None:
        return ""
    when = timezone.localtime(record.closed_at)
    return (
        f"Closed by {record.closed_by_name}, {record.closed_by_role}, on {when:%-d %B %Y at %H:%M}"
    )
