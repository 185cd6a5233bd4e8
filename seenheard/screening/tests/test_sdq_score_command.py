"""``seenheard sdq score``: paper SDQs scored in bulk (R-OUT-3), bad cells reported with
file, line and column and nothing written."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from seenheard.screening.batch import HEADER, IMPACT_COLUMNS, OUTPUT_HEADER

ALL_ONES = ",".join(["1"] * 25)


def write(tmp_path: Path, *rows: str, impact: bool = False) -> Path:
    header = ",".join([*HEADER, *(IMPACT_COLUMNS if impact else ())])
    path = tmp_path / "sdqs.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def score(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("sdq", "score", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_scores_each_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "A1," + ALL_ONES,
        "A2," + "," * 24,
        "A3,0,2,2,0,2,2,0,2,0,2,0,2,2,0,2,2,0,2,2,0,0,2,2,2,0",
    )
    out, _ = score(path)
    lines = out.splitlines()
    assert lines[0] == ",".join(OUTPUT_HEADER)
    assert lines[1] == "A1,5,5,5,5,5,20,10,10,,concern"
    assert lines[2] == "A2,,,,,,,,,,"
    assert lines[3] == "A3,10,10,10,10,0,40,20,20,,concern"


def test_bands_follow_the_informant(tmp_path: Path) -> None:
    # Emotional 4 + conduct 3 + hyperactivity 4 + peer 3 = 14; the reverse-scored items
    # (7, 11, 14, 21, 25) are ticked "Certainly true", so they count 0.
    given = {3: 2, 8: 2, 5: 2, 12: 1, 2: 2, 10: 2, 6: 2, 19: 1} | dict.fromkeys(
        (7, 11, 14, 21, 25), 2
    )
    ticks = [str(given.get(n, 0)) for n in range(1, 26)]
    path = write(tmp_path, "X," + ",".join(ticks))
    carer, _ = score(path)
    teacher, _ = score(path, "--informant", "teacher")
    self_report, _ = score(path, "--informant", "self")
    assert carer.splitlines()[1] == "X,4,3,4,3,0,14,7,7,,borderline"
    assert teacher.splitlines()[1].endswith(",14,7,7,,borderline")
    assert self_report.splitlines()[1].endswith(",14,7,7,,normal")


def test_impact_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path, "I1," + ALL_ONES + ",2,3,2,1,0,3", "I2," + ALL_ONES + ",0,,,,,", impact=True
    )
    out, _ = score(path)
    assert out.splitlines()[1].endswith(",20,10,10,5,concern")  # 2 + 1 + 0 + 0 + 2
    assert out.splitlines()[2].endswith(",20,10,10,0,concern")
    teacher, _ = score(path, "--informant", "teacher")
    assert teacher.splitlines()[1].endswith(",20,10,10,2,concern")  # distress 2, classroom 0


def test_every_bad_cell_reported_nothing_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "B1," + ALL_ONES,
        "B2,3," + ",".join(["1"] * 23) + ",yes",
        "B3," + ALL_ONES + ",4,1,1,1,1,x",
        impact=False,
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("sdq", "score", str(path), stdout=out, stderr=err)
    assert refused.value.returncode == 2
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f'{path}:3:2: item1 is "3": an answer is 0 (Not true), 1 (Somewhat true) or '
        "2 (Certainly true), or empty.",
        f'{path}:3:26: item25 is "yes": an answer is 0 (Not true), 1 (Somewhat true) or '
        "2 (Certainly true), or empty.",
        f"{path}:4:27: this row has 32 cell(s); the header has 26.",
    ]
    assert "3 problems" in str(refused.value)


def test_bad_impact_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "C1," + ALL_ONES + ",4,1,1,1,1,yes", impact=True)
    with pytest.raises(CommandError):
        score(path)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sdq", "score", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f'{path}:2:27: difficulties is "4": difficulties is 0 (No), 1 (minor), 2 (definite) '
        "or 3 (severe), or empty.",
        f'{path}:2:32: leisure is "yes": an answer is 0 (Not at all) to 3 (A great deal), '
        "or empty.",
    ]


def test_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("id,item1,item 2\nx,1,1\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sdq", "score", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        err.getvalue().strip() == f'{path}:1:3: the header should say "item2" here, not "item 2".'
    )


def test_missing_file_and_empty_id(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="there is no file"):
        score(tmp_path / "absent.csv")
    path = write(tmp_path, " ," + ALL_ONES)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sdq", "score", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{path}:2:1: the id is empty."


def test_the_console_script_exits_2_with_nothing_on_stdout(tmp_path: Path) -> None:
    path = write(tmp_path, "D1,3," + ",".join(["1"] * 24))
    done = subprocess.run(
        [sys.executable, "-m", "seenheard", "sdq", "score", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f'{path}:2:2: item1 is "3"' in done.stderr
