"""Layout as a council's communications officer checks it before publishing, page by page, with
the readers the public has: PDF pages that break well (the PDF's tags say what each part is,
poppler where its lines fall, qpdf whether the file is sound), Word that opens finished (its XML,
and the pages LibreOffice lays out), charts and tables a phone can read (Chromium, 320 CSS px
wide), and slides whose parts do not overlap (the .pptx's geometry, and LibreOffice's slides).
Each report is built once per session (conftest's ``built``)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import need
from tests.test_readers import (
    REPORTS,
    headings,
    plain,
    text,
)

pytestmark = pytest.mark.slow

# A4 in points, and the PDF's text area (typst-template.typ's margins): what lies outside it is
# the running header and footer
PAGE_TOP, PAGE_BOTTOM = 62.0, 785.0
KEPT_ROWS = 2  # a table's header stands with at least this many rows, its notes too
PHONE, DESKTOP = 320, 1000  # CSS px
PADDING = 8  # CSS px right of a table cell's text (council.css): hiding it hides nothing
LEAST_CHART_TEXT = 12  # px, at 320 CSS px
LEAST_SLIDE_TEXT = 14  # pt, on a slide as it is shown
EMU_PER_INCH = 914400
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "a": A,
    "p": P,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


def documents(built) -> list[tuple[Path, Path]]:
    """(PDF, its document) of every report and cover report."""
    found = []
    for report, period in REPORTS:
        folder = built(report, period)
        found += [(folder / f"{name}.pdf", folder / f"{name}.qmd") for name in DOCUMENTS]
    return found


DOCUMENTS = ("report", "cover-report")


# PDF: the parts in reading order, as the tags say -------------------------------------------


@dataclass(frozen=True)
class Part:
    """A part of the PDF as its structure tree tags it, on the page where it starts: a heading,
    a table's caption, header, row or notes (with the table's number and the row's), a chart,
    a chart's caption, or other text."""

    page: int
    kind: str
    table: int | None = None
    row: int | None = None
    title: str = ""


def _pages(element: dict) -> list[int]:
    found = [element["page_number"]] if element.get("mcids") else []
    for child in element.get("children", []):
        found += _pages(child)
    return found


def parts(pdf: Path) -> list[Part]:
    """The tagged parts of a PDF in reading order (read by pdfplumber)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        tree = list(document.structure_tree)
    found: list[Part] = []
    tables = 0

    def table(element: dict, number: int) -> None:
        rows = 0
        for child in element.get("children", []):
            kind = child["type"]
            if kind == "Caption":
                found.append(Part(min(_pages(child)), "caption", number))
            elif kind == "THead":
                found.extend(Part(page, "header", number) for page in sorted(set(_pages(child))))
            for row in child.get("children", []) if kind in ("TBody", "TFoot") else []:
                cells = row.get("children", [])
                notes = any(c["type"] == "P" for cell in cells for c in cell.get("children", []))
                if _pages(row):
                    rows += not notes
                    kind = "notes" if notes else "row"
                    found.append(Part(min(_pages(row)), kind, number, None if notes else rows))

    def walk(element: dict) -> None:
        nonlocal tables
        kind = element["type"]
        if kind == "Table":
            tables += 1
            table(element, tables)
        elif re.fullmatch(r"H\d", kind):
            found.append(Part(min(_pages(element)), "heading", title=element.get("title", "")))
        elif kind in ("Figure", "Caption"):
            found.append(Part(min(_pages(element)), "chart" if kind == "Figure" else "legend"))
        elif element.get("mcids"):
            found.append(Part(element["page_number"], "text"))
        else:
            for child in element.get("children", []):
                walk(child)

    for element in tree:
        walk(element)
    return found


def test_pdf_tables_keep_their_header_and_their_notes_with_two_rows(built):
    """A table's header (first or repeated) never ends a page or stands alone over the notes:
    wherever a table's caption, header, rows or notes are, at least two of its rows are too."""
    need("pdfinfo")
    for pdf, _ in documents(built):
        tables: dict[int, list[Part]] = {}
        for part in parts(pdf):
            if part.table is not None:
                tables.setdefault(part.table, []).append(part)
        for number, found in tables.items():
            rows = {p.row for p in found if p.kind == "row"}
            for page in sorted({p.page for p in found}):
                here = {p.row for p in found if p.kind == "row" and p.page == page}
                kinds = sorted({p.kind for p in found if p.page == page} - {"row"})
                assert len(here) >= min(KEPT_ROWS, len(rows)), (
                    f"{pdf.parents[2].name} {pdf.name}: table {number} has {len(here)} of its "
                    f"{len(rows)} rows on page {page}, with its {', '.join(kinds)}"
                )


def test_pdf_charts_stay_with_the_table_before_them(built):
    """A chart that follows a table (the same figures, drawn) is on the page the table ends."""
    need("pdfinfo")
    for pdf, _ in documents(built):
        found = parts(pdf)
        for before, caption, chart in zip(found, found[1:], found[2:], strict=False):
            if chart.kind == "chart" and caption.kind == "legend" and before.table is not None:
                assert chart.page == before.page, (
                    f"{pdf.parents[2].name} {pdf.name}: table {before.table} ends on page "
                    f"{before.page}, its chart is on page {chart.page}"
                )


def lines(pdf: Path) -> list[list[str]]:
    """Each page's lines inside the text area, top to bottom, as poppler's bounding boxes place
    them (the words of one line of text, or of one row of a table)."""
    boxes = text(pdf, "-bbox-layout")
    found = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.S):
        rows: dict[float, list[tuple[float, str]]] = {}
        for top, left, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page
        ):
            top, left = float(left), float(top)  # (poppler writes x before y)
            if PAGE_TOP < top < PAGE_BOTTOM:
                rows.setdefault(round(top), []).append((left, plain(word)))
        found.append([" ".join(w for _, w in sorted(rows[y])) for y in sorted(rows)])
    return found


def test_pdf_pages_never_end_with_a_heading_or_a_tables_caption(built):
    """The last line of a page is never a heading or a table's caption: each goes where what it
    introduces goes (the caption of a chart, under it, may end a page)."""
    need("pdftotext")
    for pdf, qmd in documents(built):
        titles = {title for _, title in headings(qmd)} | {"Contents"}
        for number, page in enumerate(lines(pdf)[:-1], start=1):
            last = page[-1] if page else ""
            where = f"{pdf.parents[2].name} {pdf.name} page {number}"
            assert last not in titles, f"{where} ends with the heading {last!r}"
            assert not re.match(r"Table \d+:", last), f"{where} ends with a caption: {last!r}"


def test_pdf_structure_is_sound_by_qpdf(built):
    """qpdf finds nothing wrong in any PDF (poppler's 'Suspects object is wrong type' is its own
    quirk with a valid /Suspects false)."""
    need("qpdf")
    for pdf, _ in documents(built):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout
        assert "WARNING" not in result.stdout + result.stderr
