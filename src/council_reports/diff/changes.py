"""What changed from one build to another, and between two build folders.

Facts are matched by id, table cells by table, row key and column key (the ledger's role keys:
``la.this_year`` pairs this year's figure with last year's report's own this year), never by
position; tables without keys (builds made before the ledger keyed cells), and the text cells
the ledger does not hold, by row key and header text. Each value keeps its own label, so an
old value is named as its own build named it. Changes are grouped by the section of the report
they appear in and ranked by size within it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, ParameterError
from ..manifests import MANIFEST, check_build, place_of, places, read_manifest
from ..numbers import change_unit, format_cell, format_value
from .builds import INTRODUCTION, NUMBER, Build, Table, Value, read_build, value_of

KINDS = ("targets", "facts", "tables", "figures", "prose")
ELSEWHERE = "elsewhere"  # the key of what no section of the report shows
ELSEWHERE_TITLE = "Not in the report's text (cover report, slides, or not quoted)"
NONE = "(none)"  # the text of a cell one build does not have


@dataclass(frozen=True)
class Change:
    """A fact or a table cell that changed; each side keeps its own label."""

    id: str
    old_label: str
    new_label: str
    old: str
    new: str
    change: float | None = None
    percent_change: float | None = None
    unit: str = "number"
    decimals: int = 0

    def change_text(self) -> str:
        if self.change is None:
            return ""
        return format_cell(self.change, change_unit(self.unit), self.decimals, signed=True)

    def percent_text(self) -> str:
        if self.percent_change is None:
            return ""
        return format_value(self.percent_change, "%", 1, signed=True)

    def rank(self) -> tuple[int, float]:
        """Largest relative change first; then changes with no relative size (from zero, or
        in a word) by their absolute size; then the rest."""
        if self.percent_change is not None:
            return 0, -abs(self.percent_change)
        if self.change is not None:
            return 1, -abs(self.change)
        return 2, 0.0


@dataclass(frozen=True)
class Entry:
    """A fact, table, row or column one build has and the other does not."""

    id: str
    label: str
    text: str = ""


@dataclass
class TableChanges:
    id: str
    caption: str
    renamed_from: str = ""
    rows_added: list[Entry] = field(default_factory=list)
    rows_removed: list[Entry] = field(default_factory=list)
    columns_added: list[Entry] = field(default_factory=list)
    columns_removed: list[Entry] = field(default_factory=list)
    cells: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        parts = (self.rows_added, self.rows_removed, self.columns_added, self.columns_removed)
        return any(parts) or bool(self.cells)


@dataclass
class FigureChange:
    id: str
    files: list[str]
    old_svg: bytes | None = field(default=None, repr=False)
    new_svg: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ProseChange:
    """A sentence as it was and as it is (None where one build has no such sentence)."""

    old: str | None
    new: str | None


@dataclass
class SectionChanges:
    key: str
    title: str
    facts: list[Change] = field(default_factory=list)
    facts_added: list[Entry] = field(default_factory=list)
    facts_removed: list[Entry] = field(default_factory=list)
    tables: list[TableChanges] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    prose: list[ProseChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        parts = (self.facts, self.facts_added, self.facts_removed, self.tables, self.figures)
        return any(parts) or bool(self.prose)


@dataclass
class BuildDiff:
    place: str
    old: str
    new: str
    tables_added: list[Entry] = field(default_factory=list)
    tables_removed: list[Entry] = field(default_factory=list)
    tables_renamed: list[tuple[str, str]] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    sections: list[SectionChanges] = field(default_factory=list)

    def kinds(self, threshold: float = 0.0) -> set[str]:
        """The kinds of change found; fact changes of at most ``threshold`` % are ignored."""
        found = set()
        for s in self.sections:
            big = [
                c for c in s.facts if c.percent_change is None or abs(c.percent_change) > threshold
            ]
            found |= {"facts"} if big or s.facts_added or s.facts_removed else set()
            found |= {"tables"} if s.tables else set()
            found |= {"figures"} if s.figures else set()
            found |= {"prose"} if s.prose else set()
        if self.tables_added or self.tables_removed or self.tables_renamed:
            found.add("tables")
        if self.sections_added or self.sections_removed:
            found.add("prose")
        return found

    @property
    def same(self) -> bool:
        return not self.kinds()


@dataclass
class Review:
    """Every change from one build (or build folder) to another."""

    old: str
    new: str
    targets_new: list[str] = field(default_factory=list)
    targets_gone: list[str] = field(default_factory=list)
    targets_renamed: list[tuple[str, str]] = field(default_factory=list)
    builds: list[BuildDiff] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def kinds(self, threshold: float = 0.0) -> set[str]:
        found = set().union(*(b.kinds(threshold) for b in self.builds))
        if self.targets_new or self.targets_gone or self.targets_renamed:
            found.add("targets")
        return found

    @property
    def same(self) -> bool:
        return not self.kinds()


def compare_paths(old: Path, new: Path) -> Review:
    """Two builds compared, or, when neither is a build, every build under two build folders."""
    for path in (old, new):
        if not path.is_dir():
            raise DataError("no such folder", file=path, hint="pass a build or a build folder")
    if (old / MANIFEST).exists() or (new / MANIFEST).exists():
        diff = compare(old, new)
        review = Review(str(old), str(new), builds=[diff] if not diff.same else [])
        review.unchanged = [diff.place] if diff.same else []
        return review
    return compare_roots(old, new)


def compare(old_path: Path, new_path: Path, *, renamed: bool = False) -> BuildDiff:
    """The changes from the build at ``old_path`` to the one at ``new_path`` (of the same
    report and LA, unless the report was ``renamed``)."""
    old, new = read_build(old_path), read_build(new_path)
    for key in ("report", "la")[renamed:]:
        if old.manifest[key] != new.manifest[key]:
            raise ParameterError(
                f"the builds are not comparable: {old.name} against {new.name}",
                hint=f"compare builds of the same {'report' if key == 'report' else 'LA'}",
            )
    diff = BuildDiff(place_of(new.manifest), old.name, new.name)
    sections = _sections(old, new)
    titles = {s.key: s.title for s in old.sections} | {s.key: s.title for s in new.sections}
    old_keys = {s.key for s in old.sections} - {INTRODUCTION}
    new_keys = {s.key for s in new.sections} - {INTRODUCTION}
    diff.sections_added = [titles[k] for k in sections if k in new_keys - old_keys]
    diff.sections_removed = [titles[k] for k in sections if k in old_keys - new_keys]
    by_key = {k: SectionChanges(k, titles.get(k, ELSEWHERE_TITLE)) for k in [*sections, ELSEWHERE]}
    _facts(old, new, by_key)
    _tables(old, new, diff, by_key)
    _figures(old, new, by_key)
    for key in sections:
        by_key[key].prose = prose_changes(_sentences(old, key), _sentences(new, key))
    diff.sections = [s for s in by_key.values() if s]
    return diff


def _sections(old: Build, new: Build) -> list[str]:
    """Section keys in the new build's order, then those only the old build has."""
    keys = [s.key for s in new.sections]
    return keys + [s.key for s in old.sections if s.key not in keys]


