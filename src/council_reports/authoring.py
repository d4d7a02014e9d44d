"""An author's mistakes in a report, found before anything is published and reported all at
once, a line each, where JupyterLab shows them (a cell's number among all the notebook's cells,
and its id).

Before the notebook runs (``before_running``): a notebook stored with outputs (refused: they
are the last run's, not this build's, and never belong in git); shortcodes that are not well
formed (``{{ fact x }}``, a missing ``>``), which would be published as they are; numbers typed
by hand in Markdown (``lint``'s finder); a table or figure id the report does not have.

After it has run (``against_ledger``): every fact id the Markdown quotes or depends on, in
passages hidden this year as well as shown ones, and every id the cover report and slides
settings quote, against the ledger of this build. A report records each of its ids in every
year (a symbol such as ``x`` when the figure is absent), so an id missing from the ledger is an
author's mistake in any year, not only the year it shows in.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from .errors import NotebookError, ParameterError, ReportError
from .framework import Report
from .keys import file_state
from .ledger import Ledger
from .lint import HINT, cell_place, constants, markdown_findings
from .present.prose import CONDITIONS, Where, form_errors, unknown_fact, unknown_ids

OUTPUT_CALLS = ("table", "figure")  # report.table("id"), report.figure("id")
STRIP = "strip them with make format (nbstripout), then build again"


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _cells(notebook: Mapping[str, Any], kind: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The cells of a kind, each with its number among all the notebook's cells."""
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell.get("cell_type") == kind:
            yield number, cell


def _where(file: str, number: int, cell: Mapping[str, Any]) -> Where:
    return Where(file, cell=number, cell_id=cell.get("id"))


def before_running(
    source: Mapping[str, Any], file: str, report: Report, root: Path
) -> tuple[list[ReportError], bool]:
    """The mistakes found in the notebook as its author saved it, and whether it can still run
    (a table or figure id the report does not have would stop it). Worked out once per process
    for a notebook's text (and the project's allowed constants): a batch's worker builds the
    same notebook for LA after LA."""
    settings = root / "pyproject.toml"
    text = json.dumps(source, sort_keys=True)
    key = (text, file, report.id, str(root), file_state(settings))
    if key not in _FOUND:
        if len(_FOUND) >= FOUND_KEPT:
            _FOUND.pop(next(iter(_FOUND)))  # the oldest
        _FOUND[key] = _before_running(source, file, report, root)
    found, runnable = _FOUND[key]
    return list(found), runnable


_FOUND: dict[tuple, tuple[list[ReportError], bool]] = {}
FOUND_KEPT = 4  # notebooks whose mistakes a process remembers


def _before_running(
    source: Mapping[str, Any], file: str, report: Report, root: Path
) -> tuple[list[ReportError], bool]:
    found: list[ReportError] = []
    ran = [
        (number, cell)
        for number, cell in _cells(source, "code")
        if cell.get("outputs") or cell.get("execution_count") is not None
    ]
    if ran:
        found.append(
            NotebookError(
                f"is stored with the outputs of a run, in {len(ran)} code cell"
                f"{'s' if len(ran) > 1 else ''} (the first: {cell_place(*ran[0])})",
                file=file,
                hint=STRIP,
            )
        )
    allowed = constants(root / "pyproject.toml")
    for number, cell in _cells(source, "markdown"):
        where = _where(file, number, cell)
        found += form_errors(_source(cell), where)
        found += [
            where.error(f"number {f.number!r} typed by hand in prose: {f.text}", HINT, line)
            for line, f in _typed_numbers(file, _source(cell), allowed)
        ]
    outputs = _output_errors(source, file, report)
    return found + outputs, not outputs


def _typed_numbers(file: str, markdown: str, allowed: tuple[str, ...]) -> list[tuple[int, Any]]:
    """(line, finding) for each number typed by hand in a Markdown cell."""
    return [
        (int(finding.where), finding) for finding in markdown_findings(file, str, markdown, allowed)
    ]


def _output_errors(source: Mapping[str, Any], file: str, report: Report) -> list[ReportError]:
    """Each ``report.table("id")`` or ``report.figure("id")`` whose id the report has no table or
    figure for, with the closest one it has."""
    found: list[ReportError] = []
    for number, cell in _cells(source, "code"):
        try:
            tree = ast.parse(_source(cell))
        except SyntaxError:  # IPython syntax, or broken code: the run says so
            continue
        for node in ast.walk(tree):
            match node:
                case ast.Call(
                    func=ast.Attribute(attr=str() as kind),
                    args=[ast.Constant(value=str() as id), *_],
                ) if kind in OUTPUT_CALLS and (kind, id) not in report.content.outputs:
                    known = sorted(i for k, i in report.content.outputs if k == kind)
                    close = get_close_matches(id, known, n=1, cutoff=0.8)
                    found.append(
                        ParameterError(
                            f"no {kind} {id!r} in this report",
                            file=file,
                            cell=number,
                            cell_id=cell.get("id"),
                            row=node.lineno,
                            hint=f"did you mean {close[0]}?"
                            if close
                            else f"{kind}s: " + ", ".join(known),
                        )
                    )
    return found


def against_ledger(
    source: Mapping[str, Any],
    file: str,
    facts: Ledger,
    settings: Mapping[str, tuple[str, Any]],
) -> list[ReportError]:
    """Every id the notebook's Markdown quotes or depends on, hidden passages included, and
    every id the settings quote (``settings``: each file's name and its settings), that the
    ledger does not hold."""
    found: list[ReportError] = []
    for number, cell in _cells(source, "markdown"):
        found += unknown_ids(_source(cell), facts, _where(file, number, cell))
    for name, value in settings.values():
        found += _settings_errors(value, facts, Where(name), "")
    return found


def _settings_errors(value: Any, facts: Ledger, where: Where, field: str) -> list[ReportError]:
    """The shortcodes and conditions of settings text (cover report, slides), at every depth:
    malformed, or quoting an id the ledger does not hold."""
    here = Where(where.file, field=field or None)
    if isinstance(value, str):
        return [*form_errors(value, here), *unknown_ids(value, facts, here)]
    found: list[ReportError] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            inner = f"{field}.{key}" if field else str(key)
            if key in CONDITIONS and isinstance(item, str):
                ids = item.split() if key.endswith("-hidden") else [item]
                here = Where(where.file, field=inner)
                found += [unknown_fact(id, facts, here) for id in ids if id not in facts]
            else:
                found += _settings_errors(item, facts, where, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            found += _settings_errors(item, facts, where, f"{field}[{index}]")
    return found
