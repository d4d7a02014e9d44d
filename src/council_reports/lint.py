"""Find numbers typed by hand in anything an author writes for readers.

Numbers reach a report through the facts ledger (``{{< fact id >}}``), so a digit in text an
author wrote is a number nobody checked against the data. The lint reads:

- notebooks' Markdown cells (shortcodes, conditional-div fences, attributes and link targets
  are not prose);
- every string a notebook's code sends into the document, however it is built (literal,
  ``+``, ``%``, f-string, ``.format``, ``"".join``, a name bound earlier): the arguments of
  ``Markdown(...)`` and ``display_markdown(...)``, and of our API's captions, titles, notes,
  sources and labels (``SINKS``);
- the report modules (``src/council_reports/reports/**/*.py``) in the same way, since their
  captions, notes and labels reach the document too;
- cover report and slides settings (each report folder's ``cover.yml`` and ``slides.yml``);
- the reasons in ``data/*/published.csv``.

Allowed: dates (13 October 2025), Acts and Regulations with their year, codes (SSDA903, E13,
s20), ordered-list and footnote markers, and the constant phrases declared in pyproject.toml
under ``[tool.council-reports.lint] constants`` (definitions, statutory timescales).
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import json
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, NotebookError
from .yamlfile import compose

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Spans that are not prose, blanked (same length, newlines kept) before numbers are looked for.
_NOT_PROSE = re.compile(
    "|".join(
        (
            r"\{\{<[\s\S]*?>\}\}",  # {{< fact in_care >}}: numbers from the ledger
            r"^[ \t]*:{3,}[^\n]*",  # a fenced div's fence and attributes
            r"\{(?:[#.-]|[\w-]+=)[^{}\n]*\}",  # attributes: {#summary}, {.unnumbered}
            r"<!--[\s\S]*?-->",  # comments are not shown
            r"\]\([^)]*\)|<?https?://[^\s>]+>?",  # link targets
            r"\[\^[^\]]*\]",  # footnote markers
            r"@[\w:.-]*\w",  # cross-references (@tbl-ages-2) and e-mail domains
            r"^[ \t]*\d+[.)](?=[ \t])",  # ordered-list markers
            rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)? )?(?:{_MONTHS}) \d{{4}}\b",  # (13) October 2025
            r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b",  # 2025-10-13, 13/10/2025
            r"\b\d{4}/\d{2}\b",  # a year: 2021/22
            r"\b[A-Z]{2,}s? \d+(?:\.\d+)+\b",  # an item of a numbered list: KPI 1.11
            r"\b(?:Act|Regulations) \d{4}\b",  # the Children Act 1989
        )
    ),
    re.M,
)
_NUMBER = re.compile(r"(?<!\w)\d(?:[\d,.]*\d)?%?")  # codes such as SSDA903 or E13 are not numbers
# a %-formatting conversion: %s, %(name)s, %.1f, %%
_CONVERSION = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])")
RUNTIME = "\u2026"  # stands for a value computed when the notebook runs: never a typed number

# Calls whose arguments reach the document as text: positions (``*`` for all) and keywords.
SINKS: Mapping[str, tuple[int | str, ...]] = {
    "Markdown": (0, "data"),  # IPython.display.Markdown, alone or in display(...)
    "display_markdown": ("*",),
    "note": (0, "text"),  # Table.note
    "from_frame": ("caption", "source"),  # Table.from_frame
    "bar_chart": ("caption", "title"),
    "line_chart": ("caption", "title"),
    "fact": ("label",),  # Table.fact
    "add": ("label",),  # Ledger.add, .word, .condition: labels show in the differences table
    "word": ("label",),
    "condition": ("label",),
}
# Settings fields that are not prose: a date, ids, a reference code, a contact's telephone.
NOT_PROSE_FIELDS = {
    "la",
    "date",
    "forward_plan_reference",
    "contact",
    "figure",
    "table",
    "rows",
    "columns",
    "when-fact",
    "unless-fact",
    "when-hidden",
    "unless-hidden",
    "is",
}
HINT = "quote a fact, {{< fact id >}}, or declare the phrase as a constant in pyproject.toml"


@dataclass(frozen=True)
class Finding:
    """A number typed by hand: the file, where in it (cell and line, line, or field) and the
    text it was found in."""

    file: str
    where: str
    number: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.where}: number {self.number!r} typed by hand in prose ({HINT}): "
            f"{self.text}"
        )


@dataclass(frozen=True)
class Piece:
    """Part of a string as the author wrote it, and the line it starts on."""

    text: str
    line: int


Text = tuple[Piece, ...]


def constants(pyproject: Path) -> tuple[str, ...]:
    """The declared constant phrases, longest first so the longest match is removed first."""
    if not pyproject.is_file():
        return ()
    settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    declared = settings.get("tool", {}).get("council-reports", {}).get("lint", {})
    return tuple(sorted(declared.get("constants", []), key=len, reverse=True))


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match[0])


def hand_typed(text: str, allowed: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(offset, number) of each number in ``text`` that is neither in a shortcode, a date, an
    Act's name, a code nor a declared constant (a phrase may wrap over lines)."""
    text = _NOT_PROSE.sub(_blank, text)
    for phrase in allowed:
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", _blank, text)
    return [(match.start(), match[0]) for match in _NUMBER.finditer(text)]


