"""Scoring a file of paper SDQs (R-OUT-3): one row in, one row of scores out, streamed.

The caller decides where scored rows go until the whole file is known to be good (the
command keeps them in a temporary file, so nothing reaches its output when any cell is bad
and memory stays bounded however long the file is).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from seenheard.screening.questionnaires import IMPACT_QUESTIONS, SDQ, Informant, Scale
from seenheard.screening.rules import (
    DIFFICULTIES_VALUES,
    IMPACT_VALUES,
    ITEM_VALUES,
    sdq_band,
    sdq_scores,
)

ITEM_COLUMNS = tuple(f"item{item.number}" for item in SDQ.items)
HEADER = ("id", *ITEM_COLUMNS)
IMPACT_COLUMNS = ("difficulties", *IMPACT_QUESTIONS)
OUTPUT_HEADER = (
    "id",
    "emotional",
    "conduct",
    "hyperactivity",
    "peer",
    "prosocial",
    "total_difficulties",
    "externalising",
    "internalising",
    "impact",
    "total_band",
)
_UNANSWERED = None
_ITEM = {"": _UNANSWERED, **{str(v): v for v in ITEM_VALUES}}
_DIFFICULTIES = {"": _UNANSWERED, **{str(v): v for v in DIFFICULTIES_VALUES}}
_IMPACT = {"": _UNANSWERED, **{str(v): v for v in IMPACT_VALUES}}
_BAD = -1
_NUMBERS = tuple(item.number for item in SDQ.items)


@dataclass(frozen=True)
class CellProblem:
    line: int
    column: int
    message: str

    def located(self, filename: str) -> str:
        """``FILE:LINE:COLUMN: message``, the way compilers report, so editors can jump to it."""
        return f"{filename}:{self.line}:{self.column}: {self.message}"


def _header_problems(header: list[str]) -> Iterator[CellProblem]:
    names = [h.strip() for h in header]
    expected = HEADER if len(names) <= len(HEADER) else (*HEADER, *IMPACT_COLUMNS)
    for column, want in enumerate(expected, start=1):
        found = names[column - 1] if column <= len(names) else None
        if found != want:
            shown = "nothing" if found is None else f'"{found}"'
            yield CellProblem(1, column, f'the header should say "{want}" here, not {shown}.')
            return
    if len(names) > len(expected):
        yield CellProblem(
            1, len(expected) + 1, f"the header has {len(names) - len(expected)} column(s) too many."
        )


def _cell(
    line: int, column: int, name: str, raw: str, allowed: dict[str, int | None], meaning: str
) -> int | CellProblem | None:
    value = allowed.get(raw.strip(), _BAD)
    if value == _BAD:
        return CellProblem(line, column, f'{name} is "{raw}": {meaning}')
    return value


_ITEM_MEANING = "an answer is 0 (Not true), 1 (Somewhat true) or 2 (Certainly true), or empty."
_DIFFICULTIES_MEANING = "difficulties is 0 (No), 1 (minor), 2 (definite) or 3 (severe), or empty."
_IMPACT_MEANING = "an answer is 0 (Not at all) to 3 (A great deal), or empty."


def _row(
    line: int, row: list[str], *, with_impact: bool, informant: Informant
) -> tuple[list[str], list[CellProblem]]:
    """The scored row, or the row's problems (every bad cell in it)."""
    width = len(HEADER) + (len(IMPACT_COLUMNS) if with_impact else 0)
    if len(row) != width:
        return [], [CellProblem(line, min(len(row), width) + 1, _width_message(len(row), width))]
    problems: list[CellProblem] = []
    if not row[0].strip():
        problems.append(CellProblem(line, 1, "the id is empty."))
    ticked = _items(line, row, problems)
    difficulties, impact = _impact_cells(line, row, with_impact, problems)
    if problems:
        return [], problems
    scores = sdq_scores(
        ticked, informant=informant, difficulties=difficulties, impact_answers=impact
    )
    band = sdq_band(Scale.TOTAL, scores.total_difficulties, informant=informant)
    values = (
        scores.emotional,
        scores.conduct,
        scores.hyperactivity,
        scores.peer,
        scores.prosocial,
        scores.total_difficulties,
        scores.externalising,
        scores.internalising,
        scores.impact,
    )
    return [row[0].strip(), *("" if v is None else str(v) for v in values), band or ""], []


def _items(line: int, row: list[str], problems: list[CellProblem]) -> dict[int, int | None]:
    # Every cell looked up at once; cell by cell (stripping spaces, naming the bad ones) only
    # when one is not an answer as written: a million rows take seconds, not minutes.
    values = [_ITEM.get(raw, _BAD) for raw in row[1 : len(HEADER)]]
    if _BAD in values:
        for index, raw in enumerate(row[1 : len(HEADER)]):
            got = _cell(line, index + 2, ITEM_COLUMNS[index], raw, _ITEM, _ITEM_MEANING)
            if isinstance(got, CellProblem):
                problems.append(got)
            else:
                values[index] = got
    return dict(zip(_NUMBERS, values, strict=True))


def _impact_cells(
    line: int, row: list[str], with_impact: bool, problems: list[CellProblem]
) -> tuple[int | None, dict[str, int | None]]:
    if not with_impact:
        return None, {}
    first = len(HEADER) + 1
    difficulties = _cell(
        line, first, "difficulties", row[first - 1], _DIFFICULTIES, _DIFFICULTIES_MEANING
    )
    if isinstance(difficulties, CellProblem):
        problems.append(difficulties)
        difficulties = None
    answers: dict[str, int | None] = {}
    for offset, name in enumerate(IMPACT_QUESTIONS, start=1):
        got = _cell(line, first + offset, name, row[first + offset - 1], _IMPACT, _IMPACT_MEANING)
        if isinstance(got, CellProblem):
            problems.append(got)
        else:
            answers[name] = got
    return difficulties, answers


def _width_message(found: int, width: int) -> str:
    return f"this row has {found} cell(s); the header has {width}."


def sdq_score_rows(
    lines: Iterable[str],
    *,
    informant: Informant,
    write: Callable[[list[str]], object],
    report: Callable[[CellProblem], object],
) -> int:
    """Score every row of a CSV file of SDQs (header ``id,item1..item25`` and optionally the
    impact columns), handing each scored row to ``write`` and each bad cell to ``report``.
    Rows after a bad one are still checked, so every problem is found in one go. Returns the
    number of problems."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        report(CellProblem(1, 1, "the file is empty; it needs a header line."))
        return 1
    header_problems = list(_header_problems(header))
    for problem in header_problems:
        report(problem)
    if header_problems:
        return len(header_problems)
    with_impact = len(header) > len(HEADER)
    write(list(OUTPUT_HEADER))
    count = 0
    for row in reader:
        if not row:
            continue
        scored, problems = _row(reader.line_num, row, with_impact=with_impact, informant=informant)
        for problem in problems:
            report(problem)
        count += len(problems)
        if count == 0:
            write(scored)
    return count
