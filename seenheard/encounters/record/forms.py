"""The record's form (R-REF-4): a carrier of what was typed. Every check is the rule's
(``record.rules``), so the page and the API refuse the same records for the same reasons. The
child's account is the shared fragment, ``voice.forms.ChildVoiceForm``; the area's questions
are fields named ``risk__<code>`` and ``prompt__<code>`` (with ``__note``)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from seenheard.encounters.record.rules import TEXT_PARTS, RecordInput, RecordProblem
from seenheard.encounters.record.selectors import RecordQuestions
from seenheard.voice.forms import ChildVoiceForm, voice_form_initial

CHOICE_FIELDS = (
    "came_with",
    "adult_relationship",
    "parental_responsibility",
    "account_apart",
    "left_with",
    "not_completed_reason",
)
TEXT_FIELDS = tuple(TEXT_PARTS)


def _answers(data: QueryDict, kind: str, codes: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    answers = {code: str(data.get(f"{kind}__{code}", "")) for code in codes}
    notes = {code: str(data.get(f"{kind}__{code}__note", "")) for code in codes}
    return answers, notes


def record_input(
    data: QueryDict, questions: RecordQuestions, voice_form: ChildVoiceForm
) -> RecordInput:
    """What was typed, unchecked; answers only to the questions the page asked."""
    risk, risk_notes = _answers(data, "risk", [q.code for q in questions.risk])
    prompts, prompt_notes = _answers(data, "prompt", [q.code for q in questions.prompts])
    return RecordInput(
        **{name: str(data.get(name, "")) for name in (*CHOICE_FIELDS, *TEXT_FIELDS)},
        risk_answers=risk,
        risk_notes=risk_notes,
        prompt_answers=prompts,
        prompt_notes=prompt_notes,
        letters=tuple(str(v) for v in data.getlist("letters")),
        voice=voice_form.typed_input(),
    ).cleaned()


def record_values(record: RecordInput) -> dict[str, Any]:
    """A record as the page's field values (name to value; letters a list)."""
    values: dict[str, Any] = {
        name: getattr(record, name) for name in (*CHOICE_FIELDS, *TEXT_FIELDS)
    }
    values["letters"] = list(record.letters)
    for kind, answers, notes in (
        ("risk", record.risk_answers, record.risk_notes),
        ("prompt", record.prompt_answers, record.prompt_notes),
    ):
        for code, answer in answers.items():
            values[f"{kind}__{code}"] = answer
        for code, note in notes.items():
            values[f"{kind}__{code}__note"] = note
    return values


def voice_form_of(data: QueryDict | None, record: RecordInput) -> ChildVoiceForm:
    """The child's account fragment, bound to the POST or filled from the saved record."""
    if data is not None:
        return ChildVoiceForm(data)
    return ChildVoiceForm(initial=voice_form_initial(record.voice))


def show_problems(
    problems: list[RecordProblem], voice_form: ChildVoiceForm
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Each problem against its field (the voice fragment's own), and the error summary's items
    in the page's order, each linking its field."""
    errors: dict[str, str] = {}
    items = []
    for problem in problems:
        if problem.field.startswith("voice."):
            name = problem.field.removeprefix("voice.")
            voice_form.add_problems([(name, problem.message)])
            href = f"#{voice_form.field_id(name)}"
        else:
            errors.setdefault(problem.field, problem.message)
            href = f"#{problem.field}"
        items.append({"text": problem.message, "href": href})
    return errors, items
