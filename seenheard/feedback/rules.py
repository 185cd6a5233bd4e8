"""The rules of children's feedback codes (R-VOICE-2), as pure functions.

A code is 16 characters from Crockford's base-32 alphabet (no I, L, O or U, so nothing is
mistaken for a 1, a 0 or a rude word): 80 bits, far beyond guessing at the tries allowed, and
short enough for a child to type from a printed slip. It is shown in four groups of four.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
#: What children type for the letters the alphabet leaves out.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def code_make(choice: Callable[[str], str]) -> str:
    """A new code, each character drawn by ``choice`` (``secrets.choice`` in the service)."""
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def code_shown(code: str) -> str:
    """The code as printed: ``KX7M-P2QD-9RTW-4HNB``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_normalised(typed: str) -> str | None:
    """What the child typed, as the code it means (case, spaces and dashes ignored; O, I and
    L read as 0 and 1), or None when it cannot be a code at all."""
    text = "".join(typed.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def code_hash(code: str) -> str:
    """What is stored: the SHA-256 of the normalised code (an 80-bit code needs no salt)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def code_works(*, expires_at: dt.datetime, used_at: dt.datetime | None, now: dt.datetime) -> bool:
    """R-VOICE-2: a code works once, and only until it expires."""
    return used_at is None and now < expires_at


def tries_exceeded(
    *, from_address: int, from_everywhere: int, per_address: int, overall: int
) -> bool:
    """R-VOICE-2: guessing is limited: a further try is refused once the address, or everyone
    together, has used the tries allowed in the window."""
    return from_address >= per_address or from_everywhere >= overall


def share_percent(part: int, whole: int) -> int | None:
    """A whole percentage, rounded half up; None when there is nothing to share."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)
