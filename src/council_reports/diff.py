"""Compare two builds: two years of a report, or yesterday's build against today's.

Reports facts added, removed and changed (old, new, change, % change), table cells that changed,
figures whose data changed, and prose that changed beyond its numbers. Needs only the two build
folders, so builds made on another machine (a CI artifact) compare as well as local ones.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import DataError, ParameterError
from .numbers import change_unit, format_cell, format_value

KINDS = ("facts", "tables", "figures", "prose")
_NUMBER = re.compile(r"[+-]?\d[\d,.]*%?")


@dataclass(frozen=True)
class Build:
    """What a build folder holds that a reviewer compares."""

    path: Path
    manifest: dict
    facts: dict[str, dict]
    tables: dict[str, list[list[str]]]
    figures: dict[str, str]
    prose: list[str]

    @property
    def name(self) -> str:
        m = self.manifest
        return f"{m['report']} {m['period']} LA {m['la']}"


def read_build(path: Path) -> Build:
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise DataError(
            "not a build folder (no manifest.json)",
            file=path,
            hint="pass build/<report>/<period>/<la>",
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    facts = json.loads((path / "facts.json").read_text(encoding="utf-8"))["facts"]
    tables = {}
    for table in sorted((path / "tables").glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as handle:
            tables[table.stem] = list(csv.reader(handle))
    figures = {
        name: digest
        for name, digest in manifest.get("outputs", {}).items()
        if name.startswith("figures/")
    }
    # table cells are in the ledger too; they are compared as table cells, not twice as facts
    narrative = {f["id"]: f for f in facts if f.get("method") != "table cell"}
    return Build(path, manifest, narrative, tables, figures, _prose(path))


def _prose(path: Path) -> list[str]:
    """The narrative words of report.qmd: front matter, tables and figures left out, numbers
    replaced by '#' (numbers are compared as facts)."""
    qmd = path / "report.qmd"
    if not qmd.is_file():
        return []
    text = qmd.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    keep = [
        line
        for line in text.splitlines()
        if not line.startswith(("|", ": ", "![", ":::")) and "\\" not in line[-1:]
    ]
    return _NUMBER.sub("#", " ".join(keep)).split()


@dataclass(frozen=True)
class FactChange:
    id: str
    label: str
    old: object
    new: object
    old_text: str
    new_text: str
    change: float | None
    percent_change: float | None
    unit: str = "number"
    decimals: int = 0

    def change_text(self) -> str:
        if self.change is None:
            return ""
        return format_cell(self.change, change_unit(self.unit), self.decimals, signed=True)


@dataclass(frozen=True)
class CellChange:
    table: str
    row: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class BuildDiff:
    old: str
    new: str
    facts_added: list[dict] = field(default_factory=list)
    facts_removed: list[dict] = field(default_factory=list)
    facts_changed: list[FactChange] = field(default_factory=list)
    tables_added: list[str] = field(default_factory=list)
    tables_removed: list[str] = field(default_factory=list)
    cells_changed: list[CellChange] = field(default_factory=list)
    figures_changed: list[str] = field(default_factory=list)
    prose_changed: list[tuple[str, str]] = field(default_factory=list)

    def kinds(self, threshold: float = 0.0) -> set[str]:
        """The kinds of difference found; fact changes at or under ``threshold`` % are ignored."""
        found = set()
        big = [
            c
            for c in self.facts_changed
            if c.percent_change is None or abs(c.percent_change) > threshold
        ]
        if self.facts_added or self.facts_removed or big:
            found.add("facts")
        if self.tables_added or self.tables_removed or self.cells_changed:
            found.add("tables")
        if self.figures_changed:
            found.add("figures")
        if self.prose_changed:
            found.add("prose")
        return found

    @property
    def same(self) -> bool:
        return not self.kinds()

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=str) + "\n"

    def to_markdown(self) -> str:
        lines = [f"# Changes from {self.old} to {self.new}", ""]
        if self.same:
            return "\n".join([*lines, "No differences.", ""])
        if self.facts_changed:
            lines += [
                f"## Facts changed ({len(self.facts_changed)})",
                "",
                "| Fact | Old | New | Change | % change |",
                "|:---|---:|---:|---:|---:|",
            ]
            for c in self.facts_changed:
                pct = (
                    ""
                    if c.percent_change is None
                    else format_value(c.percent_change, "%", 1, signed=True)
                )
                lines.append(
                    f"| {_cell(c.label)} (`{c.id}`) | {c.old_text} | {c.new_text} | "
                    f"{c.change_text()} | {pct} |"
                )
            lines.append("")
        for title, facts in (
            ("Facts added", self.facts_added),
            ("Facts removed", self.facts_removed),
        ):
            if facts:
                lines += [f"## {title} ({len(facts)})", ""]
                lines += [f"- `{f['id']}` {f['label']}: {f['text']}" for f in facts]
                lines.append("")
        if self.tables_added or self.tables_removed:
            lines += ["## Tables added or removed", ""]
            lines += [f"- added: `{t}`" for t in self.tables_added]
            lines += [f"- removed: `{t}`" for t in self.tables_removed]
            lines.append("")
        if self.cells_changed:
            lines += [
                f"## Table cells changed ({len(self.cells_changed)})",
                "",
                "| Table | Row | Column | Old | New |",
                "|:---|:---|:---|---:|---:|",
            ]
            lines += [
                f"| `{c.table}` | {_cell(c.row)} | {_cell(c.column)} | {c.old} | {c.new} |"
                for c in self.cells_changed
            ]
            lines.append("")
        if self.figures_changed:
            lines += ["## Figures whose data changed", ""]
            lines += [f"- `{name}`" for name in self.figures_changed]
            lines.append("")
        if self.prose_changed:
            lines += ["## Prose changed (numbers shown as #)", ""]
            lines += [
                f"- ~~{_cell(old) or ' '}~~ → **{_cell(new) or ' '}**"
                for old, new in self.prose_changed
            ]
            lines.append("")
        return "\n".join(lines)

    def to_html(self) -> str:
        import pypandoc

        return pypandoc.convert_text(
            self.to_markdown(),
            "html5",
            format="markdown",
            extra_args=[
                "--standalone",
                "--metadata",
                f"title=Changes: {self.new}",
                "--metadata",
                "lang=en-GB",
            ],
        )


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def compare(old_path: Path, new_path: Path) -> BuildDiff:
    """The differences from the build at ``old_path`` to the one at ``new_path``."""
    old, new = read_build(old_path), read_build(new_path)
    for key in ("report", "la"):
        if old.manifest[key] != new.manifest[key]:
            raise ParameterError(
                f"the builds are not comparable: {old.name} against {new.name}",
                hint=f"compare builds of the same {'report' if key == 'report' else 'LA'}",
            )
    return BuildDiff(
        old.name,
        new.name,
        facts_added=[new.facts[i] for i in new.facts if i not in old.facts],
        facts_removed=[old.facts[i] for i in old.facts if i not in new.facts],
        facts_changed=[
            _fact_change(old.facts[i], new.facts[i])
            for i in new.facts
            if i in old.facts and old.facts[i]["value"] != new.facts[i]["value"]
        ],
        tables_added=sorted(set(new.tables) - set(old.tables)),
        tables_removed=sorted(set(old.tables) - set(new.tables)),
        cells_changed=[
            change
            for name in sorted(set(old.tables) & set(new.tables))
            for change in _cells(name, old.tables[name], new.tables[name])
        ],
        figures_changed=sorted(
            name
            for name in set(old.figures) | set(new.figures)
            if old.figures.get(name) != new.figures.get(name)
        ),
        prose_changed=_words(old.prose, new.prose),
    )


def build_folders(root: Path) -> dict[str, Path]:
    """The builds under a build root, by ``report/period/la``."""
    return {
        m.parent.relative_to(root).as_posix(): m.parent
        for m in sorted(root.glob("*/*/*/manifest.json"))
    }


def compare_roots(old_root: Path, new_root: Path) -> dict[str, BuildDiff]:
    """Every build present under both roots, compared (e.g. main's build/ against a branch's)."""
    old, new = build_folders(old_root), build_folders(new_root)
    if not new:
        raise DataError("no builds found", file=new_root, hint="pass a build/ folder")
    return {name: compare(old[name], new[name]) for name in sorted(set(old) & set(new))}


def _fact_change(old: dict, new: dict) -> FactChange:
    a, b = old["value"], new["value"]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return FactChange(
        new["id"],
        new["label"],
        a,
        b,
        old["text"],
        new["text"],
        b - a if numeric else None,
        (b - a) / abs(a) * 100 if numeric and a else None,
        new.get("unit", "number"),
        new.get("decimals", 0),
    )


def _cells(name: str, old: list[list[str]], new: list[list[str]]) -> list[CellChange]:
    """Rows matched by their label columns (those before the first numeric column); value
    columns matched by position, so two years' tables (headed 2022/23 and 2023/24) compare."""
    if not old or not new:
        return []
    labels = _label_count(new)
    old_rows = {tuple(r[:labels]): r for r in old[1:]}
    changes = []
    for row in new[1:]:
        before = old_rows.get(tuple(row[:labels]))
        if before is None:
            changes.append(CellChange(name, " / ".join(row[:labels]), "(row)", "", "added"))
            continue
        for position in range(labels, min(len(row), len(before))):
            if row[position] != before[position]:
                column = new[0][position]
                if old[0][position] != column:
                    column = f"{old[0][position]} → {column}"
                changes.append(
                    CellChange(
                        name, " / ".join(row[:labels]), column, before[position], row[position]
                    )
                )
    return changes


def _label_count(table: list[list[str]]) -> int:
    header = table[0]
    for position in range(len(header)):
        column = [r[position] for r in table[1:] if position < len(r)]
        if any(_NUMBER.fullmatch(v) for v in column):
            return max(position, 1)
    return 1


def _words(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (" ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
