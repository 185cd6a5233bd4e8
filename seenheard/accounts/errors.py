"""Why an action on a staff account was refused, as typed exceptions (ADR 022).

The pages and the command line each map these to their own answer: a field error or a "not
found" page on the pages, a plain sentence and exit status 2 on the command line. Every message
is plain English, naming people, organisations and roles, never ids.
"""

from __future__ import annotations


class AccountError(ValueError):
    """A plain-English reason an account or organisation could not be created or changed, for
    the form field (or command-line option) ``field``. ``problems`` holds every reason found at
    once, this one first, so a form can show them all together (issue 7)."""

    def __init__(self, field: str, message: str, *, more: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.problems: tuple[tuple[str, str], ...] = ((field, message), *more)

    @classmethod
    def of(cls, problems: list[tuple[str, str]]) -> AccountError:
        """One error carrying every problem (at least one)."""
        (field, message), *more = problems
        return cls(field, message, more=tuple(more))


class AccountRefused(Exception):
    """An action on a member of staff was refused; the message says why. Nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PersonNotFound(AccountRefused):
    """No such person, or not one this administrator looks after: the same answer (DESIGN
    rule 2)."""

    def __init__(self) -> None:
        super().__init__("No member of staff you look after was found. Check and try again.")


class OwnAccount(AccountRefused):
    """An administrator may not disable their own account: nobody would be left signed in to
    undo it."""


class NothingToChange(AccountRefused):
    """The account is already as asked (enabled, disabled, not locked out, no two-factor set
    up): nothing was done, and the message says how the account stands."""
