"""The child's voice as one form fragment (R-VOICE-1), for any page whose record holds it.

A page puts ``ChildVoiceForm(data, prefix="voice")`` beside its own form, renders the fields with
``voice/_fields.jinja``'s ``voice_fields(form)`` inside its ``<form>``, lists
``form.error_list()`` in its error summary, and passes ``form.voice_input()`` to its service,
which calls ``voice.services.voice_record`` in its own transaction. The checks are the rule's
(``voice.rules.voice_problems``), so the page and the API say the same.
"""

from __future__ import annotations

from typing import Any

from django import forms

from seenheard.voice.models import VoiceMethod, VoiceMissingReason
from seenheard.voice.rules import VoiceInput, voice_problems
from seenheard.web.forms import DesignSystemForm

PREFIX = "voice"


class ChildVoiceForm(DesignSystemForm):
    """The child's words and how they were heard, or why there are none. The lengths are the
    rule's, so the fields take any text and the rule says what is too long."""

    field_names = {
        "words": "The child's views and wishes",
        "methods": "How the child's views were heard",
        "communication_needs": "The child's communication needs",
        "missing_reason": "Why the child's words are missing",
        "missing_detail": "What happened",
    }

    words = forms.CharField(required=False, strip=True, widget=forms.Textarea)
    methods = forms.MultipleChoiceField(required=False, choices=VoiceMethod.choices)
    communication_needs = forms.CharField(required=False, strip=True, widget=forms.Textarea)
    missing_reason = forms.ChoiceField(
        required=False,
        choices=[("", "The child's words are recorded"), *VoiceMissingReason.choices],
    )
    missing_detail = forms.CharField(required=False, strip=True, widget=forms.Textarea)

    def __init__(self, *args: Any, prefix: str = PREFIX, **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for problem in voice_problems(self._input(data)):
            if problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return data

    @staticmethod
    def _input(data: dict[str, Any]) -> VoiceInput:
        return VoiceInput(
            words=data.get("words") or "",
            methods=tuple(data.get("methods") or ()),
            communication_needs=data.get("communication_needs") or "",
            missing_reason=data.get("missing_reason") or "",
            missing_detail=data.get("missing_detail") or "",
        )

    def voice_input(self) -> VoiceInput:
        """What was typed, for the service (after ``is_valid()``; a draft may take it unchecked)."""
        data = getattr(self, "cleaned_data", None) or {}
        return self._input(data).cleaned()

    def typed_input(self) -> VoiceInput:
        """What was typed, unchecked (a draft keeps whatever is there, problems and all)."""
        methods = (
            self.data.getlist(self.add_prefix("methods")) if hasattr(self.data, "getlist") else []
        )
        return VoiceInput(
            words=str(self.data.get(self.add_prefix("words"), "")),
            methods=tuple(str(m) for m in methods),
            communication_needs=str(self.data.get(self.add_prefix("communication_needs"), "")),
            missing_reason=str(self.data.get(self.add_prefix("missing_reason"), "")),
            missing_detail=str(self.data.get(self.add_prefix("missing_detail"), "")),
        ).cleaned()

    def add_problems(self, problems: list[tuple[str, str]]) -> None:
        """Show a service's problems (field, message) against this fragment's fields."""
        for name, message in problems:
            self.errors.setdefault(name, self.error_class()).append(message)

    def field_id(self, name: str) -> str:
        """The id of the field's first input on the page (the error summary links to it)."""
        return f"{self.prefix}-{name}"

    def error_list(self) -> list[dict[str, str]]:
        """This fragment's errors for the page's NHS.UK error summary, each linking its field."""
        return [
            {"text": str(message), "href": f"#{self.field_id(name)}"}
            for name, messages in self.errors.items()
            for message in messages
        ]

    def value_of(self, name: str) -> Any:
        """The value to show in a field: as typed when the form was sent, else its initial."""
        return self[name].value()


def voice_form_initial(voice: VoiceInput) -> dict[str, Any]:
    """A saved draft's voice as the form's initial values (a draft keeps what was typed)."""
    return {
        "words": voice.words,
        "methods": list(voice.methods),
        "communication_needs": voice.communication_needs,
        "missing_reason": voice.missing_reason,
        "missing_detail": voice.missing_detail,
    }