def _context(text: str, offset: int) -> str:
    """The line of ``text`` around ``offset``, shortened to about 80 characters."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : end if end >= 0 else len(text)].strip()
    return line if len(line) <= 80 else line[:77] + "..."


# Strings in code -------------------------------------------------------------------------------


def _runtime(node: ast.AST) -> Text:
    return (Piece(RUNTIME, getattr(node, "lineno", 1)),)


def _format_percent(template: Text, values: Sequence[Text], named: Mapping[str, Text]) -> Text:
    """``template % values``: each conversion replaced by its value's text."""
    remaining = iter(values)
    pieces: list[Piece] = []
    for piece in template:
        last = 0
        for match in _CONVERSION.finditer(piece.text):
            pieces.append(Piece(piece.text[last : match.start()], piece.line))
            if match[2] == "%":
                pieces.append(Piece("%", piece.line))
            elif match[1]:
                pieces += named.get(match[1], (Piece(RUNTIME, piece.line),))
            else:
                pieces += next(remaining, (Piece(RUNTIME, piece.line),))
            last = match.end()
        pieces.append(Piece(piece.text[last:], piece.line))
    return tuple(pieces)


def _format_braces(template: Text, values: Sequence[Text], named: Mapping[str, Text]) -> Text:
    """``template.format(*values, **named)``: each field replaced by its value's text."""
    pieces: list[Piece] = []
    automatic = iter(values)
    for piece in template:
        try:
            fields = list(string.Formatter().parse(piece.text))
        except ValueError:  # not a valid template: str.format would raise
            pieces.append(piece)
            continue
        for literal, field, _, _ in fields:
            pieces.append(Piece(literal, piece.line))
            if field is None:
                continue
            unknown = (Piece(RUNTIME, piece.line),)
            if field == "":
                pieces += next(automatic, unknown)
            elif field.isdigit():
                pieces += values[int(field)] if int(field) < len(values) else unknown
            else:
                pieces += named.get(field, unknown)
    return tuple(pieces)


