"""Why a change to an area's protocol was refused, as typed exceptions (ADR 025).

The services (``protocols.services``) decide every refusal and raise one of these, having
changed nothing. The protocol pages and the ``seenheard protocol`` command each map every type
to their answer in one table. Each carries the form ``field`` it belongs against. The base is a
``ValueError`` so callers written before the refusals were typed still catch it.
"""

from __future__ import annotations

#: The longest reason for a change, and the longest name and description of a list entry.
REASON_MAX = 2000
NAME_MAX = 120
DESCRIPTION_MAX = 1000
CODE_MAX = 40


class ProtocolRefused(ValueError):
    """A change to the protocol was refused; ``message`` says why. Nothing was changed."""

    field = "__all__"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ParameterUnknown(ProtocolRefused):
    """No number or list of the protocol has this key (the same answer for one the actor may
    not change: the page shows "not found")."""

    def __init__(self, key: str) -> None:
        super().__init__(f"The protocol has nothing called {key!r}.")
        self.key = key


class ChangeNotAllowed(ProtocolRefused):
    """The actor may read the protocol but not change it: only the designated professionals of
    the area (a safeguarding lead held at the area itself) change it."""

    def __init__(self) -> None:
        super().__init__(
            "Only the area's designated safeguarding professionals can change its protocol."
        )


class ValueNotWholeNumber(ProtocolRefused):
    field = "value"

    def __init__(self) -> None:
        super().__init__("Enter the new value as a whole number of 1 or more, like 12.")


class ValueTooLarge(ProtocolRefused):
    field = "value"

    def __init__(self, limit: int) -> None:
        super().__init__(f"The new value must be {limit:,} or less.")


class ReasonMissing(ProtocolRefused):
    field = "reason"

    def __init__(self) -> None:
        super().__init__("Say why the protocol is changing: who agreed it, and when.")


class ReasonTooLong(ProtocolRefused):
    field = "reason"

    def __init__(self) -> None:
        super().__init__(f"The reason must be {REASON_MAX:,} characters or fewer.")


class ListEmpty(ProtocolRefused):
    field = "items"

    def __init__(self) -> None:
        super().__init__("The list needs at least one entry.")


class ListEntryIncomplete(ProtocolRefused):
    """An entry lacks its code, name or description (``position`` counts from 1)."""

    def __init__(self, position: int, part: str) -> None:
        super().__init__(f"Entry {position} needs a {part}.")
        self.position = position
        self.field = f"{_PART_FIELDS.get(part, 'code')}_{position}"


class ListEntryTooLong(ProtocolRefused):
    def __init__(self, position: int, part: str, limit: int) -> None:
        super().__init__(f"The {part} of entry {position} must be {limit:,} characters or fewer.")
        self.position = position
        self.field = f"{_PART_FIELDS.get(part, 'code')}_{position}"


class ListCodeInvalid(ProtocolRefused):
    def __init__(self, position: int) -> None:
        super().__init__(
            f"The code of entry {position} may use only small letters, numbers and hyphens, "
            "like early-help."
        )
        self.position = position
        self.field = f"code_{position}"


class ListCodeRepeated(ProtocolRefused):
    def __init__(self, position: int, code: str) -> None:
        super().__init__(f"Entry {position} repeats the code {code!r}: each code must differ.")
        self.position = position
        self.field = f"code_{position}"


_PART_FIELDS = {"code": "code", "name": "name", "description": "description"}
