"""A presentation to go with a report: slides from a small YAML, numbers from the ledger.

templates/slides/<report>.yml holds a list of slides, each a title, points that may quote
``{{< fact id >}}`` (text, never markup), and optionally a ``figure`` the notebook published (by
its id); rendered to PowerPoint (and revealjs where Quarto is present).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..ledger import Ledger
from .cover import paragraphs, read_settings
from .prose import Where, fill_text


def read_slides(path: Path) -> list[dict[str, Any]]:
    slides = read_settings(path).get("slides", [])
    if not isinstance(slides, list):
        raise DataError("slides must be a list", file=path, column="slides")
    for number, slide in enumerate(slides, start=1):
        if not isinstance(slide, dict) or not str(slide.get("title") or "").strip():
            raise DataError(f"slide {number} has no title", file=path, column="slides")
    return slides


def slides_markdown(
    slides: list[dict[str, Any]], facts: Ledger, figures: Mapping[str, str], path: Path
) -> str:
    """A level-2 heading per slide, its points as a list, then its figure. A figure the
    notebook did not publish this year (a service's log not covering it) is left out, and so is
    a slide left with nothing to show."""
    lines: list[str] = []
    for number, slide in enumerate(slides, start=1):
        where = Where(path, field=f"slides[{number}]")
        points = paragraphs(slide.get("points"), facts, Where(path, field=f"{where.field}.points"))
        figure = figures.get(slide.get("figure", ""))
        if not points and figure is None:
            continue
        lines += [f"## {fill_text(str(slide['title']), facts, where)}", ""]
        lines += [f"- {point}" for point in points]
        if figure is not None:
            lines += ["", figure]
        lines.append("")
    return "\n".join(lines)
