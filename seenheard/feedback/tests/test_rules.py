"""Feedback code rules (R-VOICE-2), without the database."""

from __future__ import annotations

import datetime as dt
import math
import secrets

from hypothesis import given
from hypothesis import strategies as st

from seenheard.feedback import rules

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def test_a_code_has_80_bits_and_is_shown_in_groups_of_four():
    code = rules.code_make(secrets.choice)
    assert len(code) == 16 and set(code) <= set(rules.ALPHABET)
    assert math.log2(len(rules.ALPHABET)) * rules.LENGTH == 80
    shown = rules.code_shown(code)
    assert len(shown) == 19 and shown.count("-") == 3
    assert not set("ILOU") & set(rules.ALPHABET)


@given(st.text(alphabet=rules.ALPHABET, min_size=16, max_size=16))
def test_what_a_child_types_is_read_kindly(code):
    assert rules.code_normalised(code) == code
    assert rules.code_normalised(rules.code_shown(code).lower()) == code
    assert rules.code_normalised(" " + rules.code_shown(code).replace("-", " ") + " ") == code


def test_lookalike_letters_and_nonsense():
    assert rules.code_normalised("oooo-iiii-llll-0000") == "0000111111110000"
    assert rules.code_normalised("ABCD") is None
    assert rules.code_normalised("ABCD-EFGH-JKMN-PQRU") is None  # U is not in the alphabet
    assert rules.code_normalised("<script>alert(1)</script>") is None
    assert rules.code_normalised("\uff21" * 16) is None  # full-width A


def test_the_hash_is_not_the_code():
    code = "KX7MP2QD9RTW4HNB"
    assert rules.code_hash(code) != code and len(rules.code_hash(code)) == 64
    assert rules.code_hash(code) == rules.code_hash(code)


def test_a_code_works_once_and_until_it_expires():
    later = NOW + dt.timedelta(days=14)
    assert rules.code_works(expires_at=later, used_at=None, now=NOW)
    assert not rules.code_works(expires_at=later, used_at=NOW, now=NOW)
    assert not rules.code_works(expires_at=NOW, used_at=None, now=NOW)


@given(st.integers(0, 50), st.integers(0, 1000), st.integers(1, 50), st.integers(1, 1000))
def test_tries_are_limited_per_address_and_overall(address, everyone, per_address, overall):
    exceeded = rules.tries_exceeded(
        from_address=address, from_everywhere=everyone, per_address=per_address, overall=overall
    )
    assert exceeded == (address >= per_address or everyone >= overall)