def _sentences(build: Build, key: str) -> list[str]:
    return next((s.sentences for s in build.sections if s.key == key), [])


def _section(first: Build, second: Build, kind: str, id: str) -> str:
    for build in (first, second):
        key = build.quoted.get(id) if kind == "facts" else build.section_of(kind, id)
        if key is not None:
            return key
    if kind == "facts":  # a fact a table names: with its table
        source = (first.facts.get(id) or second.facts[id]).get("source", "")
        if isinstance(source, str) and source.startswith("table "):
            return _section(first, second, "tables", source[len("table ") :])
    return ELSEWHERE


def _facts(old: Build, new: Build, sections: dict[str, SectionChanges]) -> None:
    for id, fact in new.facts.items():
        target = sections.get(_section(new, old, "facts", id), sections[ELSEWHERE])
        if id not in old.facts:
            target.facts_added.append(Entry(id, fact["label"], fact["text"]))
            continue
        before = old.facts[id]
        change = value_change(id, before["label"], fact["label"], value_of(before), value_of(fact))
        if change:
            target.facts.append(change)
    for id, fact in old.facts.items():
        if id not in new.facts:
            target = sections.get(_section(old, new, "facts", id), sections[ELSEWHERE])
            target.facts_removed.append(Entry(id, fact["label"], fact["text"]))
    for section in sections.values():
        section.facts.sort(key=Change.rank)


