"""The IRO presentation as the panel sees it, read from the .pptx's geometry (python-pptx):
every published part of the council's deck is there, from the data; no shape lies over another
(text taking the room its lines need, not only its box); chart text is 14 pt or more at the
slide's size; no slide is more than half empty; and slides.py's composition rules on their own.

Text heights are estimated: a line of a paragraph holds as many characters as fit at 0.48 em
each (Arial's letters in English text average about 0.45 em, so the estimate is generous; a
slide's fill is judged at 0.45 em), at 1.2 times the font size, with a fifth of a line between
paragraphs.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from council_reports.present.charts import SLIDE_TEXT
from council_reports.present.slides import BAND_LINES, BODY_LINES, lines, pages
from council_reports.templates import PNG_PPI

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "data" / "iro" / "service"
PERIOD = "2024-25"
EMU = 914400  # to the inch
SLIDE_TEXT_MIN = 14  # points: the smallest chart text a slide may show (the floor)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
INSET = 0.1  # a text frame's margin each side, inches (the default)
INDENT = 0.375  # a bullet's indent, inches (the reference presentation's body style)
TABLE_EM = 0.05  # a table cell's text is judged wider still: readers pad cells more than frames
# Slides of the format's own, not the report's: the title slide and the synthetic-data notice.
OWN = ("Title Slide",)
NOTICE = "Synthetic data"


@dataclass(frozen=True)
class Box:
    """Where a shape's content lies on its slide, in inches."""

    name: str
    left: float
    top: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        across = min(self.left + self.width, other.left + other.width) - max(self.left, other.left)
        down = min(self.top + self.height, other.top + other.height) - max(self.top, other.top)
        return across > 0.02 and down > 0.02


def _inches(emu: int) -> float:
    return emu / EMU


def _inherited(shape, slide) -> list:
    """The elements a placeholder takes its text's look from, nearest first: its layout's
    placeholder, the master's placeholder of its type, the master's text style."""
    sources = []
    if shape.is_placeholder:
        idx, kind = shape.placeholder_format.idx, shape.placeholder_format.type
        layout = slide.slide_layout.placeholders
        sources += [p.element for p in layout if p.placeholder_format.idx == idx]
        master = slide.slide_layout.slide_master.placeholders
        sources += [p.element for p in master if p.placeholder_format.type == kind]
    style = "titleStyle" if shape == slide.shapes.title else "bodyStyle"
    return [shape.element, *sources, *slide.slide_layout.slide_master.element.iter(f"{P}{style}")]


def _size(shape, slide) -> float:
    """The text size of a placeholder or text box, in points: its runs' own, else what it
    inherits."""
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            if run.font.size:
                return run.font.size.pt
    for source in _inherited(shape, slide)[1:]:
        found = source.find(f".//{A}lvl1pPr/{A}defRPr")
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    return 18.0


def _anchor(shape, slide) -> str:
    """Where a text sits in its box: "t" (top), "ctr" or "b", as it or what it inherits says."""
    for source in _inherited(shape, slide)[:-1]:
        found = source.find(f".//{A}bodyPr")
        if found is not None and found.get("anchor"):
            return found.get("anchor")
    return "t"


def _text_height(paragraphs: list[str], width: float, points: float, em: float) -> float:
    """Inches a text's paragraphs take in a frame ``width`` inches wide (insets and a bullet's
    indent inside it), a character being ``em`` of an em wide."""
    per_line = max(1, int((width - 2 * INSET) / (em * points / 72)))
    count = sum(max(1, math.ceil(len(text) / per_line)) for text in paragraphs)
    return (count * 1.2 + 0.2 * (len(paragraphs) - 1)) * points / 72 + INSET


