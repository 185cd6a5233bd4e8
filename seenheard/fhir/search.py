"""Parsing FHIR search parameters, with plain-English errors naming the parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest

from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.fhir.errors import invalid
from seenheard.fhir.registry import ResourceSupport
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,63}")

# Longest user input echoed back in a diagnostic.
_ECHO_LIMIT = 80


def _echo(text: str) -> str:
    return repr(text if len(text) <= _ECHO_LIMIT else text[:_ECHO_LIMIT] + "...")


@dataclass(frozen=True)
class Token:
    """A token search value, ``system|code``. ``system`` is None when no ``|`` was given."""

    system: str | None
    code: str


def token_parse(raw: str) -> Token:
    if "|" not in raw:
        return Token(system=None, code=raw)
    system, code = raw.split("|", 1)
    return Token(system=system, code=code)


def reject_unknown_params(request: HttpRequest, support: ResourceSupport) -> None:
    """Refuse search parameters this server does not support, rather than silently ignore them
    and return a wider result than the client asked for."""
    for name in request.GET:
        if name not in support.search_param_names:
            supported = ", ".join(sorted(support.search_param_names)) or "none"
            raise invalid(
                f"This server does not support the search parameter {_echo(name)} for "
                f"{support.type}. Supported: {supported}.",
                # Echo the name as an expression only when it could be one.
                expression=[name] if _PARAM_NAME.fullmatch(name) else [],
                code="not-supported",
            )


def single_param(request: HttpRequest, name: str, *, resource: str, example: str) -> str:
    """The one value of a required parameter that must appear exactly once."""
    values = request.GET.getlist(name)
    expression = [f"{resource}.{name}"]
    if not values:
        raise invalid(
            f"Say what to search for: {name}={example}.", expression=expression, code="required"
        )
    if len(values) > 1:
        raise invalid(f"Give one {name}, not {len(values)}.", expression=expression, code="invalid")
    return values[0]


def nhs_number_from_identifier(raw: str, *, expression: str) -> str:
    """The NHS number in an identifier token ``https://fhir.nhs.uk/Id/nhs-number|<number>``."""
    example = f"{NHS_NUMBER_SYSTEM}|9434765919"
    token = token_parse(raw)
    if token.system is None or not token.system.strip():
        raise invalid(
            "Say which kind of identifier this is: write it as system|value, for example "
            f"{example}.",
            expression=[expression],
        )
    if token.system.strip() != NHS_NUMBER_SYSTEM:
        raise invalid(
            f"Patients can only be found by NHS number, so the identifier system must be "
            f"{NHS_NUMBER_SYSTEM}, not {_echo(token.system)}.",
            expression=[expression],
        )
    try:
        return normalise_nhs_number(token.code)
    except InvalidNhsNumber as exc:
        raise invalid(str(exc), expression=[expression], code="value") from None