def value_change(id: str, old_label: str, new_label: str, a: Value, b: Value) -> Change | None:
    """The change from ``a`` to ``b``, or None when they are the same."""
    if (a.number, a.text) == (b.number, b.text):
        return None
    numeric = a.number is not None and b.number is not None
    change = b.number - a.number if numeric else None  # type: ignore[operator]
    percent = change / abs(a.number) * 100 if change is not None and a.number else None
    decimals = max(a.decimals, b.decimals)
    return Change(id, old_label, new_label, a.text, b.text, change, percent, b.unit, decimals)


def _tables(old: Build, new: Build, diff: BuildDiff, sections: dict[str, SectionChanges]) -> None:
    added = [t for t in new.tables if t not in old.tables]
    removed = [t for t in old.tables if t not in new.tables]
    pairs = [(t, t) for t in new.tables if t in old.tables]
    for gone in list(removed):
        match = next((t for t in added if _same_table(old.tables[gone], new.tables[t])), None)
        if match:
            removed.remove(gone)
            added.remove(match)
            diff.tables_renamed.append((gone, match))
            pairs.append((gone, match))
    diff.tables_added = [Entry(t, new.tables[t].caption) for t in added]
    diff.tables_removed = [Entry(t, old.tables[t].caption) for t in removed]
    for before, after in pairs:
        changes = table_changes(old.tables[before], new.tables[after])
        if changes:
            changes.renamed_from = before if before != after else ""
            key = _section(new, old, "tables", after)
            sections.get(key, sections[ELSEWHERE]).tables.append(changes)


def _same_table(old: Table, new: Table) -> bool:
    """Whether a table gone and a table new are one table renamed: the same caption (its
    numbers aside), or the same rows and columns."""
    if old.caption != old.id and NUMBER.sub("#", old.caption) == NUMBER.sub("#", new.caption):
        return True
    return bool(old.body) and (old.header, old.body) == (new.header, new.body)


def _side(table: Table, labels: int, keyed: bool) -> tuple[dict, dict, dict]:
    """A table's rows (key -> label), columns (key -> header: the ledger's roles when keyed,
    and the other columns by header) and cells by (row key, column key)."""
    rows, text = table.text(labels)
    roles = table.column_labels if keyed else {}
    columns = dict(roles) | {h: h for h in table.header[labels:] if h not in roles.values()}
    cells = {k: v for k, v in text.items() if k[1] not in roles.values()}
    return rows, columns, cells | (table.keyed if keyed else {})


def table_changes(old: Table, new: Table) -> TableChanges:
    """Rows matched by key, columns by role (both builds' ledgers key the cells) or else by
    header text, never by position: a moved column is the same column. The label columns are
    those both builds take as labels (a column of text in one year may hold numbers in the
    next)."""
    keyed = bool(old.keyed) and bool(new.keyed)
    labels = min(old.labels, new.labels)
    (old_rows, old_columns, old_cells), (new_rows, new_columns, new_cells) = (
        _side(old, labels, keyed),
        _side(new, labels, keyed),
    )
    changes = TableChanges(new.id, new.caption)
    changes.rows_added = [Entry(k, label) for k, label in new_rows.items() if k not in old_rows]
    changes.rows_removed = [Entry(k, label) for k, label in old_rows.items() if k not in new_rows]
    changes.columns_added = [Entry(k, h) for k, h in new_columns.items() if k not in old_columns]
    changes.columns_removed = [Entry(k, h) for k, h in old_columns.items() if k not in new_columns]
    for row in (r for r in new_rows if r in old_rows):
        for column in (c for c in new_columns if c in old_columns):
            a, b = old_cells.get((row, column)), new_cells.get((row, column))
            if a is None and b is None:
                continue
            names = (
                f"{old_rows[row]}: {old_columns[column]}",
                f"{new_rows[row]}: {new_columns[column]}",
            )
            change = value_change(f"{row}.{column}", *names, a or Value(NONE), b or Value(NONE))
            if change:
                changes.cells.append(change)
    changes.cells.sort(key=Change.rank)
    return changes


