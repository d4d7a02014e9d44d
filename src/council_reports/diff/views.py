"""A review as Markdown (a pull-request comment), one HTML page (old and new side by side, the
changed charts included) and JSON.

Every text that comes from a build (labels, values, sentences, captions, ids, paths) is data:
in Markdown each one is escaped so that no character can start markup (``markup.text``); in
HTML each one goes through ``html.escape``, the page runs no script and loads nothing (its
Content-Security-Policy allows only its own styles and ``data:`` images), and charts are the
builds' SVG files as images, which cannot run script or fetch anything.
"""

from __future__ import annotations

import base64
import difflib
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass

from ..markup import text as md
from .changes import BuildDiff, Change, Entry, FigureChange, ProseChange, Review, TableChanges

_CODE = re.compile(r"^[A-Za-z0-9_.:/ -]+$")
CUT = "\n\n*The review is longer than a comment can hold: the rest is in review.html.*\n"


def code(value: str) -> str:
    """An id or path as Markdown code when it holds only safe characters, else as text."""
    return f"`{value}`" if _CODE.match(value) else md(value)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def summary(diff: BuildDiff) -> str:
    """One line: how much changed, by kind."""
    s = diff.sections
    parts = [
        (sum(len(x.facts) for x in s), "fact changed", "facts changed"),
        (sum(len(x.facts_added) for x in s), "fact new", "facts new"),
        (sum(len(x.facts_removed) for x in s), "fact gone", "facts gone"),
        (
            sum(len(t.cells) for x in s for t in x.tables),
            "table cell changed",
            "table cells changed",
        ),
        (sum(len(x.figures) for x in s), "figure changed", "figures changed"),
        (sum(len(x.prose) for x in s), "sentence changed", "sentences changed"),
    ]
    return ", ".join(_count(n, one, many) for n, one, many in parts if n) or "no value changed"


def _lists(diff: BuildDiff) -> list[tuple[str, list[str]]]:
    """What one build has and the other not, as (heading, items), items as plain text."""
    return [
        ("Tables new", [f"{e.id}: {e.label}" for e in diff.tables_added]),
        ("Tables gone", [f"{e.id}: {e.label}" for e in diff.tables_removed]),
        ("Tables renamed", [f"{a} → {b}" for a, b in diff.tables_renamed]),
        ("Sections new", diff.sections_added),
        ("Sections gone", diff.sections_removed),
    ]


def _targets(review: Review) -> list[tuple[str, list[str]]]:
    return [
        ("New targets", review.targets_new),
        ("Gone targets", review.targets_gone),
        ("Renamed targets", [f"{a} → {b}" for a, b in review.targets_renamed]),
    ]


def _side(value: str, label: str, same: bool, escape: Callable[[str], str]) -> str:
    return escape(value) if same else f"{escape(value)} ({escape(label)})"


# Markdown


def to_markdown(review: Review, max_chars: int | None = None) -> str:
    """The review for a pull-request comment; cut at a section when longer than ``max_chars``."""
    head = [f"# Review: {code(review.old)} → {code(review.new)}", "", _overview(review), ""]
    for title, items in _targets(review):
        head += [f"**{title}**: " + ", ".join(code(i) for i in items), ""] if items else []
    if review.builds:  # every build's line first, so a comment cut short still names them all
        head += ["**Builds changed**:", ""]
        head += [f"- {code(d.place)}: {summary(d)}" for d in review.builds] + [""]
    blocks = ["\n".join(head) + "\n"]
    for diff in review.builds:
        blocks += _build_markdown(diff)
    text = ""
    for number, block in enumerate(blocks):
        if max_chars and number and len(text) + len(block) + len(CUT) > max_chars:
            return text + CUT
        text += block
    return text


def _overview(review: Review) -> str:
    if review.same:
        return "No differences."
    parts = [_count(len(review.builds), "build changed", "builds changed")]
    parts += [_count(len(review.unchanged), "unchanged")] if review.unchanged else []
    return ", ".join(parts) + "."


