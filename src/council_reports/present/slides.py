"""A presentation to go with a report: slides from a small YAML, numbers from the ledger.

The report folder's ``slides.yml`` holds a list of slides, each a title and what it shows:
``points`` that may quote ``{{< fact id >}}`` (text, never markup; a point may be a mapping
shown only when a fact holds), ``rows`` (a table the notebook published, each row a point: its
first chosen column in bold, then the others; ``columns`` chooses them), a ``table`` (a table
the notebook published, as a grid) and a ``figure`` (a chart the notebook published), by id.
Rendered to PowerPoint (and revealjs where Quarto is present).

A slide puts its points first, then one table or chart: PowerPoint lays that out as points in a
band under the title and the table or chart below, the full width of the slide. Points that
would not fit (more than the band holds over a table or chart, or the body of a slide of points)
continue on the next slide, under the same title, "continued".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..ledger import Ledger
from ..markup import text as md
from ..numbers import SUPPRESSED
from ..settings import ListOf, Record, Text, read_settings
from .cover import PARAGRAPHS, paragraphs
from .prose import Where, fill_text

SLIDES = Record(
    {
        "slides": ListOf(
            Record(
                {
                    "title": Text(blank=False),
                    "points": PARAGRAPHS,
                    "rows": Text(),
                    "columns": ListOf(Text(blank=False)),
                    "table": Text(),
                    "figure": Text(),
                },
                what="keys of a slide",
                required=("title",),
            )
        )
    },
    what="slides settings",
)
# What the reference presentation's layouts hold of points at their 20-point size, about 64
# characters to a line across the slide: the body of a slide of points alone, and the band
# over a table or chart (its text, past that, would run onto the chart).
CHARACTERS_PER_LINE = 64
BODY_LINES = 12
BAND_LINES = 2
CONTINUED = " (continued)"


def read_slides(path: Path) -> list[dict[str, Any]]:
    """The slides, checked (``settings``): each a title, points, a published table's rows as
    points, and one table or one chart by its id."""
    slides = read_settings(path, SLIDES).get("slides", [])
    for number, slide in enumerate(slides, start=1):
        if "table" in slide and "figure" in slide:
            raise DataError(
                f"slide {number} has both a table and a figure",
                file=path,
                column=f"slides[{number}]",
                hint="a slide shows one table or one chart, below its points",
            )
    return slides


def row_points(shown: Mapping[str, Any], columns: list[str] | None) -> list[str]:
    """A table's rows as points (Markdown): the first of ``columns`` (every column when None)
    in bold, then the others; text from the data is escaped as text."""
    cells: Mapping[str, list[str]] = shown["columns"]
    chosen = columns or list(cells)
    rows = len(next(iter(cells.values()), []))
    points = []
    for row in range(rows):
        texts = [md(cells[column][row]) for column in chosen]
        lead, rest = texts[0], texts[1:]
        points.append(f"**{lead}**: " + " ".join(rest) if rest else lead)
    return points


def lines(point: str) -> int:
    """The lines a point takes on a slide, about: its text without Markdown's marks."""
    text = re.sub(r"\\(.)", r"\1", point).replace("**", "")
    return max(1, math.ceil(len(text) / CHARACTERS_PER_LINE))


def pages(points: list[str], below: str | None) -> list[tuple[list[str], str | None]]:
    """The slides a slide's points and its table or chart take: the points over the table or
    chart when they fit the band above it; otherwise slides of points alone, shared as evenly
    as whole points allow, then the table or chart on a slide of its own."""
    total = sum(map(lines, points))
    if below and total <= BAND_LINES:
        return [(points, below)]
    share = math.ceil(total / math.ceil(total / BODY_LINES))  # as even as whole points allow
    shown: list[tuple[list[str], str | None]] = []
    for point in points:
        taken = sum(map(lines, shown[-1][0])) if shown else BODY_LINES
        # a new slide when this point would overfill this one, or sit mostly past its share
        if taken + lines(point) > BODY_LINES or taken + lines(point) / 2 > share:
            shown.append(([], None))
        shown[-1][0].append(point)
    return shown + ([([], below)] if below else [])


def _hides_a_cell(shown: Mapping[str, Any]) -> bool:
    """Whether a published table (as ``Table.shown`` gives it) shows a figure as ``c``."""
    return any(text == SUPPRESSED for column in shown["columns"].values() for text in column)


def slides_markdown(
    slides: list[dict[str, Any]],
    facts: Ledger,
    figures: Mapping[str, str],
    path: Path,
    tables: Mapping[str, Any] | None = None,
) -> str:
    """A level-2 heading per slide, its points as a list, then its table or figure. A table or
    figure the notebook did not publish this year (a service's log not covering it) is left
    out, and so is a table with a figure hidden in it (``c``: a public build's, or the DfE's),
    which the report shows with the key that says what ``c`` means; a slide left with nothing to
    show is left out."""
    tables = tables or {}
    markdown: list[str] = []
    for number, slide in enumerate(slides, start=1):
        where = Where(path, field=f"slides[{number}]")
        points = paragraphs(slide.get("points"), facts, Where(path, field=f"{where.field}.points"))
        listed = tables.get(slide.get("rows", ""))
        if listed is not None:
            points += row_points(listed, slide.get("columns"))
        shown = tables.get(slide.get("table", ""))
        if shown is not None and _hides_a_cell(shown):
            shown = None  # no room on a slide for what "c" means: the report shows it, keyed
        below = figures.get(slide.get("figure", "")) or (shown and shown["markdown"])
        if not points and not below:
            continue
        title = fill_text(str(slide["title"]), facts, where)
        for page, (shown, chart) in enumerate(pages(points, below)):
            markdown += [f"## {title}{CONTINUED if page else ''}", ""]
            markdown += [f"- {point}" for point in shown]
            if chart:
                markdown += ["", chart]
            markdown.append("")
    return "\n".join(markdown)
