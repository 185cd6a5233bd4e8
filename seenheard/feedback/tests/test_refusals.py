"""ADR 025: every feedback refusal has its answer on the pages (R-VOICE-2)."""

from __future__ import annotations

import inspect

from seenheard.feedback import errors
from seenheard.feedback.views import REFUSAL_PAGES


def test_every_refusal_has_a_row_in_the_pages_table():
    kinds = [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.FeedbackRefused) and obj is not errors.FeedbackRefused
    ]
    missing = [k.__name__ for k in kinds if k not in REFUSAL_PAGES]
    assert len(kinds) >= 5 and not missing, missing
