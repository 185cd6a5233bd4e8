"""Refusals of looked-after children's health (ADR 025): one base, one subclass per reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileProblem:
    """One bad cell or row of an SSDA903 file: where it is and what is wrong."""

    file: str
    line: int
    column: int  # 1-based; 0 for the whole row
    column_name: str
    message: str

    def __str__(self) -> str:
        name = f"{self.column_name}: " if self.column_name else ""
        return f"{self.file}:{self.line}:{self.column}: {name}{self.message}"


class LacRefused(Exception):
    """A change to a looked-after child's record was refused; nothing changed."""

    message = "This could not be recorded."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class CouncilUnknown(LacRefused):
    """No local authority has that code, or the actor may not act for it (the same answer)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"No local authority you can import for has the code '{code}'.")


class FilesRejected(LacRefused):
    """The SSDA903 files have bad rows: every one is listed; nothing was imported."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__(
            f"The files were not imported: {len(problems)} "
            f"problem{'s' if len(problems) != 1 else ''} to put right. Nothing has changed."
        )


class EpisodeRejected(LacRefused):
    """One child's episode (the form or the API) breaks a rule; ``field`` names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class ChildNotFound(LacRefused):
    """No child the actor may see has that record (not found and not allowed are the same)."""

    message = "No child with that record was found."


class AssessmentRejected(LacRefused):
    """A health assessment breaks a rule; ``field`` names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class PlanRejected(LacRefused):
    """A health plan has objectives with parts missing; ``errors`` maps each field to why."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("The plan was not saved: every objective needs every part.")
