"""Why recording a child's voice was refused (ADR 025): one base, one type per reason.

The pages show each problem against its field; the API names each element; nothing is stored.
"""

from __future__ import annotations

from seenheard.voice.rules import VoiceProblem


class VoiceRefused(Exception):
    """The child's voice was not recorded. ``message`` says why in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VoiceIncomplete(VoiceRefused):
    """Neither words nor a reason, or words with no way they were heard, or too long: every
    problem at once, each against its field (``voice.rules.voice_problems``)."""

    def __init__(self, problems: list[VoiceProblem]) -> None:
        super().__init__(problems[0].message if problems else "The child's voice is incomplete.")
        self.problems = problems


class VoiceChildNotFound(VoiceRefused):
    """No such child, or one the actor may not see: the same answer (DESIGN rule 2)."""

    def __init__(self) -> None:
        super().__init__("No such child was found.")


class VoiceRecordKindUnknown(VoiceRefused):
    """A record kind not in ``voice.kinds`` (a programming slip, never a person's)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"Records of kind {kind!r} do not hold a child's voice.")
        self.kind = kind
