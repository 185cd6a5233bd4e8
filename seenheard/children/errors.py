"""Why a change to children's records was refused, as typed exceptions (ADR 025).

The demographics import (``children.services.children_import``) is the one today: it raises
one of these, having written nothing, and the command line maps each type to its exit status in
one table (``children.management.commands.children.REFUSAL_EXITS``); a test reads this module so
that a new refusal fails until the command says how it answers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seenheard.children.import_checks import ImportProblem


class ChildrenRefused(Exception):
    """A change to children's records was refused; ``message`` says why. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRowsInvalid(ChildrenRefused):
    """The demographics file has problems, every one of them in ``problems`` (each with its
    line and column); nothing was imported."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        count = len(problems)
        super().__init__(
            f"nothing was imported: {count} problem{'s' if count != 1 else ''} to fix first."
        )
        self.problems = list(problems)
