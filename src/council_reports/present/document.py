"""The document a renderer reads: Markdown with YAML front matter, taken from an executed notebook.

Both renderers (Quarto, and pandoc + typst) read this same file, so they build the same document.
Markdown cells are kept as written; a code cell contributes only its Markdown outputs (tables,
figures, narrative), never its code. Cells tagged ``parameters``, ``injected-parameters`` or
``remove-cell`` are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

SKIP_TAGS = {"parameters", "injected-parameters", "remove-cell"}


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def notebook_markdown(notebook: Mapping[str, Any]) -> str:
    """The narrative of an executed notebook as one Markdown body."""
    blocks: list[str] = []
    for cell in notebook["cells"]:
        if SKIP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell["cell_type"] == "markdown":
            blocks.append(_text(cell["source"]).strip())
        elif cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                markdown = output.get("data", {}).get("text/markdown")
                if markdown is not None:
                    blocks.append(_text(markdown).strip())
    return "\n\n".join(block for block in blocks if block) + "\n"


def front_matter(metadata: Mapping[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(dict(metadata), sort_keys=False, allow_unicode=True) + "---\n"


def document(metadata: Mapping[str, Any], body: str) -> str:
    """A complete .qmd document."""
    return front_matter(metadata) + "\n" + body
