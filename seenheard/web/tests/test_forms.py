"""Every page form says its errors in plain English, naming the field (issue 7 section 4:
"Ensure this value has at most 100 characters (it has 5000)" named neither box nor fix)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.validators import MaxLengthValidator

import seenheard
from seenheard.web.forms import DesignSystemMixin
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


def _page_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project (its modules imported, tests left out)."""
    for module in pkgutil.walk_packages(seenheard.__path__, "seenheard."):
        skipped = (".tests", ".migrations", "management", "__main__", "wsgi", "gunicorn")
        if any(part in module.name for part in skipped):
            continue
        importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("seenheard.") and not sub.__name__.startswith("_"):
                found.append(sub)
    return found


def test_the_scan_finds_the_page_forms():
    names = {f.__name__ for f in _page_forms()}
    assert {"NameDobSearchForm", "UserAddForm", "FlagUploadForm", "SignInForm"} <= names


def test_every_page_form_uses_the_design_system_base():
    strays = [
        f"{f.__module__}.{f.__name__}"
        for f in _page_forms()
        if not issubclass(f, DesignSystemMixin) and f.__name__ != "DesignSystemForm"
    ]
    assert not strays, f"Base these forms on seenheard.web.forms.DesignSystemForm: {strays}"


def _instance(form_class: Any, data: dict[str, str]) -> Any:
    from django.test import RequestFactory

    if form_class.__name__ == "SignInForm":
        return form_class(RequestFactory().post("/sign-in/"), data=data)
    return form_class(data=data)


def _limited_fields(form_class: Any) -> list[str]:
    probe = _instance(form_class, {})
    return [
        name
        for name, field in probe.fields.items()
        if any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]


def _forms_with_length_limits() -> list[Any]:
    import django

    django.setup()
    return [f for f in _page_forms() if _limited_fields(f)]


def test_some_page_forms_have_length_limits():
    assert {"NameDobSearchForm", "NhsNumberSearchForm"} <= {
        f.__name__ for f in _forms_with_length_limits()
    }


@pytest.mark.parametrize("form_class", _forms_with_length_limits(), ids=lambda f: f.__name__)
def test_too_long_in_any_field_names_the_field_in_plain_english(form_class):
    long = {name: "x" * 5000 for name in _limited_fields(form_class)}
    form = _instance(form_class, long)
    form.is_valid()
    for name in long:
        messages = form.errors.get(name, [])
        assert messages, name
        assert not [m for m in messages if "Ensure this value" in m], messages
        limit = form.fields[name].max_length
        said = f"{form.field_name(name)} must be {limit} characters or fewer."
        assert said in messages, messages


def test_a_5000_character_family_name_is_a_plain_field_error(client_for):
    response = client_for("lac.nurse").post(
        "/children/search/",
        {"by": "name", "family_name": "x" * 5000, "day": "2", "month": "3", "year": "2014"},
    )
    assert response.status_code == 400
    body = main_text(response)
    assert "Family name must be 100 characters or fewer" in body
    assert "Ensure this value" not in body


def test_a_form_keeps_the_messages_it_wrote_itself():
    from django import forms

    from seenheard.web.forms import DesignSystemForm

    class EmailForm(DesignSystemForm):
        email = forms.EmailField(
            required=False,
            error_messages={"invalid": "Enter an email address like name@example.nhs.uk."},
        )
        family_name = forms.CharField(max_length=5, required=False)

    form = EmailForm(data={"email": "not an email", "family_name": "x" * 6})
    form.is_valid()
    assert form.errors["email"] == ["Enter an email address like name@example.nhs.uk."]
    assert form.errors["family_name"] == ["Family name must be 5 characters or fewer."]
