"""The DfE's SSDA903 validation rules, run for a build on the return years it reads.

The rules ship as the csc-validator-be-903 package, which pins pandas<2, so they run in their
own environment (.venv-903, made by ``make .venv-903/.installed``) as a subprocess of
``validate/dfe903.py``. They take about ten seconds for five years, so each year's result is
kept, keyed by the sha256 of that year's files, the year before's (the rules that compare
years read it), the script and the rules' lock file: a build of unchanged returns reads the
result instead of running them.

    broken = broken_rules(Path("data/iro/ssda903"), ["2023-24", "2024-25"], la="E06000022")
    # None when .venv-903 is missing; else one BrokenRule per rule a year breaks
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..periods import Period
from ..project import Project

SCRIPT = Path(__file__).with_name("dfe903.py")
PYTHON = "COUNCIL_REPORTS_903_PYTHON"  # the rules' interpreter, if not the project's .venv-903
LOCK = "requirements-903.lock"
INSTALL = "make .venv-903/.installed"
TIMEOUT = 600  # seconds: five years take about ten


@dataclass(frozen=True)
class BrokenRule:
    """A DfE rule a year's return breaks: how many records break it, and the first of them."""

    year: str
    rule: str
    message: str
    count: int
    child: str
    file: str
    line: int | None

    def where(self, root: Path) -> Path:
        return root / self.year / self.file


def interpreter() -> Path:
    """The Python of the rules' environment: $COUNCIL_REPORTS_903_PYTHON, else the project's
    .venv-903."""
    if PYTHON in os.environ:
        return Path(os.environ[PYTHON])
    return Project.locate().root / ".venv-903" / "bin" / "python"


def missing_line() -> str:
    """What to say when the rules' environment is missing."""
    return f"the DfE's 903 rules cannot run: {interpreter()} is missing (create it: {INSTALL})"


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(root: Path, year: str, la: str, python: Path) -> str:
    """What a year's result depends on: its files, the year before's, the rules and how they
    are run."""
    previous = root / str(Period.parse(year).previous)
    lock = python.parent.parent.parent / LOCK
    parts = [
        year,
        la,
        _folder_digest(root / year),
        _folder_digest(previous) if previous.is_dir() else "",
        hashlib.sha256(SCRIPT.read_bytes()).hexdigest(),
        hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cache(python: Path) -> Path:
    """Where results are kept: beside the rules' environment, which they depend on."""
    return python.parent.parent / "cache"


def _read(path: Path) -> list[dict[str, object]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _keep(path: Path, found: list[dict[str, object]]) -> None:
    """Keep a result (written beside and renamed, so a reader never sees half of it); a cache
    that cannot be written only costs the next build the time to run the rules again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(found), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def _run(python: Path, root: Path, years: Sequence[str], la: str) -> dict[str, list]:
    """Run the rules on ``years`` in their own environment, in one process."""
    command = [str(python), str(SCRIPT), "--json", str(root), la, *years]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        if done.returncode != 0:
            raise ValueError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
        return json.loads(done.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        raise DataError(
            f"the DfE's 903 rules could not run on it: {str(error)[:200]}",
            file=root,
            hint=f"run make validate-903 to see why; {INSTALL} makes their environment again",
        ) from None


def broken_rules(root: Path, years: Sequence[str], *, la: str) -> list[BrokenRule] | None:
    """The DfE rules each of ``years`` (folders of ``root``) breaks, each checked against the
    year before when there is one; None when the rules' environment is missing."""
    python = interpreter()
    if not python.is_file():
        return None
    cached = {year: _cache(python) / f"{_key(root, year, la, python)}.json" for year in years}
    results = {year: _read(path) for year, path in cached.items()}
    wanted = [year for year, found in results.items() if found is None]
    if wanted:
        for year, found in _run(python, root, wanted, la).items():
            results[year] = found
            _keep(cached[year], found)
    return [
        BrokenRule(
            year=year,
            rule=str(found["rule"]),
            message=str(found["message"]),
            count=int(found["count"]),
            child=str(found["child"]),
            file=str(found["file"]),
            line=found["line"] if isinstance(found["line"], int) else None,
        )
        for year in years
        for found in results[year] or []
    ]


def rule_errors(root: Path, broken: Sequence[BrokenRule], hint: str) -> list[DataError]:
    """One error per broken rule: the file and line of its first record, the rule, how many
    records break it and what it says."""
    return [
        DataError(
            f"breaks the DfE's 903 rule {rule.rule} in {rule.count} record"
            f"{'' if rule.count == 1 else 's'} (first: child {rule.child}): {rule.message}",
            file=rule.where(root),
            row=rule.line,
            hint=hint,
        )
        for rule in broken
    ]
