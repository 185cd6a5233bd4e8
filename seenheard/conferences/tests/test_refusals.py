"""ADR 025: every conference refusal has its answer on the pages (R-REF-5)."""

from __future__ import annotations

import inspect

from seenheard.conferences import errors
from seenheard.conferences.views import REFUSAL_PAGES


def test_every_refusal_has_a_row_in_the_pages_table():
    kinds = [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.ConferenceRefused) and obj is not errors.ConferenceRefused
    ]
    assert len(kinds) >= 10
    missing = [k.__name__ for k in kinds if k not in REFUSAL_PAGES]
    assert not missing, f"No page answer for: {missing}"


def test_every_refusal_says_something_plain():
    for kind in REFUSAL_PAGES:
        if kind in (errors.OutsideTimescale, errors.TextRefused):
            continue
        message = kind().message
        assert message.endswith(".") and "_" not in message