def _build_markdown(diff: BuildDiff) -> list[str]:
    lines = [f"## {code(diff.place)}", "", f"{md(diff.old)} → {md(diff.new)}: {summary(diff)}.", ""]
    for title, items in _lists(diff):
        if items:
            lines.append(f"- {title}: " + "; ".join(md(i) for i in items))
    blocks = ["\n".join(lines).rstrip("\n") + "\n\n"]
    for section in diff.sections:
        lines = [f"### {md(section.title)}", ""]
        if section.facts:
            lines += [
                "Facts changed, largest change first:",
                "",
                *_md_changes(section.facts, "Fact"),
            ]
        lines += _md_entries("Facts new", section.facts_added)
        lines += _md_entries("Facts gone", section.facts_removed)
        for table in section.tables:
            lines += _md_table(table)
        for figure in section.figures:
            lines += [
                f"Figure {code(figure.id)} changed: " + ", ".join(map(code, figure.files)),
                "",
            ]
        if section.prose:
            lines += ["Sentences changed:", ""]
            lines += [_md_sentence(change) for change in section.prose] + [""]
        blocks.append("\n".join(lines) + "\n")
    return blocks


def _md_changes(changes: list[Change], kind: str) -> list[str]:
    lines = [f"| {kind} | Old | New | Change | % change |", "|:---|---:|---:|---:|---:|"]
    for c in changes:
        same = c.old_label == c.new_label
        name = f"{md(c.new_label)} ({code(c.id)})" if same else code(c.id)
        lines.append(
            f"| {name} | {_side(c.old, c.old_label, same, md)} | "
            f"{_side(c.new, c.new_label, same, md)} | {md(c.change_text())} | "
            f"{md(c.percent_text())} |"
        )
    return [*lines, ""]


def _md_entries(title: str, entries: Iterable[Entry]) -> list[str]:
    items = [
        f"- {code(e.id)} {md(e.label)}" + (f": {md(e.text)}" if e.text else "") for e in entries
    ]
    return [f"{title}:", "", *items, ""] if items else []


def _md_table(table: TableChanges) -> list[str]:
    renamed = f" (renamed from {code(table.renamed_from)})" if table.renamed_from else ""
    lines = [f"Table {code(table.id)}{renamed}: {md(table.caption)}", ""]
    for title, entries in _table_lists(table):
        lines += [f"- {title}: " + "; ".join(md(e.label) for e in entries)] if entries else []
    lines += [""] if lines[-1] else []
    return lines + (_md_changes(table.cells, "Row: column") if table.cells else [])


def _table_lists(table: TableChanges) -> list[tuple[str, list[Entry]]]:
    return [
        ("Rows new", table.rows_added),
        ("Rows gone", table.rows_removed),
        ("Columns new", table.columns_added),
        ("Columns gone", table.columns_removed),
    ]


def _md_sentence(change: ProseChange) -> str:
    if change.old is None:
        return f"- New: {md(change.new)}"
    if change.new is None:
        return f"- Gone: {md(change.old)}"
    return f"- Was: {md(change.old)}\\\n  Now: {md(change.new)}"


# HTML

STYLE = """
body { font: 16px/1.45 "Liberation Sans", Arial, sans-serif; margin: 0; color: #1b1b1b; }
main { max-width: 90rem; margin: 0 auto; padding: 1rem 1.5rem; }
h2 { border-top: 3px solid #12436d; padding-top: .5rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1.25rem; width: 100%; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.number { text-align: right; white-space: nowrap; }
.label { display: block; color: #505a5f; font-size: .85em; white-space: normal; }
code { overflow-wrap: anywhere; } th[scope="row"] { min-width: 10em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.pair img { max-width: 100%; height: auto; border: 1px solid #b1b4b6; background: #fff; }
del { background: #f6d7d2; } ins { background: #cce2d8; text-decoration: none; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
"""
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
e = html.escape


def to_html(review: Review) -> str:
    """One page a reviewer opens: each build's changes, old beside new, charts included."""
    title = f"Review: {review.old} → {review.new}"
    body = [f"<h1>{e(title)}</h1>", f"<p>{e(_overview(review))}</p>"]
    body += _html_lists(_targets(review))
    if review.builds:
        links = [
            f'<li><a href="#build-{n}">{e(d.place)}</a>: {e(summary(d))}</li>'
            for n, d in enumerate(review.builds, 1)
        ]
        body += ['<nav aria-label="Builds changed"><ul>', *links, "</ul></nav>"]
    for number, diff in enumerate(review.builds, 1):
        body += _build_html(diff, f"build-{number}")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_lists(lists: list[tuple[str, list[str]]]) -> list[str]:
    items = [
        f"<li>{e(title)}: " + "; ".join(e(i) for i in entries) + "</li>"
        for title, entries in lists
        if entries
    ]
    return ["<ul>", *items, "</ul>"] if items else []


