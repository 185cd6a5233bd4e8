"""The pure access rules in ``access.rules`` (R-FLAG-10), without the database. The review
route's own tests are in test_break_glass_review_route.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.access.rules import break_glass_reason_problem


@pytest.mark.parametrize("reason", ["", "   ", "\n\t "])
def test_emergency_access_without_a_reason_is_refused_asking_for_one(reason: str) -> None:
    assert break_glass_reason_problem(reason) == (
        "Enter the reason you need emergency access to this child's record."
    )


def test_a_short_reason_is_refused_saying_how_long_and_who_reads_it() -> None:
    problem = break_glass_reason_problem("  unwell  ")
    assert problem is not None
    assert "at least 10 characters" in problem
    assert "reviews emergency access will read it" in problem


def test_the_length_is_counted_without_the_spaces_around_it() -> None:
    assert break_glass_reason_problem("   123456789   ") is not None
    assert break_glass_reason_problem("   1234567890   ") is None


def test_a_stated_reason_is_accepted() -> None:
    assert break_glass_reason_problem("Brought in unconscious, no adult with him.") is None


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
def test_a_reason_is_accepted_exactly_when_long_enough_once_trimmed(
    reason: str, minimum: int
) -> None:
    problem = break_glass_reason_problem(reason, minimum_length=minimum)
    assert (problem is None) == (len(reason.strip()) >= minimum)
