"""Record ids as they arrive from outside: addresses, form fields, FHIR references, the CLI.

Ids here are database keys: whole numbers from 1 to 2**63 - 1 (a 64-bit column). Text that is
anything else cannot name a record, and is refused before it reaches the database (ADR 019).
Python's own ``int()`` and ``str.isdigit()`` are too generous for this: both accept full-width
and other scripts' digits (a full-width "12" is 12), ``int()`` accepts signs, spaces and
underscores, and a 20-digit number overflows the column (a server error, not "not found").
"""

from __future__ import annotations

import re

#: The largest id a 64-bit signed column holds.
MAX_ID = 2**63 - 1

# ASCII digits only, no leading zero (one id, one spelling), at most 19 digits; the range is
# checked after. re.ASCII is belt and braces: [0-9] is already ASCII-only.
_ID = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)


class InvalidId(ValueError):
    """The text is not a record id. A ValueError, so a path converter turns it into a 404."""


def parse_id(text: object) -> int:
    """The id that ``text`` spells, or InvalidId. Whitespace is not trimmed: an id comes from
    a link, a hidden field or a reference written by software, never typed with spaces."""
    if not isinstance(text, str) or not _ID.fullmatch(text):
        raise InvalidId("An id is a whole number from 1 upwards, written in the digits 0 to 9.")
    value = int(text)
    if value > MAX_ID:
        raise InvalidId(f"An id is at most {MAX_ID}.")
    return value


def id_or_none(text: object) -> int | None:
    """The id that ``text`` spells, or None: for callers that answer a bad id exactly as an
    id that names nothing."""
    try:
        return parse_id(text)
    except InvalidId:
        return None


class IdConverter:
    """The path converter ``<id:name>``: use it instead of ``<int:name>`` in every URL pattern.

    ``<int:...>`` matches any run of digits, so ``/children/99999999999999999999/`` reached the
    database and overflowed; this one answers such addresses with the ordinary 404."""

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        return parse_id(value)  # InvalidId is a ValueError: Django answers 404

    def to_url(self, value: int) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            raise ValueError(f"not a record id: {value!r}")
        return str(value)


def id_converter_register() -> None:
    """Make ``<id:...>`` available to URL patterns (called when the core app is ready)."""
    from django.urls import register_converter
    from django.urls.converters import get_converters

    if "id" not in get_converters():
        register_converter(IdConverter, "id")
