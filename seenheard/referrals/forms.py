"""The referral and decision forms (R-REF-1, R-REF-3): carriers of what was typed.

Every check is the service's (``referrals.rules``), so the page and the API refuse the same
referrals for the same reasons; a draft keeps whatever was typed, problems and all.
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from seenheard.core.ids import id_or_none
from seenheard.referrals.rules import DecisionInput, ReferralInput, ReferralProblem
from seenheard.voice.forms import ChildVoiceForm
from seenheard.web.forms import DesignSystemForm

TEXT_FIELDS = (
    "reason",
    "risk_what",
    "working_well",
    "expectation",
    "wider_family",
    "wider_home",
    "wider_school",
    "wider_agencies",
    "lawful_basis",
)
CHOICE_FIELDS = ("service", "risk_likelihood", "risk_severity", "threshold_level", "consent")


class ReferralForm(DesignSystemForm):
    service = forms.CharField(required=False)
    receiving_org = forms.CharField(required=False)
    reason = forms.CharField(required=False, widget=forms.Textarea)
    risk_what = forms.CharField(required=False, widget=forms.Textarea)
    risk_likelihood = forms.CharField(required=False)
    risk_severity = forms.CharField(required=False)
    working_well = forms.CharField(required=False, widget=forms.Textarea)
    expectation = forms.CharField(required=False, widget=forms.Textarea)
    threshold_level = forms.CharField(required=False)
    wider_family = forms.CharField(required=False, widget=forms.Textarea)
    wider_home = forms.CharField(required=False, widget=forms.Textarea)
    wider_school = forms.CharField(required=False, widget=forms.Textarea)
    wider_agencies = forms.CharField(required=False, widget=forms.Textarea)
    consent = forms.CharField(required=False)
    lawful_basis = forms.CharField(required=False, widget=forms.Textarea)

    def value_of(self, name: str) -> str:
        return str(self[name].value() or "")


def referral_forms(
    data: QueryDict | None, initial: ReferralInput | None = None
) -> tuple[ReferralForm, ChildVoiceForm]:
    """The referral's own form and the child's voice fragment, bound to the POST or filled
    from a saved draft."""
    if data is not None:
        return ReferralForm(data), ChildVoiceForm(data)
    if initial is None:
        return ReferralForm(), ChildVoiceForm()
    values = {name: getattr(initial, name) for name in (*TEXT_FIELDS, *CHOICE_FIELDS)}
    values["receiving_org"] = str(initial.receiving_org_id or "")
    voice = initial.voice
    return ReferralForm(initial=values), ChildVoiceForm(
        initial={
            "words": voice.words,
            "methods": list(voice.methods),
            "communication_needs": voice.communication_needs,
            "missing_reason": voice.missing_reason,
            "missing_detail": voice.missing_detail,
        }
    )


def referral_input(form: ReferralForm, voice_form: ChildVoiceForm) -> ReferralInput:
    """What was typed, unchecked."""
    data = form.data
    return ReferralInput(
        **{name: str(data.get(name, "")) for name in (*TEXT_FIELDS, *CHOICE_FIELDS)},
        receiving_org_id=id_or_none(str(data.get("receiving_org", ""))),
        voice=voice_form.typed_input(),
    ).cleaned()


def show_problems(
    form: ReferralForm, voice_form: ChildVoiceForm, problems: list[ReferralProblem]
) -> list[dict[str, str]]:
    """Each problem against its field, and the error summary's items in the form's order."""
    items = []
    for problem in problems:
        if problem.field.startswith("voice."):
            name = problem.field.removeprefix("voice.")
            voice_form.add_problems([(name, problem.message)])
            href = f"#{voice_form.field_id(name)}"
        else:
            form.errors.setdefault(problem.field, form.error_class()).append(problem.message)
            href = f"#{problem.field}"
        items.append({"text": problem.message, "href": href})
    return items


class DecisionForm(DesignSystemForm):
    outcome = forms.CharField(required=False)
    reasons = forms.CharField(required=False, widget=forms.Textarea)
    redirected_to = forms.CharField(required=False)

    def decision_input(self) -> DecisionInput:
        return DecisionInput(
            outcome=str(self.data.get("outcome", "")).strip(),
            reasons=str(self.data.get("reasons", "")),
            redirected_to=str(self.data.get("redirected_to", "")),
        )

    def value_of(self, name: str) -> str:
        return str(self[name].value() or "")
