"""NHS numbers: one place that decides what is a valid one and how it is shown."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from nhs_number.validate import is_valid as checksum_is_valid

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"

# Checksum-valid but never issued: refuse them (nhs_number.is_valid accepts them).
_NEVER_ISSUED = {str(d) * 10 for d in range(10)}


class InvalidNhsNumber(ValueError):
    """The text is not a valid NHS number; the message says why in plain English."""


def normalise_nhs_number(text: str) -> str:
    """Return the 10 digits of a valid NHS number, or raise InvalidNhsNumber."""
    cleaned = (text or "").strip().replace(" ", "").replace("-", "")
    if not cleaned:
        raise InvalidNhsNumber("Enter an NHS number.")
    # isascii too: str.isdigit() accepts full-width and other scripts' digits (ADR 019).
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidNhsNumber("An NHS number must contain only numbers (spaces are allowed).")
    if len(cleaned) != 10:
        raise InvalidNhsNumber(f"An NHS number must be 10 digits; this has {len(cleaned)}.")
    if cleaned in _NEVER_ISSUED or not checksum_is_valid(cleaned):
        raise InvalidNhsNumber(
            "This is not a valid NHS number: the check digit does not match. "
            "Check it and try again."
        )
    return cleaned


def is_valid_nhs_number(text: str) -> bool:
    try:
        normalise_nhs_number(text)
    except InvalidNhsNumber:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    """'9434765919' -> '943 476 5919', the way NHS staff read it."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def validate_nhs_number(value: str) -> None:
    """Django field validator."""
    try:
        normalise_nhs_number(value)
    except InvalidNhsNumber as exc:
        raise ValidationError(str(exc), code="invalid_nhs_number") from None
