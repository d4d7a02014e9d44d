"""The documents a renderer reads: Markdown with YAML front matter.

The report is put together from the notebook as the author last wrote it and the outputs of
its last run: each Markdown cell with its facts filled in from the ledger, and each code cell's
Markdown outputs (tables, figures), never its code. Cells tagged ``parameters``,
``injected-parameters`` or ``remove-cell`` are left out. Because the Markdown is taken from the
notebook itself, a prose edit is rendered without running the notebook again, as long as its
code cells are unchanged (``code_cells`` is what the build's cache compares).

Both renderers (Quarto, and pandoc + typst) read these same files, so they build the same
documents. Every metadata value is escaped as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..ledger import Ledger
from ..markup import text as md
from .prose import Where, fill_markdown

SKIP_TAGS = {"parameters", "injected-parameters", "remove-cell"}
# Metadata that is not text shown to readers (booleans, ids, settings) and is kept as it is.
_SETTINGS = {"toc", "lang", "synthetic", "report-id", "document-type", "publish"}


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def _tags(cell: Mapping[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """The code the notebook runs (source and tags of each code cell, papermill's injected
    parameters left out): what decides whether it must run again."""
    return [
        (_text(cell["source"]), sorted(_tags(cell)))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "injected-parameters" not in _tags(cell)
    ]


def with_prose(source: Mapping[str, Any], executed: Mapping[str, Any]) -> dict[str, Any]:
    """The executed notebook with its Markdown cells as the author last wrote them in
    ``source``, whose code must be the code that ran."""
    if code_cells(source) != code_cells(executed):
        raise ValueError("the notebook's code changed since it ran")
    injected = [cell for cell in executed["cells"] if "injected-parameters" in _tags(cell)]
    runs = iter(c for c in executed["cells"] if c["cell_type"] == "code" and c not in injected)
    cells: list[Mapping[str, Any]] = []
    for cell in source["cells"]:
        if cell["cell_type"] != "code":
            cells.append(cell)
            continue
        run = next(runs)
        cells += [run, *injected] if "parameters" in _tags(run) else [run]
    return dict(executed, cells=cells)


def report_markdown(notebook: Mapping[str, Any], facts: Ledger, path: str | Path) -> str:
    """The report's body from an executed notebook (``with_prose``): each Markdown cell filled
    from ``facts``, each code cell's Markdown outputs. Errors name ``path`` and the cell as the
    author's notebook numbers it."""
    blocks: list[str] = []
    cells = [c for c in notebook["cells"] if "injected-parameters" not in _tags(c)]
    for number, cell in enumerate(cells, start=1):
        if SKIP_TAGS & _tags(cell):
            continue
        if cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                markdown = output.get("data", {}).get("text/markdown")
                if markdown is not None:
                    blocks.append(_text(markdown).strip())
        elif cell["cell_type"] == "markdown":
            where = Where(path, number, cell_id=cell.get("id"))
            blocks.append(fill_markdown(_text(cell["source"]), facts, where).strip())
    return "\n\n".join(block for block in blocks if block) + "\n"


def front_matter(metadata: Mapping[str, Any]) -> str:
    """YAML front matter; values shown to readers are escaped, since pandoc reads them as
    Markdown."""
    escaped = {
        key: value if key in _SETTINGS or not isinstance(value, str) else md(value)
        for key, value in metadata.items()
    }
    return "---\n" + yaml.safe_dump(escaped, sort_keys=False, allow_unicode=True) + "---\n"


def document(metadata: Mapping[str, Any], body: str) -> str:
    """A complete .qmd document."""
    return front_matter(metadata) + "\n" + body
