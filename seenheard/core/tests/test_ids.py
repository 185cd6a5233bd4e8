"""Record ids from outside are parsed strictly (ADR 019): ASCII digits, 1 to 2**63 - 1."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from seenheard.core.ids import MAX_ID, IdConverter, InvalidId, id_or_none, parse_id
from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1), ("12", 12), ("9223372036854775807", MAX_ID), ("1" * 19, int("1" * 19))],
)
def test_ids_are_read(text: str, value: int) -> None:
    assert parse_id(text) == value
    assert id_or_none(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "9223372036854775808",  # 2**63: overflows a 64-bit column
        "9" * 20,
        "\uff11\uff12",  # full-width 12: str.isdigit() and int() accept it
        "\u0661\u0662",  # Arabic-Indic 12
        "\u00b2",  # superscript two: isdigit() is True, int() fails
        "0",
        "012",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1_000",
        "1.0",
        "",
        None,
        12,
    ],
    ids=repr,
)
def test_anything_else_is_not_an_id(text: object) -> None:
    with pytest.raises(InvalidId):
        parse_id(text)
    assert id_or_none(text) is None


def test_the_path_converter_is_registered_as_id() -> None:
    assert reverse("web:child-summary", args=[12]) == "/children/12/"
    assert resolve("/children/12/").kwargs == {"child_id": 12}
    with pytest.raises(Resolver404):
        resolve("/children/9223372036854775808/")
    with pytest.raises(ValueError):
        IdConverter().to_url(0)


def test_nhs_numbers_in_full_width_digits_are_refused() -> None:
    wide = "".join(chr(0xFF10 + int(d)) for d in "9990000018")
    with pytest.raises(InvalidNhsNumber, match="only numbers"):
        normalise_nhs_number(wide)


def test_no_url_pattern_takes_ids_with_django_s_int_converter():
    """Issue 7 section 2: ``<int:...>`` takes any run of digits (20 of them overflowed); every
    id in an address goes through ``<id:...>``, which parses strictly. New routes included."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def routes(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from routes(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route

    loose = [r for r in routes(get_resolver().url_patterns) if "<int:" in r]
    assert loose == []
