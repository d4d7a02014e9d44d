"""A presentation to go with a report: slides from a small YAML, numbers from the ledger.

templates/slides/<report>.yml holds a list of slides, each a title, points that may quote
``{{< fact id >}}`` (text, never markup), and optionally a ``figure`` the notebook published (by
its id); rendered to PowerPoint (and revealjs where Quarto is present).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..ledger import Ledger
from ..settings import ListOf, Record, Text, read_settings
from .cover import PARAGRAPHS, paragraphs
from .prose import Where, fill_text

SLIDES = Record(
    {
        "slides": ListOf(
            Record(
                {"title": Text(blank=False), "points": PARAGRAPHS, "figure": Text()},
                what="keys of a slide",
                required=("title",),
            )
        )
    },
    what="slides settings",
)


def read_slides(path: Path) -> list[dict[str, Any]]:
    """The slides, checked (``settings``): each a title, points and a figure's id."""
    return read_settings(path, SLIDES).get("slides", [])


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
