"""The outputs as real readers see them: LibreOffice opens every Word and PowerPoint file (and
draws it to PDF), Chromium with axe-core checks every HTML page (and its reflow at 320 CSS px),
and poppler reads the PDFs' tags, reading order and pages. Each report is built once per session
(the ``built`` fixture) and each file converted once. A test whose reader is missing skips, saying
which, or under CI=true fails (tests/readers.py; `make readers` installs them)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import RAG_FILLS, painted, registered
from tests.readers import need

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
EXAMPLE = ROOT / "templates" / "example"
REPORTS = [(report.id, str(report.test_target[1])) for report in registered()]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NOTES = ("Source:", "Symbols:")  # lines under a table that must never open a page
COUNCIL = "Bath & North East Somerset Council"
WIDE = 6  # columns: a table this wide must still keep its labels to three lines
# A4 in points, and the PDF's text area (typst-template.typ's margins)
PAGE_TOP, PAGE_BOTTOM = 62.0, 785.0


def buildable(built) -> list[Path]:
    """The folders of the REPORTS that build (one that does not: its own tests say why)."""
    folders = []
    for report, period in REPORTS:
        try:
            folders.append(built(report, period))
        except AssertionError:
            continue
    return folders


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example documents rendered by the fallback (the slides stand in for a report's until
    every report has them)."""
    from council_reports.render.pandoc_typst import PandocTypstRenderer

    folder = tmp_path_factory.mktemp("example") / "doc"
    shutil.copytree(EXAMPLE, folder)
    renderer = PandocTypstRenderer()
    renderer.render(
        folder / "example.qmd", ["html", "docx", "pdf"], folder, timestamp=0, templates=TEMPLATES
    )
    renderer.render(folder / "slides.qmd", ["pptx"], folder, timestamp=0, templates=TEMPLATES)
    return folder


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory, built, example):
    """``libreoffice(path)``: the PDF LibreOffice makes of a .docx or .pptx. Every document these
    tests open goes through one LibreOffice run (starting it costs more than a conversion)."""
    need("soffice")
    root = tmp_path_factory.mktemp("libreoffice")
    documents = [example / "example.docx", example / "slides.pptx"]
    for folder in buildable(built):
        documents += [folder / "report.docx", folder / "cover-report.docx", *slides_of(folder)]
        documents.append(folder / "report.xlsx")
    converted: dict[Path, Path] = {}
    for number, path in enumerate(documents):  # each under a name of its own: the PDF's name
        converted[path] = Path(shutil.copyfile(path, root / f"{number}{path.suffix}"))
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(root / "pdf"), *map(str, converted.values())),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )

    def convert(path: Path) -> Path:
        pdf = root / "pdf" / f"{converted[path].stem}.pdf"
        assert pdf.is_file(), f"LibreOffice could not open {path.name}"
        return pdf

    return convert


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


