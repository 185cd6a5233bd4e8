"""Benchmark for ``seenheard sdq score`` (issue 11): seconds and peak memory for a file of
1,000,000 questionnaires, through the console script as a council would run it.

    .venv/bin/python bench/sdq_score.py [--rows 1000000] [--impact]

The file is synthetic and deterministic (seeded): about one answer in twenty left blank, so
some subscales are scored from 3 or 4 answers and some are missing. Prints one line of
figures; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["id", *(f"item{n}" for n in range(1, 26))]
IMPACT = ["difficulties", "distress", "home", "friendships", "classroom", "leisure"]


def make_file(path: Path, rows: int, *, impact: bool) -> None:
    rng = random.Random(11)
    choices = ["0", "1", "2"] * 6 + [""]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER + (IMPACT if impact else []))
        for n in range(rows):
            row = [f"Q{n:07d}", *rng.choices(choices, k=25)]
            if impact:
                row += [rng.choice("0123"), *rng.choices("0123", k=5)]
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--impact", action="store_true", help="include the impact columns")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sdqs.csv"
        made = time.perf_counter()
        make_file(source, args.rows, impact=args.impact)
        made = time.perf_counter() - made
        started = time.perf_counter()
        with (Path(tmp) / "scores.csv").open("wb") as sink:
            done = subprocess.run(
                [sys.executable, "-m", "seenheard", "sdq", "score", str(source)],
                stdout=sink,
                stderr=subprocess.PIPE,
                check=False,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(done.stderr.decode()[-2000:])
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kib = usage.ru_maxrss
        lines = sum(1 for _ in (Path(tmp) / "scores.csv").open(encoding="utf-8")) - 1
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "impact": args.impact,
                    "input_mb": round(source.stat().st_size / 1e6, 1),
                    "rows_out": lines,
                    "seconds": round(seconds, 1),
                    "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                    "rows_per_second": round(args.rows / seconds),
                    "peak_rss_mb": round(peak_kib / 1024, 1),
                    "file_made_in_seconds": round(made, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
