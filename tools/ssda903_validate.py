"""Run the Department for Education's SSDA903 validator (csc-validator-be-903) on a folder of
the return's CSV files, in the validator's own environment (``make validator``), never ours:
it pins pandas and numpy far below what the application uses.

    .venv-903/bin/python tools/ssda903_validate.py DIR YYYY ONS_CODE

Prints one line per rule the data fails (code, table, CHILD ids, message) and exits 1 if any
did, 0 if none. Rules that need tables a health return does not carry are skipped by the
validator itself.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from pathlib import Path

logging.disable(logging.CRITICAL)  # the package logs every rule it runs

from lac_validator import lac_validator  # noqa: E402
from lac_validator.report import Report  # noqa: E402
from lac_validator.rules.ruleset_utils import get_year_ruleset  # noqa: E402
from lac_validator.utils import process_uploaded_files  # noqa: E402


def ruleset_year(year: str) -> str:
    """The year itself when this version of the validator has its rules, else the nearest year
    it has (its newest rules for a later year, its oldest for an earlier one), said aloud."""
    rules = Path(lac_validator.__file__).parent / "rules"
    known = sorted(p.name[-2:] for p in rules.glob("lac20*_*") if p.is_dir())
    if not known or year[2:4] in known:
        return year
    nearest = year[:2] + (known[-1] if year[2:4] > known[-1] else known[0])
    print(f"no rules for {year} in this validator; using the {nearest} rules")
    return nearest


def main(folder: str, year: str, la_code: str) -> int:
    paths = sorted(str(p) for p in Path(folder).glob("*.csv"))
    files = process_uploaded_files({"This year": paths})
    year = ruleset_year(year)
    registry = get_year_ruleset(year)
    with contextlib.redirect_stdout(io.StringIO()):  # some rules print as they run
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": year, "localAuthority": la_code},
            files=files,
            registry=registry,
            selected_rules=None,
        )
    report = Report(validator.ds_results, registry)
    failed = report.error_summary[report.error_summary["Error Count"] > 0]
    print(f"tables read: {sorted(validator.dfs)}; rules run: {len(validator.dones)}")
    if len(failed):
        issues = lac_validator.create_issue_df(report.report, report.error_report)
        for _, issue in issues.drop_duplicates(["child_id", "rule_code"]).iterrows():
            print(
                f"rule {issue['rule_code']}: CHILD {issue['child_id']} "
                f"({issue['tables_affected']}): {issue['rule_description']}"
            )
    return 1 if len(failed) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
