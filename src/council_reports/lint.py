"""Find numbers typed by hand in a report's prose.

Numbers reach narrative only through the facts ledger (``{fact_id}`` placeholders), so a digit
in a notebook's Markdown, in a string passed to ``say``/``fill``, or in a cover report's text is
a number nobody checked against the data. Dates, legislation (the Care Act 2014) and declared
constants (statutory timescales,
DfE definitions such as "10% or more") are allowed: the constants are listed in pyproject.toml
under ``[tool.council-reports.lint] constants``.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATES = re.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)? )?({_MONTHS}) \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"
)
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
_LEGISLATION = re.compile(r"\bAct \d{4}\b|\bRegulations \d{4}\b")
_NUMBER = re.compile(r"(?<!\w)\d[\d,.]*%?")  # not codes such as SSDA903 or E13
_PROSE_CALLS = {"say", "fill"}


@dataclass(frozen=True)
class Finding:
    file: Path
    where: str
    number: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.where}: number {self.number!r} typed by hand in prose "
            f"(record it in the ledger and write {{fact_id}}, or declare it as a constant): "
            f"{self.text.strip()[:80]}"
        )


def constants(pyproject: Path) -> tuple[str, ...]:
    """The declared constant phrases, longest first so the longest match is removed first."""
    if not pyproject.is_file():
        return ()
    settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    declared = settings.get("tool", {}).get("council-reports", {}).get("lint", {})
    return tuple(sorted(declared.get("constants", []), key=len, reverse=True))


def hand_typed(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The numbers in ``text`` that come neither from a placeholder, a date nor a constant."""
    for pattern in (_PLACEHOLDER, _LINK, _DATES, _LEGISLATION):
        text = pattern.sub(" ", text)
    for phrase in allowed:
        text = text.replace(phrase, " ")
    return _NUMBER.findall(text)


def _prose_strings(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each literal template passed to say()/fill() in a code cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        first = node.args[0]
        if (
            name in _PROSE_CALLS
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            yield first.lineno, first.value


def lint_notebook(path: Path, allowed: tuple[str, ...]) -> list[Finding]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    findings = []
    for index, cell in enumerate(notebook["cells"], start=1):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            texts = [(n, line) for n, line in enumerate(source.splitlines(), start=1)]
        elif cell["cell_type"] == "code":
            texts = list(_prose_strings(source))
        else:
            continue
        for line, text in texts:
            findings += [
                Finding(path, f"cell {index}:line {line}", number, text)
                for number in hand_typed(text, allowed)
            ]
    return findings


def _yaml_texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _yaml_texts(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for position, item in enumerate(value, start=1):
            yield from _yaml_texts(item, f"{where}[{position}]")


def lint_settings(path: Path, allowed: tuple[str, ...]) -> list[Finding]:
    """The prose of a cover report or a presentation: titles, attachments, sections and slides
    (not the committee details, dates or codes)."""
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = ("title", "report_title", "attachments", "sections", "slides")
    prose = {key: settings.get(key) for key in keys}
    return [
        Finding(path, where, number, text)
        for where, text in _yaml_texts(prose, "")
        for number in hand_typed(text, allowed)
    ]


def lint(root: Path) -> list[Finding]:
    """Every hand-typed number in the project's notebooks, cover reports and presentations."""
    allowed = constants(root / "pyproject.toml")
    findings = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        findings += lint_notebook(path, allowed)
    for folder in ("cover", "slides"):
        for path in sorted((root / "templates" / folder).glob("*.yml")):
            findings += lint_settings(path, allowed)
    return findings
