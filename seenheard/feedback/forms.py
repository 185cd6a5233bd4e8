"""The feedback pages' forms (R-VOICE-2). The child's form is short and in easy words."""

from __future__ import annotations

from typing import Any

from django import forms

from seenheard.feedback.models import TEXT_LIMIT, HowItIsGoing
from seenheard.web.forms import DesignSystemForm


class CodeForm(DesignSystemForm):
    field_names = {"code": "Your code"}

    code = forms.CharField(max_length=40, required=False, strip=True)

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code") or ""
        if not code:
            raise forms.ValidationError("Type in your code.", code="required")
        return str(code)


class AnswersForm(DesignSystemForm):
    field_names = {
        "how_it_is_going": "How things are going",
        "what_is_good": "What is good",
        "what_could_be_better": "What could be better",
        "unsafe_words": "What is making you feel unsafe",
    }

    how_it_is_going = forms.ChoiceField(choices=HowItIsGoing.choices, required=True)
    what_is_good = forms.CharField(max_length=TEXT_LIMIT, required=False, strip=True)
    what_could_be_better = forms.CharField(max_length=TEXT_LIMIT, required=False, strip=True)
    feels_unsafe = forms.BooleanField(required=False)
    unsafe_words = forms.CharField(max_length=TEXT_LIMIT, required=False, strip=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["how_it_is_going"]
        field.error_messages["required"] = "Choose how things are going."
        field.error_messages["invalid_choice"] = "Choose how things are going."
