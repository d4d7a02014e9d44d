"""The DfE's own SSDA903 validation rules, as a check on the bundled (synthetic) return.

The rules ship as the csc-validator-be-903 package, which pins pandas<2, so they run in their
own environment (.venv-903, made by `make validate-903`), never in the report's. Run this file
with that environment's Python, on the folder holding one sub-folder per collection year:

    .venv-903/bin/python src/council_reports/validate/dfe903.py data/iro/ssda903

Each year is checked with its own ruleset (the oldest the package has, lac2022_23, for years
before it) and with the year before as the validator's "previous year", so the rules that
compare years run too. It prints one line per rule broken: the year, the rule code, how many
rows break it, and its message; the exit status is 1 if any rule is broken.

With ``--json ROOT YEAR...`` it checks only those years and prints, as JSON, each year's broken
rules with the first record that breaks each (``validate.rules903`` runs it so for a build).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
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


def _issues(folder: Path, previous: Path | None, la: str) -> pd.DataFrame | None:
    """One row per record that breaks a DfE rule in the return in ``folder`` (rule_code,
    rule_description, child_id, tables_affected, row_id); None when none does."""
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
        return None
    return lac.create_issue_df(report.report, report.error_report)


def validate(
    folder: Path, previous: Path | None = None, la: str = "E06000022"
) -> list[tuple[str, int, str]]:
    """(rule code, rows, message) for every DfE rule the return in ``folder`` breaks."""
    issues = _issues(folder, previous, la)
    if issues is None:
        return []
    counts = issues.groupby(["rule_code", "rule_description"]).size()
    return [(str(code), int(n), message.strip()) for (code, message), n in counts.items()]


def broken(folder: Path, previous: Path | None, la: str) -> list[dict[str, object]]:
    """Each rule the return in ``folder`` breaks: its code, message, how many records break
    it, and the first of them (the child, the file and its line, the header being line 1)."""
    issues = _issues(folder, previous, la)
    if issues is None:
        return []
    found = []
    for (code, message), rows in issues.groupby(["rule_code", "rule_description"], sort=True):
        first = rows.iloc[0]
        table = str(first["tables_affected"]).split(",")[0].strip().lower()
        row = pd.to_numeric(first["row_id"], errors="coerce")
        found.append(
            {
                "rule": str(code),
                "message": str(message).strip(),
                "count": len(rows),
                "child": str(first["child_id"]),
                "file": f"{table}.csv" if table else "",
                "line": None if pd.isna(row) else int(row) + 2,
            }
        )
    return found


def as_json(root: Path, years: list[str], la: str) -> str:
    """The broken rules of each of ``years`` (folders of ``root``), each checked against the
    year before when ``root`` has it."""
    results = {}
    for year in years:
        start = int(year[:4]) - 1
        previous = root / f"{start}-{(start + 1) % 100:02d}"
        results[year] = broken(root / year, previous if previous.is_dir() else None, la)
    return json.dumps(results)


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
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")  # the package's pandas warnings are not ours to show
    if sys.argv[1] == "--json":
        print(as_json(Path(sys.argv[2]), sys.argv[4:], la=sys.argv[3]))
        sys.exit(0)
    sys.exit(main(Path(sys.argv[1])))