def _figures(old: Build, new: Build, sections: dict[str, SectionChanges]) -> None:
    for id in [*new.figures, *(f for f in old.figures if f not in new.figures)]:
        before, after = old.figures.get(id, {}), new.figures.get(id, {})
        # a rendition only one build made (the PNG twin, made for Word) is no change to a figure
        # both have
        names = before.keys() & after.keys() if before and after else {*before, *after}
        files = sorted(n for n in names if before.get(n) != after.get(n))
        if not files:
            continue
        svg = f"figures/{id}.svg" in files
        change = FigureChange(id, files, old.svg(id) if svg else None, new.svg(id) if svg else None)
        key = _section(new, old, "figures", id)
        sections.get(key, sections[ELSEWHERE]).figures.append(change)


def prose_changes(old: list[str], new: list[str]) -> list[ProseChange]:
    """Sentences that changed, each whole, old beside new; sentences that differ only in their
    numbers (the facts they quote) are the same sentence."""
    masked = [NUMBER.sub("#", s) for s in old], [NUMBER.sub("#", s) for s in new]
    matcher = difflib.SequenceMatcher(a=masked[0], b=masked[1], autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            changes += _paired(old[i1:i2], new[j1:j2])
    return changes


def _paired(old: list[str], new: list[str]) -> list[ProseChange]:
    """A run of changed sentences in order: each old one beside the most like it of the new
    ones after the last paired (if half its words or more are the same), the rest new or gone."""
    changes, start = [], 0
    for sentence in old:
        words = NUMBER.sub("#", sentence).split()
        scores = [
            (difflib.SequenceMatcher(a=words, b=NUMBER.sub("#", n).split()).ratio(), k)
            for k, n in enumerate(new[start:], start)
        ]
        score, best = max(scores, default=(0.0, -1))
        if score < 0.5:
            changes.append(ProseChange(sentence, None))
            continue
        changes += [ProseChange(None, n) for n in new[start:best]]
        changes.append(ProseChange(sentence, new[best]))
        start = best + 1
    return changes + [ProseChange(None, n) for n in new[start:]]


def compare_roots(old_root: Path, new_root: Path) -> Review:
    """Every build under two build folders: those in both compared; those in one listed as new
    or gone (or renamed: a report whose id changed, same title, period, LA and audience)."""
    old, new = _builds(old_root), _builds(new_root)
    review = Review(str(old_root), str(new_root))
    gone = [p for p in old if p not in new]
    fresh = [p for p in new if p not in old]
    pairs = [(p, p, False) for p in new if p in old]
    for place in list(gone):
        match = next((p for p in fresh if _renamed(old[place][1], new[p][1])), None)
        if match:
            gone.remove(place)
            fresh.remove(match)
            review.targets_renamed.append((place, match))
            pairs.append((place, match, True))
    review.targets_new, review.targets_gone = fresh, gone
    for place in gone:
        check_build(old[place][0])
    for place in fresh:
        check_build(new[place][0])
    for before, after, renamed in pairs:  # each build is checked as it is read
        diff = compare(old[before][0], new[after][0], renamed=renamed)
        if diff.same:
            review.unchanged.append(after)
        else:
            review.builds.append(diff)
    return review


def _builds(root: Path) -> dict[str, tuple[Path, dict]]:
    """The builds under a build folder, by place, with their manifests (their shape checked;
    their files are checked when the build is read)."""
    found = {p: (folder, read_manifest(folder)) for p, folder in places(root).items()}
    if not found:
        raise DataError("no builds in this folder", file=root, hint="pass a build/ folder")
    return found


def _renamed(old: dict, new: dict) -> bool:
    keys = ("period", "la", "publish", "title")
    return (
        old["report"] != new["report"]
        and all(old.get(k) == new.get(k) for k in keys)
        and bool(new.get("title"))
    )
