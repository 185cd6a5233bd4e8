"""Forms for the pages: Django validation, rendered with the NHS.UK design system macros.

Every message is plain English and says what to do next (DESIGN: plain-English errors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from seenheard.accounts.models import Role
from seenheard.core import clock
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number


def _nhs_number_clean(value: str) -> str:
    """The 10 digits, or a field error carrying core.nhs's own plain-English reason."""
    try:
        return normalise_nhs_number(value)
    except InvalidNhsNumber as exc:
        raise forms.ValidationError(str(exc), code="invalid_nhs_number") from None


class NhsNumberSearchForm(forms.Form):
    """Search by NHS number (R-FLAG-3: the trace at registration)."""

    nhs_number = forms.CharField(max_length=20, required=False, strip=True)

    def clean_nhs_number(self) -> str:
        return _nhs_number_clean(self.cleaned_data.get("nhs_number", ""))


class NameDobSearchForm(forms.Form):
    """Search by family name and date of birth (an NHS.UK date input: day, month, year)."""

    family_name = forms.CharField(max_length=100, required=False, strip=True)
    day = forms.CharField(max_length=4, required=False, strip=True)
    month = forms.CharField(max_length=4, required=False, strip=True)
    year = forms.CharField(max_length=6, required=False, strip=True)

    def clean_family_name(self) -> str:
        name = self.cleaned_data.get("family_name", "")
        if not name:
            raise forms.ValidationError("Enter the child's family name.", code="required")
        return str(name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = {k: (data.get(k) or "") for k in ("day", "month", "year")}
        missing = [k for k, v in parts.items() if not v]
        if len(missing) == 3:
            self.add_error("date_of_birth", "Enter the child's date of birth.")
            return data
        if missing:
            self.add_error(
                "date_of_birth", f"The date of birth must include a {' and '.join(missing)}."
            )
            return data
        if not all(v.isdigit() for v in parts.values()):
            self.add_error("date_of_birth", "Use numbers only for the date, like 2 3 2014.")
            return data
        if len(parts["year"]) != 4:
            self.add_error("date_of_birth", "The year must be 4 numbers, like 2014.")
            return data
        try:
            born = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error("date_of_birth", "The date of birth must be a real date.")
            return data
        if born > clock.today():
            self.add_error("date_of_birth", "The date of birth must be today or in the past.")
            return data
        data["date_of_birth"] = born
        return data

    def add_error(self, field: str | None, error: Any) -> None:
        # "date_of_birth" is not a declared field (it is three inputs); Django only accepts
        # errors for declared fields, so keep it in the error dict directly.
        if field == "date_of_birth":
            self.errors.setdefault(field, self.error_class()).append(error)
            return
        super().add_error(field, error)


class BreakGlassForm(forms.Form):
    """Emergency access: which child, and why (R-FLAG-10)."""

    nhs_number = forms.CharField(max_length=20, required=False, strip=True)
    reason = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_nhs_number(self) -> str:
        return _nhs_number_clean(self.cleaned_data.get("nhs_number", ""))


class UserAddForm(forms.Form):
    """A new member of staff, with one role at one organisation. Every check is the service's
    (``accounts.services.user_add``), which reports every problem at once, so the page and the
    command line say the same; the form only carries the text typed."""

    username = forms.CharField(required=False, strip=True)
    given_name = forms.CharField(required=False, strip=True)
    family_name = forms.CharField(required=False, strip=True)
    email = forms.CharField(required=False, strip=True)
    org_code = forms.CharField(required=False, strip=True)
    # Any text: an unknown role is the service's "choose a role from the list", not Django's.
    role = forms.CharField(required=False, strip=True)
    role_choices = [("", "Choose a role"), *Role.choices]


class ApiTokenIssueForm(forms.Form):
    """A new API token for a member of staff. Whose tokens the administrator may make, and how
    long a token may last, are the service's decisions (``accounts.services.api_token_issue``),
    so the page and the command line say the same."""

    username = forms.CharField(required=False, strip=True)
    label = forms.CharField(required=False, strip=True)  # its length is the service's
    days = forms.CharField(required=False, strip=True)


class ApiTokenRevokeForm(forms.Form):
    """Why an API token is being revoked. Whether the reason will do is the service's decision
    (``accounts.services.api_token_revoke``), so the page and the command line say the same."""

    reason = forms.CharField(required=False, strip=True)