class _Strings:
    """The text of string expressions in one body of code, with the names bound so far."""

    def __init__(self, names: dict[str, Text] | None = None) -> None:
        self.names: dict[str, Text] = names if names is not None else {}

    def text(self, node: ast.expr) -> Text:
        """What ``node`` evaluates to, where the author typed it; computed parts are RUNTIME."""
        line = getattr(node, "lineno", 1)
        match node:
            case ast.Constant(value=str() as value):
                return (Piece(value, line),)
            case ast.Constant(value=int() | float() as value) if not isinstance(value, bool):
                return (Piece(str(value), line),)
            case ast.JoinedStr(values=values):
                return tuple(
                    piece
                    for value in values
                    for piece in (
                        self.text(value.value)
                        if isinstance(value, ast.FormattedValue)
                        else self.text(value)
                    )
                )
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                return self.text(left) + self.text(right)
            case ast.BinOp(left=left, op=ast.Mod(), right=ast.Dict(keys=keys, values=values)):
                named = {
                    key.value: self.text(value)
                    for key, value in zip(keys, values, strict=True)
                    if isinstance(key, ast.Constant) and isinstance(key.value, str)
                }
                return _format_percent(self.text(left), (), named)
            case ast.BinOp(left=left, op=ast.Mod(), right=right):
                values = right.elts if isinstance(right, ast.Tuple) else [right]
                return _format_percent(self.text(left), [self.text(v) for v in values], {})
            case ast.Call(func=ast.Attribute(value=template, attr="format"), args=args):
                named = {k.arg: self.text(k.value) for k in node.keywords if k.arg}
                return _format_braces(self.text(template), [self.text(a) for a in args], named)
            case ast.Call(
                func=ast.Attribute(value=separator, attr="join"),
                args=[ast.List(elts=parts) | ast.Tuple(elts=parts)],
            ):
                joined: list[Piece] = []
                for index, part in enumerate(parts):
                    joined += (self.text(separator) if index else ()) + self.text(part)
                return tuple(joined)
            case ast.Call(func=ast.Name(id="str" | "format"), args=[value, *_]):
                return self.text(value)
            case ast.IfExp(body=body, orelse=orelse):  # either may be shown
                return self.text(body) + _runtime(node) + self.text(orelse)
            case ast.Name(id=name):
                return self.names.get(name, _runtime(node))
        return _runtime(node)

    def bind(self, node: ast.stmt) -> None:
        """Remember what a simple assignment binds (``name = ...``, ``name += ...``)."""
        match node:
            case ast.Assign(targets=targets, value=value):
                bound = self.text(value)
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.names[target.id] = bound
            case ast.AnnAssign(target=ast.Name(id=name), value=value) if value is not None:
                self.names[name] = self.text(value)
            case ast.AugAssign(target=ast.Name(id=name), op=ast.Add(), value=value):
                self.names[name] = self.names.get(name, _runtime(node)) + self.text(value)


