"""Every refusal of children/errors.py has an exit status in the command's one table (ADR 025)."""

from __future__ import annotations

import inspect

from seenheard.children import errors
from seenheard.children.management.commands.children import REFUSAL_EXITS


def test_every_refusal_has_an_exit_status() -> None:
    kinds = [
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.ChildrenRefused) and kind is not errors.ChildrenRefused
    ]
    assert kinds
    for kind in kinds:
        assert REFUSAL_EXITS[kind] == 2