@cache
def text(pdf: Path, *options: str) -> str:
    return plain(
        subprocess.run(
            ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def words(pdf: Path) -> set[str]:
    return {w.strip(".,;:()") for w in text(pdf).split()}


def unescaped(text: str) -> str:
    """Markdown text as a reader compares it: escapes dropped, one kind of apostrophe."""
    return plain(re.sub(r"\\(.)", r"\1", text))


def plain(text: str) -> str:
    """Text with typographic apostrophes made plain, as readers and writers differ on them."""
    return text.replace("\u2019", "'")


def front_matter(qmd: Path) -> dict[str, str]:
    """The document's metadata, as text a reader sees (the running header uses some)."""
    import yaml

    meta = yaml.safe_load(qmd.read_text(encoding="utf-8").split("---\n")[1])
    return {key: unescaped(str(value)) for key, value in meta.items() if isinstance(value, str)}


def headings(qmd: Path) -> list[tuple[int, str]]:
    """(level, text) of the document's headings, in order (## and deeper; # is the title)."""
    found = re.findall(r"^(#{2,6}) (.+?)(?: \{#[^}]*\})?$", qmd.read_text(encoding="utf-8"), re.M)
    return [(len(marks), unescaped(title)) for marks, title in found]


# Word ----------------------------------------------------------------------------------------


def check_word(docx: Path, pdf: Path, libreoffice) -> Path:
    """LibreOffice's PDF of ``docx``, checked: about the PDF's length, no word broken in a
    table."""
    drawn = libreoffice(docx)
    # about as long as the PDF: column widths, sizes and spacing follow it
    assert abs(pages(drawn) - pages(pdf)) <= max(1, 0.3 * pages(pdf)), (pages(drawn), pages(pdf))
    seen = words(drawn)
    document = Document(docx)
    broken = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for word in cell.text.split():
                    word = word.strip(".,;:()")
                    if len(word) > 3 and word.isalpha() and word not in seen:
                        broken.add(word)
    assert not broken, f"words broken across lines in {docx.name}'s tables: {sorted(broken)}"
    return drawn


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_word_opens_in_libreoffice_whole_words_contents_and_about_the_pdfs_length(
    built, libreoffice, report, period
):
    need("pdftotext", "pdfinfo")
    folder = built(report, period)
    drawn = check_word(folder / "report.docx", folder / "report.pdf", libreoffice)
    check_word(folder / "cover-report.docx", folder / "cover-report.pdf", libreoffice)
    # the contents show their entries when the file is opened: each top-level section
    first_pages = text(drawn, "-l", "2")
    contents = first_pages[first_pages.index("Contents") :]
    sections = [title for level, title in headings(folder / "report.qmd") if level == 2]
    assert sections and all(title in contents for title in sections)
    styles = [p.style.name for p in Document(folder / "report.docx").paragraphs]
    assert "Heading 1" in styles and styles.index("Title") < styles.index("Heading 1")


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_the_workbook_opens_in_calc_and_holds_every_table_as_the_report_shows_it(
    built, libreoffice, report, period
):
    """LibreOffice Calc opens report.xlsx (and draws it); each table's sheet holds the figures
    of tables/<id>.csv, the table as the report shows it, numbers stored as numbers."""
    from openpyxl import load_workbook

    folder = built(report, period)
    assert pages(libreoffice(folder / "report.xlsx")) >= 1
    book = load_workbook(folder / "report.xlsx")
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    with (folder / "tables" / "index.csv").open(encoding="utf-8", newline="") as handle:
        indexed = list(csv.DictReader(handle))
    assert indexed
    for index in indexed:
        sheet = book[index["table"][:31]]
        assert not sheet.merged_cells.ranges
        cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
        with (folder / "tables" / index["file"]).open(encoding="utf-8", newline="") as handle:
            for line in csv.DictReader(handle):
                if not line["column"]:
                    continue  # a table of words alone: its rows' labels
                shown = f"[{line['symbol']}]" if line["symbol"] else line["value"]
                assert any(str(c) == shown or _same_number(c, shown) for c in cells), (
                    index["table"],
                    line["column"],
                    shown,
                )


def _same_number(cell: object, shown: str) -> bool:
    try:
        return isinstance(cell, int | float) and abs(cell - float(shown)) < 1e-9
    except ValueError:
        return False


@pytest.mark.slow
def test_word_rated_cells_are_filled_in_libreoffice(example, libreoffice):
    assert painted(libreoffice(example / "example.docx")) >= RAG_FILLS


# PDF -----------------------------------------------------------------------------------------


@cache  # a session's builds do not change
def listing(pdf: Path) -> str:
    """The PDF's structure tree as poppler reads it (``pdfinfo -struct``)."""
    return subprocess.run(
        ["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True
    ).stdout


def structure(pdf: Path) -> list[tuple[str, str]]:
    """(tag, title) of each top-level structure element, in reading order."""
    return re.findall(r'^  (\w+)(?: "([^"]*)")?', plain(listing(pdf)), re.M)


def body_lines(pdf: Path, page: int, running: set[str]) -> list[str]:
    lines = [line.strip() for line in text(pdf, "-f", str(page), "-l", str(page)).splitlines()]
    return [line for line in lines if line and line not in running and not line.startswith("Page ")]


def lowest_text(pdf: Path) -> list[float]:
    """Where the text ends on each page (points from the top), running header and footer left
    out."""
    boxes = text(pdf, "-bbox")
    ends = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.S):
        bottoms = [
            float(y)
            for top, y in re.findall(r'<word [^>]*yMin="([\d.]+)" [^>]*yMax="([\d.]+)"', page)
            if float(top) > PAGE_TOP and float(y) < PAGE_BOTTOM
        ]
        ends.append(max(bottoms, default=PAGE_TOP))
    return ends


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_pdf_has_one_h1_headings_in_reading_order_and_tagged_tables(built, report, period):
    need("pdfinfo")
    folder = built(report, period)
    tags = structure(folder / "report.pdf")
    assert [tag for tag, _ in tags].count("H1") == 1
    found = [(int(tag[1]), title) for tag, title in tags if re.fullmatch(r"H[2-6]", tag)]
    assert found[0] == (2, "Contents")
    assert found[1:] == headings(folder / "report.qmd")  # every heading, in the document's order
    tables = (folder / "report.qmd").read_text(encoding="utf-8").count("{#tbl-")
    assert len(re.findall(r"^\s+Table\b", listing(folder / "report.pdf"), re.M)) == tables


def table_cells(pdf: Path) -> list[tuple[str, str, int, list[str]]]:
    """(TH or TD, its table, its column, its lines as typst set them) of every table cell but
    the notes row (a paragraph in a footer cell), read by pdfplumber: the structure tree gives
    each cell's marked content, the page its characters (poppler's ``pdfinfo -struct-text``
    reads the same but takes ten seconds a report)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        marked: dict[tuple[int, int], list[dict]] = {}
        for page in document.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    marked.setdefault((page.page_number, char["mcid"]), []).append(char)
        elements = list(document.structure_tree)
    cells = []
    while elements:
        element = elements.pop(0)
        elements[:0] = element.get("children", [])
        if element["type"] not in ("TH", "TD"):
            continue
        if any(child["type"] == "P" for child in element.get("children", [])):
            continue  # the notes row
        place = element.get("id") or element["attributes"]["Headers"][0]
        table, column = re.match(r"(U\d+)x(\d+)y\d+", _text(place)).groups()
        lines: dict[float, str] = {}
        for mcid in element.get("mcids", []):
            for char in marked.get((element["page_number"], mcid), []):
                top = round(char["top"], 1)
                lines[top] = lines.get(top, "") + char["text"]
        cells.append((element["type"], table, int(column), [lines[top] for top in sorted(lines)]))
    return cells


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_pdf_tables_fit_words_whole_and_labels_on_few_lines(built, report, period):
    need("pdfinfo")
    folder = built(report, period)
    cells = table_cells(folder / "report.pdf")
    assert cells
    columns: dict[str, int] = {}
    for _, table, column, _ in cells:
        columns[table] = max(columns.get(table, 0), column + 1)
    for tag, table, column, lines in cells:
        # a line ends at a space (or after a hyphen or slash): no word is broken
        broken = [line for line in lines[:-1] if not line.endswith((" ", "-", "/"))]
        assert not broken, f"a {tag} in column {column} breaks a word: {lines}"
        label = tag == "TD" and re.search(r"[A-Za-z]{3}", "".join(lines))  # not a number
        if label and columns[table] >= WIDE:  # a wide table still gives its labels room
            assert len(lines) <= 3, f"a label wraps onto {len(lines)} lines: {lines}"


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_pdf_pages_keep_notes_with_tables_and_are_never_a_third_empty_mid_section(
    built, report, period
):
    need("pdftotext", "pdfinfo")
    folder = built(report, period)
    pdf = folder / "report.pdf"
    qmd = folder / "report.qmd"
    running = {*front_matter(qmd).values(), "Contains synthetic data"}
    sections = {t for level, t in headings(qmd) if level == 2}
    ends = lowest_text(pdf)
    for page in range(2, pages(pdf) + 1):
        first = body_lines(pdf, page, running)[0]
        assert not first.startswith(NOTES), f"page {page} opens with a table's notes: {first}"
        # the page before is at most a third empty, unless a top-level section starts here
        empty = (PAGE_BOTTOM - ends[page - 2]) / (PAGE_BOTTOM - PAGE_TOP)
        assert empty <= 1 / 3 or first in sections, f"page {page - 1} is {empty:.0%} empty"


# HTML ----------------------------------------------------------------------------------------


def axe_findings(browser, page_path: Path, width: int = 1280) -> list[str]:
    """What axe-core finds on the page in a window ``width`` CSS px wide."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 720})
    try:
        page.goto(page_path.as_uri())
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(page, options=options)  # violations only: the passes cost seconds
        return [
            f"{v['id']}: {len(v['nodes'])} ({v['nodes'][0]['html'][:80]})"
            for v in results.response["violations"]
        ]
    finally:
        page.close()


def width_at_320px(browser, page_path: Path, probe: Path) -> tuple[int, int]:
    """The page's scroll width and client width in a 320 CSS px iframe (headless Chromium will
    not size a window that narrow)."""
    probe.write_text(
        '<!DOCTYPE html><html lang="en"><title>probe</title><body style="margin:0">'
        f'<iframe title="page" src="{page_path.as_uri()}" style="width:320px;height:640px;'
        'border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        page.goto(probe.as_uri())
        page.wait_for_load_state("load")
        frame = page.frames[1]
        return tuple(
            frame.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
        )
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.parametrize(("report", "period"), REPORTS)
def test_html_has_no_axe_findings_and_reflows_at_320px(built, browser, tmp_path, report, period):
    folder = built(report, period)
    for name in ("report.html", "cover-report.html"):
        for width in (1000, 320):  # a desktop's window, a phone's
            assert axe_findings(browser, folder / name, width) == [], (name, width)
        scroll, client = width_at_320px(browser, folder / name, tmp_path / "probe.html")
        assert client == 320 and scroll <= client, f"{name} is {scroll} px wide at 320 px"


@pytest.mark.slow
def test_axe_and_the_reflow_check_find_what_they_should(browser, tmp_path):
    """The checks can fail: a page with a wide table outside any scroll region and no main
    landmark."""
    page = tmp_path / "bad.html"
    cells = "".join(f"<td>Bath and North East Somerset {i}</td>" for i in range(8))
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>bad</title></head><body><h1>Report</h1>'
        f"<p>Text</p><table><tr>{cells}</tr></table></body></html>",
        encoding="utf-8",
    )
    assert any(
        f.startswith("region") or f.startswith("landmark") for f in axe_findings(browser, page)
    )
    scroll, client = width_at_320px(browser, page, tmp_path / "probe.html")
    assert scroll > client


# PowerPoint -----------------------------------------------------------------------------------


def slides_of(folder: Path) -> list[Path]:
    return [p for p in (folder / "slides.pptx",) if p.is_file()]


@pytest.mark.slow
def test_slides_open_in_libreoffice_with_a_title_on_every_slide_and_no_visible_alt_text(
    built, example, libreoffice
):
    need("pdftotext", "pdfinfo")
    decks = [(example / "slides.pptx", example / "slides.qmd")]
    for folder in buildable(built):
        decks += [(pptx, folder / "slides.qmd") for pptx in slides_of(folder)]
    for pptx, qmd in decks:
        drawn = libreoffice(pptx)
        source = qmd.read_text(encoding="utf-8")
        titles = [title for level, title in headings(qmd) if level == 2]
        synthetic = "synthetic: true" in source
        expected = ["Synthetic data"] * synthetic + titles
        assert pages(drawn) == 1 + len(expected), pptx
        for number, slide_title in enumerate(expected, start=2):
            page = " ".join(text(drawn, "-f", str(number), "-l", str(number)).split())
            page = page.replace(COUNCIL, "").strip()  # the logo's place, top right
            assert page.startswith(slide_title), (pptx.name, number, slide_title)  # may wrap
        shown = text(drawn)
        for alt in re.findall(r'fig-alt="([^"]+)"', source):
            assert alt.replace("\\", "") not in shown.replace("\n", " "), alt
