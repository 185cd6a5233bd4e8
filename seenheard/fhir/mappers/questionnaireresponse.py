"""A child's A&E or minor-injury record -> FHIR QuestionnaireResponse (R-REF-4), and back.

- ``questionnaire``: this service's canonical for the record (``RECORD_QUESTIONNAIRE``).
- ``status``: ``in-progress`` while it is written, ``completed`` once the child is discharged
  with it complete, ``stopped`` when it could not be completed (the reason is an item).
- ``subject``: the child (Patient reference and NHS number); ``encounter``: the attendance.
- ``authored``: when it was last written; ``author``: who, by name and role.
- ``item``: one per answer, flat, each ``linkId`` the record's field name (the same names the
  OperationOutcome of a refused discharge uses): choices as ``valueCoding`` in this service's
  code system for the field (``<RECORD_CODES>/<field>``), text as ``valueString``; the area's
  questions as ``risk__<code>`` and ``prompt__<code>`` (their ``text`` the question as asked),
  each with ``__note``; the child's account as ``voice.<field>``. Parsing accepts
  ``valueCoding.code`` or ``valueString`` for a choice.
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices

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
from seenheard.encounters.record.rules import TEXT_PARTS, RecordInput
from seenheard.encounters.record.selectors import RecordQuestions
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM
from seenheard.voice.models import VoiceMethod, VoiceMissingReason
from seenheard.voice.rules import VoiceInput

RECORD_QUESTIONNAIRE = "https://seenheard.example/fhir/Questionnaire/ae-child-record"
RECORD_CODES = "https://seenheard.example/fhir/CodeSystem/ae-child-record"

STATUS = {
    RecordStatus.OPEN: "in-progress",
    RecordStatus.COMPLETE: "completed",
    RecordStatus.NOT_COMPLETED: "stopped",
}

#: Each choice item and its codes.
CHOICE_ITEMS: dict[str, type[TextChoices]] = {
    "came_with": CameWith,
    "adult_relationship": AdultRelationship,
    "parental_responsibility": ParentalResponsibility,
    "account_apart": AccountApart,
    "left_with": LeftWith,
    "not_completed_reason": NotCompletedReason,
    "voice.missing_reason": VoiceMissingReason,
}
#: Items that take several answers.
MANY_ITEMS: dict[str, type[TextChoices]] = {"letters": Letter, "voice.methods": VoiceMethod}
#: Free-text items.
TEXT_ITEMS = (*TEXT_PARTS, "voice.words", "voice.communication_needs", "voice.missing_detail")

ITEM_TEXT = {
    "came_with": "Did an adult come with the child?",
    "adult_name": "The adult's full name",
    "adult_relationship": "Their relationship to the child",
    "adult_relationship_other": "If someone else, who they are",
    "parental_responsibility": "Do they have parental responsibility?",
    "account_apart": "Was the child spoken to apart from the adult?",
    "account_apart_why": "If not, why not",
    "lives_with": "Who do they live with?",
    "concern_action": "What was done about the concern",
    "left_with": "Who did the child leave with?",
    "left_with_detail": "The adult they left with",
    "follow_up": "Follow-up arranged",
    "letters": "Letters sent",
    "letters_none_why": "Why no letters were sent",
    "not_completed_reason": "Why the record cannot be completed",
    "not_completed_detail": "What happened, and who was told",
    "voice.words": "The child's own account, in their words",
    "voice.methods": "How the child's account was heard",
    "voice.communication_needs": "The child's communication needs",
    "voice.missing_reason": "Why the child's words are missing",
    "voice.missing_detail": "What happened",
}


def element(field: str) -> str:
    """The FHIRPath of a record's field, for an OperationOutcome issue."""
    return f"QuestionnaireResponse.item.where(linkId='{field}')"


def _coding(field: str, choices: type[TextChoices], code: str) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": f"{RECORD_CODES}/{field}", "code": code}
    if code in choices.values:
        coding["display"] = str(choices(code).label)
    return {"valueCoding": coding}


def _item(link_id: str, text: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"linkId": link_id, "text": text, "answer": answers}


def _flat(record: RecordInput) -> dict[str, Any]:
    voice = record.voice
    values: dict[str, Any] = {name: getattr(record, name) for name in TEXT_PARTS}
    values.update({name: getattr(record, name) for name in CHOICE_ITEMS if "." not in name})
    values.update(
        {
            "voice.words": voice.words,
            "voice.communication_needs": voice.communication_needs,
            "voice.missing_detail": voice.missing_detail,
            "voice.missing_reason": voice.missing_reason,
            "letters": list(record.letters),
            "voice.methods": list(voice.methods),
        }
    )
    return values


def _fixed_items(record: RecordInput) -> list[dict[str, Any]]:
    items = []
    for name, value in _flat(record).items():
        if not value:
            continue
        if name in MANY_ITEMS:
            answers = [_coding(name, MANY_ITEMS[name], v) for v in value]
        elif name in CHOICE_ITEMS:
            answers = [_coding(name, CHOICE_ITEMS[name], value)]
        else:
            answers = [{"valueString": value}]
        items.append(_item(name, ITEM_TEXT[name], answers))
    return items


