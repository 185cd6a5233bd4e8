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


class DesignSystemMixin:
    """Django's own field errors, in plain English and naming the field (issue 7 section 4).

    "Ensure this value has at most 100 characters (it has 5000)" says neither which box nor
    what to do; every page form says "Family name must be 100 characters or fewer" instead.
    Each form names its fields in ``field_names`` as the page labels them; a field it does not
    name falls back to its label, then to its name in words. Mixed into ``DesignSystemForm``
    (every page form's base) and into the sign-in form, which must extend Django's."""

    field_names: dict[str, str] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            what = self.field_name(name)
            lower = what[0].lower() + what[1:]
            messages = (
                {
                    "required": f"Select {lower}.",
                    "invalid": f"Select {lower}.",
                    "missing": f"Select {lower}.",
                    "max_length": f"The name of {lower} must be %(max)d characters or fewer.",
                }
                if isinstance(field, forms.FileField)
                else {
                    "required": f"Enter {lower}.",
                    "max_length": f"{what} must be %(limit_value)d characters or fewer.",
                    "min_length": f"{what} must be %(limit_value)d characters or more.",
                    "invalid_choice": f"Choose {lower} from the list.",
                    "invalid": f"Enter {lower} in the right format.",
                }
            )
            declared = type(field)().error_messages if _plain_constructible(field) else {}
            for code, message in messages.items():
                # Keep a message the form wrote itself; replace only Django's defaults.
                current = field.error_messages.get(code)
                if current is None or current == declared.get(code):
                    field.error_messages[code] = message

    def field_name(self, name: str) -> str:
        """How the page names a field: "Family name", "NHS number"."""
        if name in self.field_names:
            return self.field_names[name]
        label = self.fields[name].label
        if label:
            return str(label)
        return name.replace("_", " ").capitalize()


def _plain_constructible(field: forms.Field) -> bool:
    try:
        type(field)()
    except TypeError:
        return False
    return True


class DesignSystemForm(DesignSystemMixin, forms.Form):
    """The base of every page form: plain-English errors that name the field."""


def _nhs_number_clean(value: str) -> str:
    """The 10 digits, or a field error carrying core.nhs's own plain-English reason."""
    try:
        return normalise_nhs_number(value)
    except InvalidNhsNumber as exc:
        raise forms.ValidationError(str(exc), code="invalid_nhs_number") from None


class NhsNumberSearchForm(DesignSystemForm):
    """Search by NHS number (R-FLAG-3: the trace at registration)."""

    field_names = {"nhs_number": "NHS number"}

    nhs_number = forms.CharField(max_length=20, required=False, strip=True)

    def clean_nhs_number(self) -> str:
        return _nhs_number_clean(self.cleaned_data.get("nhs_number", ""))


class NameDobSearchForm(DesignSystemForm):
    """Search by family name and date of birth (an NHS.UK date input: day, month, year)."""

    field_names = {
        "family_name": "Family name",
        "day": "The day of the date of birth",
        "month": "The month of the date of birth",
        "year": "The year of the date of birth",
    }

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


class BreakGlassForm(DesignSystemForm):
    """Emergency access: which child, and why (R-FLAG-10)."""

    field_names = {"nhs_number": "NHS number", "reason": "The reason"}

    nhs_number = forms.CharField(max_length=20, required=False, strip=True)
    reason = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_nhs_number(self) -> str:
        return _nhs_number_clean(self.cleaned_data.get("nhs_number", ""))


class UserAddForm(DesignSystemForm):
    """A new member of staff, with one role at one organisation. Every check is the service's
    (``accounts.services.user_add``), which reports every problem at once, so the page and the
    command line say the same; the form only carries the text typed."""

    field_names = {
        "username": "Username",
        "given_name": "First name",
        "family_name": "Last name",
        "email": "Email address",
        "org_code": "Organisation code",
        "role": "The role",
    }

    username = forms.CharField(required=False, strip=True)
    given_name = forms.CharField(required=False, strip=True)
    family_name = forms.CharField(required=False, strip=True)
    email = forms.CharField(required=False, strip=True)
    org_code = forms.CharField(required=False, strip=True)
    # Any text: an unknown role is the service's "choose a role from the list", not Django's.
    role = forms.CharField(required=False, strip=True)
    role_choices = [("", "Choose a role"), *Role.choices]


class ApiTokenIssueForm(DesignSystemForm):
    """A new API token for a member of staff. Whose tokens the administrator may make, and how
    long a token may last, are the service's decisions (``accounts.services.api_token_issue``),
    so the page and the command line say the same."""

    field_names = {"username": "Username", "label": "What the token is for", "days": "Days"}

    username = forms.CharField(required=False, strip=True)
    label = forms.CharField(required=False, strip=True)  # its length is the service's
    days = forms.CharField(required=False, strip=True)


class ApiTokenRevokeForm(DesignSystemForm):
    """Why an API token is being revoked. Whether the reason will do is the service's decision
    (``accounts.services.api_token_revoke``), so the page and the command line say the same."""

    field_names = {"reason": "The reason"}

    reason = forms.CharField(required=False, strip=True)
