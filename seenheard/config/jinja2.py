"""The Jinja2 environment: Django's loaders first, then the NHS.UK frontend macros."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from seenheard.core.nhs import format_nhs_number
from seenheard.core.plural import FILTERS as PLURAL_FILTERS


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value: Any, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else ""


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    options.setdefault("autoescape", True)
    options["undefined"] = ChainableUndefined  # required by nhsuk-frontend-jinja
    options.setdefault("extensions", ["jinja2.ext.do"])
    env = Environment(  # noqa: S701 (autoescape is set above)
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")])
        if loader
        else PackageLoader("nhsuk_frontend_jinja"),
        **options,
    )
    env.globals.update(
        static=static,
        url=_url,
        csrf_token=get_token,
        get_messages=get_messages,
    )
    env.filters.update(nhs_number=format_nhs_number, date=_date)
    env.filters.update(PLURAL_FILTERS)  # plural, was_were, ... (core/plural.py)
    return env
