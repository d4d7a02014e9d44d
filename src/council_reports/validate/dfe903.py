"""The DfE's own SSDA903 validation rules, as a check on the bundled (synthetic) return.

The rules ship as the csc-validator-be-903 package, which pins pandas<2, so they run in their
own environment (.venv-903, made by `make validate-903`), never in the report's. Run this file
with that environment's Python, on the folder holding one sub-folder per collection year:

    .venv-903/bin/python src/council_reports/validate/dfe903.py data/iro/ssda903

Each year is checked with its own ruleset (the oldest the package has, lac2022_23, for years
before it) and with the year before as the validator's "previous year", so the rules that
compare years run too. It prints one line per rule broken: the year, the rule code, how many
rows break it, and its message; the exit status is 1 if any rule is broken.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from pathlib import Path

import pandas as pd

OLDEST_RULESET = "lac2022_23"
SEX_FILES = ("header.csv", "uasc.csv")


def ruleset(year: str) -> str:
    """The package's ruleset for a collection year named like 2024-25."""
    name = "lac" + year.replace("-", "_")
    try:
        importlib.import_module(f"lac_validator.rules.{name}")
    except ModuleNotFoundError:
        return OLDEST_RULESET
    return name


def _files(folder: Path, description: str, sex_codes: bool = False) -> list[dict[str, object]]:
    """The folder's CSVs as the validator takes them; with ``sex_codes``, 1/2 written as M/F."""
    files = []
    for path in sorted(folder.glob("*.csv")):
        content = path.read_bytes()
        if sex_codes and path.name in SEX_FILES:
            frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
            frame["SEX"] = frame["SEX"].replace({"1": "M", "2": "F"})
            content = frame.to_csv(index=False).encode()
        files.append({"name": path.name, "description": description, "file_content": content})
    return files


def validate(
    folder: Path, previous: Path | None = None, la: str = "E06000022"
) -> list[tuple[str, int, str]]:
    """(rule code, rows, message) for every DfE rule the return in ``folder`` breaks."""
    import lac_validator.lac_validator as lac
    from lac_validator.report import Report

    registry = importlib.import_module(f"lac_validator.rules.{ruleset(folder.name)}").registry
    # SEX became M/F in 2024-25: the previous year's 1/2 are compared as M/F (rule 202)
    recoded = folder.name >= "2024-25"
    files = _files(folder, "This year") + (
        _files(previous, "Prev year", sex_codes=recoded) if previous else []
    )
    with contextlib.redirect_stdout(io.StringIO()):  # some rules print their workings
        validator = lac.LacValidator(
            metadata={"collectionYear": "20" + folder.name[-2:], "localAuthority": la},
            files=files,
            registry=registry,
            selected_rules=None,
        )
    report = Report(validator.ds_results, registry)
    if not any(column.startswith("ERR_") for column in report.report.columns):
        return []
    issues = lac.create_issue_df(report.report, report.error_report)
    counts = issues.groupby(["rule_code", "rule_description"]).size()
    return [(str(code), int(n), message.strip()) for (code, message), n in counts.items()]


def main(root: Path) -> int:
    years = sorted(p for p in root.iterdir() if p.is_dir())
    broken = 0
    for previous, folder in zip([None, *years], years, strict=False):
        for code, rows, message in validate(folder, previous):
            print(f"{folder.name}\t{code}\t{rows}\t{message}")
            broken += 1
    print(f"{broken} DfE 903 rule(s) broken in {len(years)} years")
    return 1 if broken else 0


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)
    sys.exit(main(Path(sys.argv[1])))