def _question_items(
    kind: str, asked: list[tuple[str, str]], answers: dict[str, str], notes: dict[str, str]
) -> list[dict[str, Any]]:
    items = []
    for code, question in asked:
        if answers.get(code):
            items.append(
                _item(f"{kind}__{code}", question, [_coding("answer", Answer, answers[code])])
            )
        if notes.get(code):
            items.append(
                _item(
                    f"{kind}__{code}__note", "What the concern is", [{"valueString": notes[code]}]
                )
            )
    return items


def questionnaire_response_from_record(
    record: AttendanceRecord, typed: RecordInput, questions: RecordQuestions, *, nhs_number: str
) -> FhirJson:
    """One child's record (``typed`` is ``record_input_of(record)``)."""
    items = _fixed_items(typed)
    items += _question_items(
        "risk",
        [(q.code, q.name) for q in questions.risk],
        dict(typed.risk_answers),
        dict(typed.risk_notes),
    )
    items += _question_items(
        "prompt",
        [(q.code, q.name) for q in questions.prompts],
        dict(typed.prompt_answers),
        dict(typed.prompt_notes),
    )
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(record.pk),
        "questionnaire": RECORD_QUESTIONNAIRE,
        "status": STATUS[RecordStatus(record.status)],
        "subject": {
            "reference": f"Patient/{record.child_id}",
            "type": "Patient",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number},
        },
        "encounter": {"reference": f"Encounter/{record.encounter_id}"},
        "authored": fhir_instant(record.closed_at or record.updated_at),
        "author": {"display": f"{record.written_by_name} ({record.written_by_role})"},
    }
    if items:
        data["item"] = items
    return data


class ItemProblem(ValueError):
    """An item the record does not have, or an answer of the wrong shape."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _answer_value(item: dict[str, Any], link_id: str) -> list[str]:
    answers = item.get("answer", [])
    if not isinstance(answers, list):
        raise ItemProblem(f"Item {link_id!r}: answer must be a JSON array.", link_id)
    values = []
    for answer in answers:
        coding = answer.get("valueCoding") if isinstance(answer, dict) else None
        text = answer.get("valueString") if isinstance(answer, dict) else None
        if isinstance(coding, dict) and isinstance(coding.get("code"), str):
            values.append(coding["code"])
        elif isinstance(text, str):
            values.append(text)
        else:
            raise ItemProblem(
                f"Item {link_id!r}: each answer must be a valueCoding with a code, or a "
                "valueString.",
                link_id,
            )
    return values


def _known(link_id: str, risk: set[str], prompts: set[str]) -> bool:
    if link_id in CHOICE_ITEMS or link_id in MANY_ITEMS or link_id in TEXT_ITEMS:
        return True
    kind, _, rest = link_id.partition("__")
    code = rest.removesuffix("__note")
    return (kind == "risk" and code in risk) or (kind == "prompt" and code in prompts)


def record_input_from_items(items: list[Any], questions: RecordQuestions) -> RecordInput:
    """The record a QuestionnaireResponse's items say (unchecked: the service checks it).
    Raises ``ItemProblem`` for an item the record does not ask, or a malformed answer."""
    values: dict[str, list[str]] = {}
    risk = {q.code for q in questions.risk}
    prompts = {q.code for q in questions.prompts}
    for item in items:
        link_id = item.get("linkId") if isinstance(item, dict) else None
        if not isinstance(link_id, str) or not _known(link_id, risk, prompts):
            raise ItemProblem(
                f"The record has no item {link_id!r}. Read a record back to see its items; the "
                "risk questions are asked only of 16 and 17 year olds.",
                str(link_id),
            )
        values[link_id] = _answer_value(item, link_id)
    return _record_of(values, risk, prompts)


def _one(values: dict[str, list[str]], name: str) -> str:
    found = values.get(name) or [""]
    return found[0]


def _record_of(values: dict[str, list[str]], risk: set[str], prompts: set[str]) -> RecordInput:
    simple = {n: _one(values, n) for n in (*TEXT_PARTS, *CHOICE_ITEMS) if "." not in n}
    return RecordInput(
        **simple,
        letters=tuple(values.get("letters", ())),
        risk_answers={c: _one(values, f"risk__{c}") for c in risk},
        risk_notes={c: _one(values, f"risk__{c}__note") for c in risk},
        prompt_answers={c: _one(values, f"prompt__{c}") for c in prompts},
        prompt_notes={c: _one(values, f"prompt__{c}__note") for c in prompts},
        voice=VoiceInput(
            words=_one(values, "voice.words"),
            methods=tuple(values.get("voice.methods", ())),
            communication_needs=_one(values, "voice.communication_needs"),
            missing_reason=_one(values, "voice.missing_reason"),
            missing_detail=_one(values, "voice.missing_detail"),
        ),
    ).cleaned()