def _content(shape, slide, em: float) -> Box | None:
    """Where a shape's content lies: a text from the top of its box down as far as its lines
    need (past the box, if they need more), a table as far as its rows need, a picture its
    box. None for an empty text."""
    left, top = _inches(shape.left), _inches(shape.top)
    width, height = _inches(shape.width), _inches(shape.height)
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        return Box(shape.name, left, top, width, height)
    if shape.has_table:
        rows = 0.0
        columns = [_inches(c.width) for c in shape.table.columns]
        for row in shape.table.rows:
            rows += max(
                _text_height(
                    [p.text for p in cell.text_frame.paragraphs],
                    column,
                    _size_of_cell(cell),
                    em + TABLE_EM,
                )
                for cell, column in zip(row.cells, columns, strict=True)
            )
        return Box(shape.name, left, top, width, rows)
    if not shape.has_text_frame or not shape.text_frame.text.strip():
        return None
    paragraphs = [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
    bullets = shape.is_placeholder and shape != slide.shapes.title
    needed = _text_height(paragraphs, width - (INDENT if bullets else 0), _size(shape, slide), em)
    anchor = _anchor(shape, slide)
    shift = {"b": height - needed, "ctr": (height - needed) / 2}.get(anchor, 0.0)
    return Box(shape.name, left, top + shift, width, needed)


def _size_of_cell(cell) -> float:
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            if run.font.size:
                return run.font.size.pt
    return 18.0


def _ours(slide) -> bool:
    title = slide.shapes.title.text if slide.shapes.title is not None else ""
    return slide.slide_layout.name not in OWN and title != NOTICE


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(str(built("iro", PERIOD) / "slides.pptx"))


def _text(deck) -> str:
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(" ".join(texts).replace("\u2019", "'").split())


def _statements(name: str, column: str, year: str = PERIOD) -> list[str]:
    with (SERVICE / name).open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle) if row["year"] == year]


def test_the_decks_published_parts_are_there_from_the_data(deck):
    text = _text(deck)
    for name, column, year in (
        ("responsibilities.csv", "part", PERIOD),  # the IRO's core responsibilities
        ("responsibilities.csv", "responsibility", PERIOD),
        ("feedback.csv", "feedback", PERIOD),  # what people said of the service
        ("internal_audit.csv", "assessment", PERIOD),  # the audit's ratings
        ("internal_audit.csv", "objective", PERIOD),
        ("development_areas.csv", "area", "2025-26"),  # the list of improvements
    ):
        for statement in _statements(name, column, year):
            assert " ".join(statement.split()) in text, (name, statement)
    # the DRP by stage, as a table: a row a quarter, a column a stage
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    stages = next(t for t in tables if t.cell(0, 1).text == "Stage 1")
    assert [stages.cell(r, 0).text for r in range(1, 4)] == ["Q3", "Q4", "Total"]
    assert [stages.cell(1, c).text for c in range(1, 7)] == ["8", "10", "5", "1", "0", "24"]


def test_no_shape_lies_over_another(deck):
    crossed = []
    for number, slide in enumerate(deck.slides, start=1):
        boxes = [b for s in slide.shapes if (b := _content(s, slide, em=0.48)) is not None]
        crossed += [
            (number, one.name, other.name)
            for one, other in combinations(boxes, 2)
            if one.overlaps(other)
        ]
        height = _inches(deck.slide_height)
        crossed += [
            (number, b.name, "the slide's foot") for b in boxes if b.top + b.height > height
        ]
    assert not crossed


def test_chart_text_is_14_points_or_more_at_the_slides_size(deck):
    charts = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.PICTURE:
                continue
            charts += 1
            drawn = Image.open(io.BytesIO(shape.image.blob)).size[0] / PNG_PPI  # inches
            points = SLIDE_TEXT * 0.75 * _inches(shape.width) / drawn  # px at 96 to the inch
            assert points >= SLIDE_TEXT_MIN, (number, shape.name, round(points, 1))
    assert charts >= 7  # the deck's charts (placements show their table): none skipped


def test_no_slide_is_more_than_half_empty(deck):
    bare = []
    for number, slide in enumerate(deck.slides, start=1):
        if not _ours(slide):
            continue
        title = slide.shapes.title
        below = _inches(title.top + title.height)
        room = _inches(deck.slide_height) - below - 0.25
        boxes = [
            b for s in slide.shapes if s != title and (b := _content(s, slide, em=0.45)) is not None
        ]
        if sum(b.height for b in boxes) < room / 2:
            bare.append((number, title.text))
    assert not bare


@pytest.mark.parametrize(
    ("points", "below", "expected"),
    [
        (["a" * 100], "chart", [[2]]),  # two lines fit the band over a chart
        (["a" * 100, "b" * 40], "chart", [[2, 1], []]),  # three do not: the chart goes on
        (["a" * 130] * 6, None, [[3, 3, 3], [3, 3, 3]]),  # shared evenly
        (["a" * 60] * 12, None, [[1] * 12]),  # a slide's body holds twelve lines
    ],
)
def test_points_continue_on_the_next_slide_when_they_would_not_fit(points, below, expected):
    shown = pages(points, below)
    assert [[lines(point) for point in page] for page, _ in shown] == expected
    assert [chart for _, chart in shown][-1] == below
    assert BAND_LINES == 2 and BODY_LINES == 12
