"""Reading the council's SSDA903 Header and Episodes tables (issue 11 item 1).

The DfE's own columns and dd/mm/yyyy dates; the Header table carries one more column,
NHS_NUMBER, and may carry UASC (0 or 1, as the DfE's Header did before the UASC table). Every
bad cell is reported with its file, line and column; a file with bad columns is reported once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.lac_health import codes
from seenheard.lac_health.errors import FileProblem

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "NHS_NUMBER")
HEADER_OPTIONAL = ("UASC",)
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
MAX_BYTES = 50 * 1024 * 1024
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class HeaderRow:
    line: int
    child_ref: str
    sex: str
    dob: dt.date
    ethnic: str
    upn: str
    mother: str
    mc_dob: dt.date | None
    nhs_number: str
    uasc: bool


@dataclass(frozen=True)
class EpisodeRow:
    line: int
    child_ref: str
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: dt.date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str


def parse_dmy(text: str) -> dt.date | None:
    """A dd/mm/yyyy date, or None when it is not one."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


class _Cells:
    """One row's cells, collecting a problem for each bad one."""

    def __init__(self, file: str, line: int, names: tuple[str, ...], row: list[str]) -> None:
        self.file, self.line, self.names = file, line, names
        self.cells = {name: row[i].strip() for i, name in enumerate(names) if i < len(row)}
        self.problems: list[FileProblem] = []

    def bad(self, name: str, message: str) -> None:
        column = self.names.index(name) + 1
        self.problems.append(FileProblem(self.file, self.line, column, name, message))

    def text(self, name: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.cells.get(name, "")
        if required and not value:
            self.bad(name, "This must not be blank.")
        elif max_length and len(value) > max_length:
            self.bad(name, f"This must be at most {max_length} characters.")
        return value

    def code(self, name: str, allowed: object, *, required: bool = True) -> str:
        value = self.cells.get(name, "").upper()
        if not value:
            if required:
                self.bad(name, "This must not be blank.")
        elif value not in allowed:  # type: ignore[operator]
            self.bad(name, f"'{value}' is not one of the DfE's codes for {name}.")
        return value

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.cells.get(name, "")
        if not value:
            if required:
                self.bad(name, "Enter a date as dd/mm/yyyy.")
            return None
        parsed = parse_dmy(value)
        if parsed is None:
            self.bad(name, f"'{value}' is not a date as dd/mm/yyyy.")
        return parsed


def _rows(
    content: bytes, file: str, expected: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[tuple[str, ...], Iterator[tuple[int, list[str]]], list[FileProblem]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (), iter(()), [FileProblem(file, 1, 0, "", "The file is not UTF-8 text.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    first = next(reader, None)
    names = tuple(c.strip().upper() for c in first or [])
    if names[: len(expected)] != expected or any(n not in optional for n in names[len(expected) :]):
        return (), iter(()), [_columns_problem(file, names, expected)]
    return names, ((reader.line_num, row) for row in reader if any(c.strip() for c in row)), []


def _columns_problem(file: str, names: tuple[str, ...], expected: tuple[str, ...]) -> FileProblem:
    for i, want in enumerate(expected):
        got = names[i] if i < len(names) else ""
        if got != want:
            shown = f"'{got}'" if got else "nothing"
            return FileProblem(file, 1, i + 1, want, f"Column {i + 1} must be {want}, not {shown}.")
    extra = names[len(expected)]
    return FileProblem(
        file, 1, len(expected) + 1, extra, f"'{extra}' is not a column of this table."
    )


def _width(cells: _Cells, row: list[str]) -> bool:
    if len(row) != len(cells.names):
        cells.problems.append(
            FileProblem(
                cells.file,
                cells.line,
                0,
                "",
                f"This row has {len(row)} values; the table has {len(cells.names)} columns.",
            )
        )
        return False
    return True


def _header_row(cells: _Cells) -> HeaderRow | None:
    child_ref = cells.text("CHILD", required=True, max_length=10)
    sex = cells.code("SEX", codes.SEX)
    dob = cells.date("DOB")
    ethnic = cells.code("ETHNIC", codes.ETHNIC)
    upn = cells.text("UPN", max_length=13)
    mother = cells.code("MOTHER", codes.MOTHER, required=False)
    mc_dob = cells.date("MC_DOB", required=False)
    nhs_number = _nhs(cells)
    uasc = cells.code("UASC", {"0", "1"}, required=False) if "UASC" in cells.names else ""
    if cells.problems or dob is None:
        return None
    return HeaderRow(
        cells.line, child_ref, sex, dob, ethnic, upn, mother, mc_dob, nhs_number, uasc == "1"
    )


def _nhs(cells: _Cells) -> str:
    try:
        return normalise_nhs_number(cells.cells.get("NHS_NUMBER", ""))
    except InvalidNhsNumber as exc:
        cells.bad("NHS_NUMBER", str(exc))
        return ""


def _episode_row(cells: _Cells) -> EpisodeRow | None:
    child_ref = cells.text("CHILD", required=True, max_length=10)
    decom = cells.date("DECOM")
    rne = cells.code("RNE", codes.RNE)
    ls = cells.code("LS", codes.LS)
    cin = cells.code("CIN", codes.CIN)
    place = cells.code("PLACE", codes.PLACE)
    provider = cells.code("PLACE_PROVIDER", codes.PLACE_PROVIDER, required=False)
    dec = cells.date("DEC", required=False)
    rec = cells.code("REC", codes.REC, required=False)
    if bool(cells.cells.get("DEC")) != bool(rec):  # DfE rule 148
        cells.bad("REC", "The date and the reason the episode ceased go together: give both.")
    change = cells.code("REASON_PLACE_CHANGE", codes.REASON_PLACE_CHANGE, required=False)
    posts = [cells.text(n, max_length=8).upper() for n in ("HOME_POST", "PL_POST", "URN")]
    if cells.problems or decom is None:
        return None
    return EpisodeRow(
        cells.line, child_ref, decom, rne, ls, cin, place, provider, dec, rec, change, *posts
    )


def _parse(
    content: bytes,
    file: str,
    expected: tuple[str, ...],
    optional: tuple[str, ...],
    build: Callable[[_Cells], HeaderRow | EpisodeRow | None],
) -> tuple[list[HeaderRow | EpisodeRow], list[FileProblem], list[tuple[int, str]]]:
    """The rows that could be read, every problem, and the line and CHILD of each row that
    could not (so that a child missing from the Header table is still reported)."""
    names, rows, problems = _rows(content, file, expected, optional)
    parsed: list[HeaderRow | EpisodeRow] = []
    unread: list[tuple[int, str]] = []
    for line, row in rows:
        cells = _Cells(file, line, names, row)
        built = build(cells) if _width(cells, row) else None
        problems.extend(cells.problems)
        if built is not None:
            parsed.append(built)
        elif cells.cells.get("CHILD"):
            unread.append((line, cells.cells["CHILD"]))
    return parsed, problems, unread


def parse_header(content: bytes, file: str) -> tuple[list[HeaderRow], list[FileProblem]]:
    rows, problems, _ = _parse(content, file, HEADER_COLUMNS, HEADER_OPTIONAL, _header_row)
    return [r for r in rows if isinstance(r, HeaderRow)], problems


def parse_episodes(
    content: bytes, file: str
) -> tuple[list[EpisodeRow], list[FileProblem], list[tuple[int, str]]]:
    rows, problems, unread = _parse(content, file, EPISODE_COLUMNS, (), _episode_row)
    return [r for r in rows if isinstance(r, EpisodeRow)], problems, unread


@dataclass(frozen=True)
class EpisodeInput:
    """One child's Header details and one episode, as the form and the API give them."""

    child_ref: str
    nhs_number: str
    sex: str
    date_of_birth: dt.date
    ethnic: str
    uasc: bool
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str = ""
    dec: dt.date | None = None
    rec: str = ""
    reason_place_change: str = ""
    home_post: str = ""
    pl_post: str = ""
    urn: str = ""
    upn: str = ""
    mother: str = ""


def _dmy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def check_episode_input(
    data: EpisodeInput,
) -> tuple[HeaderRow, EpisodeRow, list[FileProblem]]:
    """One child's details and episode, from the form or the API, checked exactly as a row of
    each file is."""
    header = [
        data.child_ref,
        data.sex,
        _dmy(data.date_of_birth),
        data.ethnic,
        data.upn,
        data.mother,
        "",
        data.nhs_number,
        "1" if data.uasc else "0",
    ]
    h_cells = _Cells("form", 1, (*HEADER_COLUMNS, *HEADER_OPTIONAL), header)
    h = _header_row(h_cells)
    episode = [
        data.child_ref,
        _dmy(data.decom),
        data.rne,
        data.ls,
        data.cin,
        data.place,
        data.place_provider,
        _dmy(data.dec),
        data.rec,
        data.reason_place_change,
        data.home_post,
        data.pl_post,
        data.urn,
    ]
    e_cells = _Cells("form", 1, EPISODE_COLUMNS, episode)
    e = _episode_row(e_cells)
    problems = h_cells.problems + e_cells.problems
    if h is None or e is None:
        return _EMPTY_HEADER, _EMPTY_EPISODE, problems
    return h, e, problems


_EMPTY_HEADER = HeaderRow(0, "", "", dt.date.min, "", "", "", None, "", False)
_EMPTY_EPISODE = EpisodeRow(0, "", dt.date.min, "", "", "", "", "", None, "", "", "", "", "")
