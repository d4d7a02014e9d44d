"""A presentation to go with a report: slides from a small YAML, numbers from the ledger.

templates/slides/<report>.yml holds a list of slides, each a title, bullet points that may
quote ``{fact_id}``, and optionally a ``figure`` the notebook published (by its id); rendered
to PowerPoint (and revealjs where Quarto is present).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..ledger import Ledger


def read_slides(path: Path) -> list[dict[str, Any]]:
    try:
        slides = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("slides", [])
    except (FileNotFoundError, yaml.YAMLError) as error:
        raise DataError(f"cannot read slides: {str(error).splitlines()[0]}", file=path) from None
    for number, slide in enumerate(slides, start=1):
        if "title" not in slide:
            raise DataError(f"slide {number} has no title", file=path, column="slides")
    return slides


def slides_markdown(
    slides: list[dict[str, Any]],
    facts: Ledger,
    words: Mapping[str, str],
    figures: Mapping[str, str],
) -> str:
    """A level-2 heading per slide, its points as a list, then its figure with its alt text. A
    figure the notebook did not publish this year (a service's log not covering it) is left out,
    and so is a slide left with nothing to show."""
    lines: list[str] = []
    for slide in slides:
        if not slide.get("points") and slide.get("figure") not in figures:
            continue
        lines += [f"## {facts.fill(str(slide['title']), **words)}", ""]
        lines += [f"- {facts.fill(str(point), **words)}" for point in slide.get("points", [])]
        if slide.get("figure") in figures:
            lines += ["", figures[slide["figure"]]]
        lines.append("")
    return "\n".join(lines)