def _sink_arguments(call: ast.Call) -> Iterator[ast.expr]:
    """The arguments of ``call`` that reach the document as text."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    wanted = SINKS.get(name, ())
    for position, argument in enumerate(call.args):
        if "*" in wanted or position in wanted:
            yield argument
    for keyword in call.keywords:
        if keyword.arg in wanted:
            yield keyword.value


def _visit(node: ast.AST, strings: _Strings) -> Iterator[Text]:
    """The text of every sink argument under ``node``, in source order, with names bound in
    order (a function's body sees the names bound before it, less its parameters)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        parameters = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        strings = _Strings({k: v for k, v in strings.names.items() if k not in parameters})
    elif isinstance(node, ast.ClassDef):
        strings = _Strings(dict(strings.names))
    if isinstance(node, ast.Call):
        for argument in _sink_arguments(node):
            yield strings.text(argument)
    for child in ast.iter_child_nodes(node):
        yield from _visit(child, strings)
    if isinstance(node, ast.stmt):
        strings.bind(node)


def _parse(source: str) -> ast.Module | None:
    """A code cell's syntax tree, IPython's magics (``%time``, ``!ls``) read as IPython runs them,
    line for line; None for code that does not run (the notebook fails and says so)."""
    try:
        return ast.parse(source)
    except SyntaxError:
        from IPython.core.inputtransformer2 import TransformerManager

        try:
            return ast.parse(TransformerManager().transform_cell(source))
        except SyntaxError:
            return None


def code_texts(source: str, strings: _Strings | None = None) -> Iterator[Text]:
    """The text of every string ``source`` sends into the document; ``strings`` carries names
    from earlier cells."""
    tree = _parse(source)
    if tree is not None:
        yield from _visit(tree, strings or _Strings())


def _findings(
    file: str, where: Callable[[int], str], text: Text, allowed: tuple[str, ...]
) -> list[Finding]:
    """The hand-typed numbers of a text assembled from pieces; ``where`` names the place of
    a line."""
    joined = "".join(piece.text for piece in text)
    starts: list[int] = []
    position = 0
    for piece in text:
        starts.append(position)
        position += len(piece.text)
    found = []
    for offset, number in hand_typed(joined, allowed):
        index = max(i for i, start in enumerate(starts) if start <= offset)
        piece = text[index]
        line = piece.line + piece.text.count("\n", 0, offset - starts[index])
        found.append(Finding(file, where(line), number, _context(joined, offset)))
    return found


def markdown_findings(
    file: str, where: Callable[[int], str], markdown: str, allowed: tuple[str, ...]
) -> list[Finding]:
    """The hand-typed numbers in an author's Markdown (a notebook's Markdown cell); ``where``
    names the place of a line of it."""
    return _findings(file, where, (Piece(markdown, 1),), allowed)


def cell_place(number: int, cell: Mapping[str, object]) -> str:
    """A notebook cell as JupyterLab shows it: its number among all cells and its id."""
    return f"cell {number}" + (f" (id {cell['id']})" if cell.get("id") else "")


# Files -----------------------------------------------------------------------------------------


def lint_notebook(path: Path, name: str, allowed: tuple[str, ...]) -> list[Finding]:
    """Markdown cells, and the strings code cells send into the document."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise NotebookError(f"cannot read the notebook: {error}", file=name) from None
    strings = _Strings()  # names carry from cell to cell, as in the kernel
    findings = []
    for number, cell in enumerate(notebook["cells"], start=1):
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])

        def where(line: int, place: str = cell_place(number, cell)) -> str:
            return f"{place}:line {line}"

        if cell["cell_type"] == "markdown":
            findings += markdown_findings(name, where, source, allowed)
        elif cell["cell_type"] == "code":
            for text in code_texts(source, strings):
                findings += _findings(name, where, text, allowed)
    return findings


def lint_module(path: Path, name: str, allowed: tuple[str, ...]) -> list[Finding]:
    """A report module's captions, titles, notes, sources and labels."""
    return [
        finding
        for text in code_texts(path.read_text(encoding="utf-8"))
        for finding in _findings(name, str, text, allowed)
    ]


def _yaml_texts(node: yaml.Node, field: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        yield field, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) not in NOT_PROSE_FIELDS:
                yield from _yaml_texts(value, f"{field}.{key.value}" if field else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value, start=1):
            yield from _yaml_texts(item, f"{field}[{position}]")


def lint_settings(path: Path, name: str, allowed: tuple[str, ...]) -> list[Finding]:
    """Cover report and slides settings: every text field but the dates, ids, references and
    contact details (``NOT_PROSE_FIELDS``)."""
    try:  # as a build reads it: an alias or a key set twice is one line
        root = compose(path)
    except DataError as error:
        raise dataclasses.replace(error, file=name) from None
    if root is None:
        return []
    findings = []
    for field, node in _yaml_texts(root, ""):
        # a block scalar (>- or |) starts on the line after its indicator
        line = node.start_mark.line + 1 + (node.style in (">", "|"))
        findings += _findings(
            name, lambda line, field=field: f"{line}:{field}", (Piece(node.value, line),), allowed
        )
    return findings


def lint_published(path: Path, name: str, allowed: tuple[str, ...]) -> list[Finding]:
    """The reasons a published.csv gives for a figure that differs."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    findings = []
    for number, row in enumerate(rows, start=2):  # the header is row 1
        reason = (Piece(row.get("reason") or "", 1),)
        findings += _findings(name, lambda _, number=number: f"{number}:reason", reason, allowed)
    return findings


# What authors write, and how each kind is read (the pre-commit hook runs on the same files).
SOURCES: tuple[tuple[str, Callable[[Path, str, tuple[str, ...]], list[Finding]]], ...] = (
    ("notebooks/*.ipynb", lint_notebook),
    ("src/council_reports/reports/**/*.py", lint_module),
    ("src/council_reports/reports/*/*.yml", lint_settings),
    ("data/*/published.csv", lint_published),
)


def lint(root: Path) -> list[Finding]:
    """Every hand-typed number in what the project's authors write: notebooks, report modules,
    cover and slides settings, and published figures' reasons."""
    allowed = constants(root / "pyproject.toml")
    return [
        finding
        for pattern, check in SOURCES
        for path in sorted(root.glob(pattern))
        for finding in check(path, path.relative_to(root).as_posix(), allowed)
    ]
