"""Layout as a council's communications officer checks it before publishing, page by page, with
the readers the public has: PDF pages that break well (the PDF's tags say what each part is,
poppler where its lines fall, qpdf whether the file is sound), Word that opens finished (its XML,
and the pages LibreOffice lays out), charts and tables a phone can read (Chromium, 320 CSS px
wide), and slides whose parts do not overlap (the .pptx's geometry, and LibreOffice's slides).
Each report is built once per session (conftest's ``built``)."""

from __future__ import annotations

import base64
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
    unescaped,
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


# HTML at a phone's width --------------------------------------------------------------------


def pages_of(built) -> list[Path]:
    found = []
    for report, period in REPORTS:
        folder = built(report, period, to="html")
        found += [folder / "report.html", folder / "cover-report.html"]
    return found


CHART_TEXT = """
() => [...document.querySelectorAll('img')].filter(img => img.offsetParent !== null).map(img => [
    img.getAttribute('src').slice(0, 60).includes('svg') ? img.getAttribute('src') : '',
    img.getBoundingClientRect().width, img.naturalWidth,
    img.getAttribute('aria-label') || img.getAttribute('alt') || ''])
"""


def smallest_text(source: str) -> float:
    """The smallest font size (px) in an SVG given as a data URI."""
    svg = base64.b64decode(source.split(",", 1)[1]).decode()
    return min(float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg))


def test_html_chart_text_stays_12px_on_a_phone(built, browser):
    """At 320 CSS px every chart shown has text of 12 px or more (a chart drawn for the page
    shrinks to fit, its labels with it; its twin drawn for a phone is shown instead), and keeps
    its alt text."""
    for page_path in pages_of(built):
        page = browser.new_page(viewport={"width": PHONE, "height": 640})
        try:
            page.goto(page_path.as_uri())
            charts = [c for c in page.evaluate(CHART_TEXT) if c[0]]
        finally:
            page.close()
        alts = re.findall(r'fig-alt="([^"]*)"', page_path.with_suffix(".qmd").read_text())
        assert len(charts) == len(alts), page_path
        for (source, shown, natural, alt), expected in zip(charts, alts, strict=True):
            size = smallest_text(source) * shown / natural
            where = f"{page_path.parents[2].name} {page_path.name}"
            assert size >= LEAST_CHART_TEXT, f"{where}: chart text {size:.1f} px"
            assert alt == unescaped(expected)


# Where a table region's parts are, and where its first column is once the table is scrolled
# to its end (whichever of the region and the table scrolls).
TABLE = """
region => {
    const table = region.querySelector('table');
    const first = () => region.querySelector('tbody td').getBoundingClientRect().left;
    const before = first();
    for (const box of [region, table]) box.scrollLeft = box.scrollWidth;
    const after = first();
    for (const box of [region, table]) box.scrollLeft = 0;
    const box = region.getBoundingClientRect();
    return {
        right: box.right,
        caption: region.querySelector('caption').getBoundingClientRect().right,
        hidden: Math.max(region.scrollWidth, table.scrollWidth) - region.clientWidth,
        moved: Math.abs(after - before),
        cue: parseFloat(getComputedStyle(region, '::before').fontSize),
    };
}
"""


def test_html_tables_on_a_phone_wrap_their_caption_keep_their_labels_and_show_they_scroll(
    built, browser
):
    """At 320 CSS px a table too wide for the screen scrolls in its region: its caption wraps
    to the width in view, its first column stays in view as the rest scroll past, and a line
    above it says there is more to see (council.css; unless all it hides is the last cell's
    padding); a table that fits says nothing of the kind."""
    for page_path in pages_of(built):
        for width in (PHONE, DESKTOP):
            page = browser.new_page(viewport={"width": width, "height": 800})
            try:
                page.goto(page_path.as_uri())
                regions = page.locator(".table-scroll")
                for index in range(regions.count()):
                    region = regions.nth(index)
                    report = page_path.parents[2].name
                    name = f"{report} {page_path.name} at {width} px, table {index + 1}"
                    found = region.evaluate(TABLE)
                    assert found["caption"] <= found["right"] + 1, f"{name}: caption cut off"
                    assert found["moved"] <= 1, f"{name}: its first column scrolls away"
                    if found["hidden"] > PADDING:
                        assert found["cue"] >= LEAST_CHART_TEXT, f"{name}: no cue that it scrolls"
                    elif found["hidden"] <= 0:
                        assert found["cue"] == 0, f"{name}: a scroll cue on a table that fits"
            finally:
                page.close()
