"""The DfE's own SSDA903 validation rules, as a check on the bundled (synthetic) return.

The rules ship as the csc-validator-be-903 package, which pins pandas<2, so they run in their
own environment (.venv-903, made by `make validate-903`), never in the report's. Run this file
with that environment's Python:

    .venv-903/bin/python src/council_reports/validate/dfe903.py data/iro/ssda903/2024-25 lac2024_25

It prints one line per rule broken: the rule code, how many rows break it, and its message.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def validate(folder: Path, ruleset: str, la: str = "E06000022") -> list[tuple[str, int, str]]:
    """(rule code, rows, message) for every DfE rule the return in ``folder`` breaks."""
    import lac_validator.lac_validator as lac
    from lac_validator.report import Report

    files = [
        {"name": p.name, "description": "This year", "file_content": p.read_bytes()}
        for p in sorted(folder.glob("*.csv"))
    ]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    year = "20" + ruleset[-2:]
    validator = lac.LacValidator(
        metadata={"collectionYear": year, "localAuthority": la},
        files=files,
        registry=registry,
        selected_rules=None,
    )
    report = Report(validator.ds_results, registry)
    issues = lac.create_issue_df(report.report, report.error_report)
    if issues.empty:
        return []
    counts = issues.groupby(["rule_code", "rule_description"]).size()
    return [(str(code), int(n), message) for (code, message), n in counts.items()]


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)
    broken = validate(Path(sys.argv[1]), sys.argv[2])
    for code, rows, message in broken:
        print(f"{code}\t{rows}\t{message}")
    print(f"{len(broken)} DfE 903 rule(s) broken")
    sys.exit(1 if broken else 0)
