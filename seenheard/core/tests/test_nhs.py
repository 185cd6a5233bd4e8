"""NHS numbers: one place decides what is valid, and says why not in plain English
(issue 2, item 5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from nhs_number.constants import REGION_SYNTHETIC
from nhs_number.generate import generate
from nhs_number.validate import is_valid

from seenheard.core.nhs import (
    InvalidNhsNumber,
    format_nhs_number,
    is_valid_nhs_number,
    normalise_nhs_number,
    validate_nhs_number,
)


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),  # as printed on letters
        (" 943 476 5919 ", "9434765919"),
        ("943-476-5919", "9434765919"),
        ("9990000018", "9990000018"),  # the demo's Amelia Hart (test range)
    ],
)
def test_a_valid_nhs_number_is_accepted_however_it_is_spaced(typed: str, digits: str) -> None:
    assert normalise_nhs_number(typed) == digits
    assert is_valid_nhs_number(typed)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Enter an NHS number."),
        ("   ", "Enter an NHS number."),
        ("943476591", "must be 10 digits; this has 9"),
        ("94347659190", "must be 10 digits; this has 11"),
        ("943476591X", "must contain only numbers"),
        ("9434765918", "the check digit does not match"),  # one digit wrong
        ("9990000000", "the check digit does not match"),  # check digit would be 10
        ("0000000000", "not a valid NHS number"),  # passes the checksum, never issued
        ("1111111111", "not a valid NHS number"),
        ("9999999999", "not a valid NHS number"),
    ],
)
def test_an_invalid_nhs_number_is_refused_with_a_plain_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidNhsNumber, match=reason):
        normalise_nhs_number(typed)
    assert not is_valid_nhs_number(typed)


def test_the_model_validator_gives_the_same_plain_message() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nhs_number("9434765918")
    assert "check digit does not match" in caught.value.messages[0]
    validate_nhs_number("9434765919")  # no error


def test_an_nhs_number_is_shown_in_three_three_four() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number("12345") == "12345"  # not a full number: shown as it is


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_exactly_one_check_digit_makes_any_nine_digits_valid_or_none_does(prefix: int) -> None:
    nine = f"{prefix:09d}"
    accepted = [d for d in "0123456789" if is_valid_nhs_number(nine + d)]
    assert len(accepted) <= 1
    if accepted and len(set(nine + accepted[0])) > 1:
        assert is_valid(nine + accepted[0])


def test_generated_synthetic_numbers_are_valid() -> None:
    for number in generate(quantity=20, for_region=REGION_SYNTHETIC):
        assert normalise_nhs_number(number) == number
