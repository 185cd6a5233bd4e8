"""How the flag pages answer each refusal of ``flags.errors`` (ADR 025): one table for every
page of the app (uploads, gaps, risk flags), so the pages never work a rule out again.

``NOT_FOUND`` is the one "not found" page (DESIGN rule 2: none and not allowed are the same);
``ON_FORM`` shows the message on the form, against the field the refusal names (or at the top).
"""

from __future__ import annotations

from enum import StrEnum

from django import forms

from seenheard.flags import errors


class PageAnswer(StrEnum):
    NOT_FOUND = "not-found"
    ON_FORM = "on-form"


REFUSAL_PAGES: dict[type[errors.FlagRefused], PageAnswer] = {
    # Only if the council or the role changed between sign-in and submit.
    errors.CouncilUnknown: PageAnswer.NOT_FOUND,
    errors.NotCouncilFlagAdministrator: PageAnswer.NOT_FOUND,
    errors.FlagNotHeld: PageAnswer.NOT_FOUND,
    # The gap was filled or recorded meanwhile: the page asked about is no longer there.
    errors.GapNotOpen: PageAnswer.NOT_FOUND,
    errors.GapReasonMissing: PageAnswer.ON_FORM,
    # No page sends single records (the API does); were one to, the reason goes on its form.
    errors.FlagRecordRejected: PageAnswer.ON_FORM,
    errors.RiskFlagNotFound: PageAnswer.NOT_FOUND,
    errors.RiskKindUnknown: PageAnswer.ON_FORM,
    errors.RiskDetailMissing: PageAnswer.ON_FORM,
    errors.ReviewDateOutOfRange: PageAnswer.ON_FORM,
    errors.RiskFlagNotForChild: PageAnswer.ON_FORM,
    errors.RiskFlagEnded: PageAnswer.ON_FORM,
    errors.ReviewNoteMissing: PageAnswer.ON_FORM,
    errors.EndReasonMissing: PageAnswer.ON_FORM,
}


def refusal_answer(refused: errors.FlagRefused) -> PageAnswer:
    """The page's answer to a refusal, from ``REFUSAL_PAGES`` (a subclass may share its
    parent's row)."""
    return next(
        REFUSAL_PAGES[kind]
        for kind in type(refused).__mro__
        if isinstance(kind, type) and kind in REFUSAL_PAGES
    )


def refusal_on_form(form: forms.Form, refused: errors.FlagRefused) -> None:
    """The refusal's message on the form, against its field when it names one."""
    field = getattr(refused, "field", "") or "__all__"
    form.errors.setdefault(field, form.error_class()).append(refused.message)