def _build_html(diff: BuildDiff, anchor: str) -> list[str]:
    out = [
        f'<h2 id="{anchor}">{e(diff.place)}</h2>',
        f"<p>{e(diff.old)} → {e(diff.new)}: {e(summary(diff))}.</p>",
        *_html_lists(_lists(diff)),
    ]
    for section in diff.sections:
        out.append(f"<h3>{e(section.title)}</h3>")
        if section.facts:
            out += _html_changes(section.facts, "Facts changed, largest change first", "Fact")
        for title, entries in (
            ("Facts new", section.facts_added),
            ("Facts gone", section.facts_removed),
        ):
            out += _html_lists([(title, [f"{x.id} {x.label}: {x.text}" for x in entries])])
        for table in section.tables:
            renamed = f" (renamed from {table.renamed_from})" if table.renamed_from else ""
            out.append(f"<h4>Table <code>{e(table.id)}</code>{e(renamed)}: {e(table.caption)}</h4>")
            out += _html_lists([(t, [x.label for x in xs]) for t, xs in _table_lists(table)])
            out += _html_changes(table.cells, "Cells changed, largest change first", "Row: column")
        for figure in section.figures:
            out += _html_figure(figure, diff)
        if section.prose:
            out += _html_prose(section.prose)
    return out


def _html_changes(changes: list[Change], caption: str, kind: str) -> list[str]:
    if not changes:
        return []
    rows = []
    for c in changes:
        same = c.old_label == c.new_label
        name = f"{e(c.new_label)} <code>{e(c.id)}</code>" if same else f"<code>{e(c.id)}</code>"
        sides = [
            f'<td class="number">{e(v)}' + ("" if same else f'<span class="label">{e(lb)}</span>')
            for v, lb in ((c.old, c.old_label), (c.new, c.new_label))
        ]
        rows.append(
            f'<tr><th scope="row">{name}</th>{"".join(s + "</td>" for s in sides)}'
            f'<td class="number">{e(c.change_text())}</td><td class="number">'
            f"{e(c.percent_text())}</td></tr>"
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in (kind, "Old", "New", "Change", "% change"))
    return [f"<table><caption>{e(caption)}</caption><tr>{head}</tr>", *rows, "</table>"]


def _html_figure(figure: FigureChange, diff: BuildDiff) -> list[str]:
    out = [f"<h4>Figure <code>{e(figure.id)}</code> changed</h4>", '<div class="pair">']
    for side, svg, name in (("Old", figure.old_svg, diff.old), ("New", figure.new_svg, diff.new)):
        if svg is None:
            out.append(f"<p>{e(side)}: " + ", ".join(e(f) for f in figure.files) + "</p>")
            continue
        source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        alt = f"{side}: figure {figure.id}, {name}"
        out.append(
            f'<figure><img src="{source}" alt="{e(alt)}"><figcaption>{e(alt)}</figcaption></figure>'
        )
    return [*out, "</div>"]


def _html_prose(changes: list[ProseChange]) -> list[str]:
    rows = []
    for change in changes:
        old, new = marked(change.old or "", change.new or "")
        rows.append(f"<tr><td>{old}</td><td>{new}</td></tr>")
    head = '<tr><th scope="col">Old</th><th scope="col">New</th></tr>'
    return ["<table><caption>Sentences changed</caption>", head, *rows, "</table>"]


def marked(old: str, new: str) -> tuple[str, str]:
    """Two sentences as HTML, the words only the old one has in <del>, only the new in <ins>."""
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        words = e(" ".join(a[i1:i2])), e(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(words[0])
            right.append(words[1])
            continue
        left += [f"<del>{words[0]}</del>"] if i2 > i1 else []
        right += [f"<ins>{words[1]}</ins>"] if j2 > j1 else []
    return " ".join(left), " ".join(right)


# JSON


def _plain(value: object) -> object:
    """Dataclasses as dictionaries of their fields, the SVG bytes left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if not f.name.endswith("_svg")
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(review: Review) -> str:
    return json.dumps(_plain(review), indent=2, ensure_ascii=False) + "\n"
