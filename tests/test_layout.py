"""Layout as a council's communications officer checks it before publishing, page by page, with
the readers the public has: PDF pages that break well (the PDF's tags say what each part is,
poppler where its lines fall, qpdf whether the file is sound), Word that opens finished (its XML,
and the pages LibreOffice lays out), charts and tables a phone can read (Chromium, 320 CSS px
wide), and slides whose parts do not overlap (the .pptx's geometry, and LibreOffice's slides).
Each report is built once per session (conftest's ``built``)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from council_reports.present.charts import SLIDE_TEXT
from council_reports.render.office import related
from council_reports.templates import PNG_PPI
from tests.conftest import RAG_FILLS
from tests.readers import need
from tests.test_readers import (
    PAGE_BOTTOM,
    PAGE_TOP,
    REPORTS,
    front_matter,
    headings,
    plain,
    text,
    unescaped,
)

pytestmark = pytest.mark.slow

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


# Word ------------------------------------------------------------------------------------


def part(path: Path, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read(name))


def test_word_asks_to_update_its_fields_and_lists_every_section(built):
    """Word fills the contents' page numbers when it opens the file (w:updateFields): only its
    own pagination can give them. The entries are there before it does."""
    for report, period in REPORTS:
        folder = built(report, period)
        docx = folder / "report.docx"
        settings = part(docx, "word/settings.xml").find("w:updateFields", NS)
        assert settings is not None and settings.get(f"{{{W}}}val") == "true"
        contents = part(docx, "word/document.xml").find(".//w:sdt", NS)
        entries = ["".join(link.itertext()) for link in contents.iterfind(".//w:hyperlink", NS)]
        sections = [title for level, title in headings(folder / "report.qmd") if level == 2]
        assert [plain(e) for e in entries] == sections


def test_word_pictures_are_described_by_their_alt_text(built):
    """A reader of the picture finds the chart's alt text, never its file path."""
    for report, period in REPORTS:
        folder = built(report, period)
        alts = [
            unescaped(alt)
            for alt in re.findall(r'fig-alt="([^"]*)"', (folder / "report.qmd").read_text())
        ]
        document = part(folder / "report.docx", "word/document.xml")
        drawings = list(document.iter(f"{{{NS['wp']}}}inline"))
        assert len(drawings) == len(alts), report
        for drawing, alt in zip(drawings, alts, strict=True):
            described = [drawing.find("wp:docPr", NS).get("descr")]
            described += [inner.get("descr") for inner in drawing.iter(f"{{{NS['pic']}}}cNvPr")]
            assert {plain(d) for d in described} == {alt}, described


def test_office_files_are_dated_from_the_build_with_their_title_and_author(built):
    """Word and PowerPoint say they were made on the build's date, as the PDF does (never on
    1 January 1970), and carry the document's title and author."""
    from pypdf import PdfReader

    for report, period in REPORTS:
        folder = built(report, period)
        made = PdfReader(folder / "report.pdf").metadata.creation_date
        when = made.strftime("%Y-%m-%dT%H:%M:%SZ")
        meta = front_matter(folder / "report.qmd")
        for office in [folder / "report.docx", *folder.glob("slides.pptx")]:
            core = part(office, "docProps/core.xml")
            assert core.findtext("dcterms:created", namespaces=NS) == when, office.name
            assert core.findtext("dcterms:modified", namespaces=NS) == when, office.name
            assert plain(core.findtext("dc:title", namespaces=NS)) == meta["title"]
            assert core.findtext("dc:creator", namespaces=NS)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, built):
    """``drawn(path)``: the PDF LibreOffice makes of a report's .docx or slides (one run)."""
    need("soffice")
    root = tmp_path_factory.mktemp("drawn")
    files = {}
    for number, (report, period) in enumerate(REPORTS):
        folder = built(report, period)
        for path in [folder / "report.docx", *folder.glob("slides.pptx")]:
            files[path] = Path(shutil.copyfile(path, root / f"{number}-{path.name}"))
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(root / "pdf"), *map(str, files.values())),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return lambda path: root / "pdf" / f"{files[path].stem}.pdf"


def test_word_headings_stay_with_what_follows_in_libreoffice(built, drawn):
    """No page of Word's document, as LibreOffice lays it out, ends with a heading."""
    need("pdftotext")
    for report, period in REPORTS:
        folder = built(report, period)
        titles = {title for _, title in headings(folder / "report.qmd")}
        pdf = drawn(folder / "report.docx")
        for number, page in enumerate(text(pdf).split("\f")[:-1], start=1):
            body = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in body if not line.startswith("Page ")]  # the footer
            assert not body or body[-1] not in titles, f"{report} page {number}: {body[-1]}"


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
        fills: [...region.querySelectorAll('td[class*="rag-"]')].map(
            cell => getComputedStyle(cell).backgroundColor),
    };
}
"""


def test_html_tables_on_a_phone_wrap_their_caption_keep_their_labels_and_show_they_scroll(
    built, browser
):
    """At 320 CSS px a table too wide for the screen scrolls in its region: its caption wraps
    to the width in view, its first column stays in view as the rest scroll past (its rated
    cells still filled), and a line above it says there is more to see (council.css; unless all
    it hides is the last cell's padding); a table that fits says nothing of the kind."""
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
                    fills = {tuple(map(int, re.findall(r"\d+", f))) for f in found["fills"]}
                    assert fills <= RAG_FILLS, f"{name}: a rated cell lost its fill: {fills}"
                    if found["hidden"] > PADDING:
                        assert found["cue"] >= LEAST_CHART_TEXT, f"{name}: no cue that it scrolls"
                    elif found["hidden"] <= 0:
                        assert found["cue"] == 0, f"{name}: a scroll cue on a table that fits"
            finally:
                page.close()


# Slides ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    name: str
    kind: str  # sp, pic or master (drawn on every slide by the master)
    box: tuple[int, int, int, int] | None  # x, y, width, height in EMU
    text: str
    image: str | None = None  # a picture's part in the package
    placeholder: tuple[str, str] | None = None  # (type, index) of the layout's it fills


def _box(shape: etree._Element) -> tuple[int, int, int, int] | None:
    offset, extent = shape.find("./*/a:xfrm/a:off", NS), shape.find("./*/a:xfrm/a:ext", NS)
    if offset is None or extent is None:
        return None
    return (
        int(offset.get("x")),
        int(offset.get("y")),
        int(extent.get("cx")),
        int(extent.get("cy")),
    )


def _placeholder(shape: etree._Element) -> tuple[str, str] | None:
    found = shape.find("./*/p:nvPr/p:ph", NS)
    return None if found is None else (found.get("type", "body"), found.get("idx", "0"))


def _inherited(parts: list[etree._Element], wanted: tuple[str, str]) -> tuple | None:
    """Where a slide's placeholder is when the slide does not say: as its layout, or else its
    master, places the placeholder of the same index (or, for index 0, the same type)."""
    for layer in parts:
        for shape in layer.iter(f"{{{P}}}sp"):
            found = _placeholder(shape)
            same = found and (found[1] == wanted[1] if wanted[1] != "0" else found[0] == wanted[0])
            if same and _box(shape):
                return _box(shape)
    return None


def deck(pptx: Path) -> list[list[Shape]]:
    """Every slide's shapes with their boxes: its own, and the master's drawn ones."""
    package = zipfile.ZipFile(pptx)
    names = sorted(
        (n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
        key=lambda n: int(re.search(r"\d+", n).group()),
    )
    slides = []
    for name in names:
        rels = related(package, name)
        layout_name = next(t for k, t in rels.values() if k == "slideLayout")
        layout = etree.fromstring(package.read(layout_name))
        master_name = next(
            t for k, t in related(package, layout_name).values() if k == "slideMaster"
        )
        master = etree.fromstring(package.read(master_name))
        shapes = []
        for shape in etree.fromstring(package.read(name)).find("p:cSld/p:spTree", NS):
            kind = etree.QName(shape).localname
            if kind not in ("sp", "pic"):
                continue
            box = _box(shape)
            if box is None and _placeholder(shape):
                box = _inherited([layout, master], _placeholder(shape))
            words = " ".join("".join(t.itertext()) for t in shape.iter(f"{{{A}}}p")).strip()
            blip = shape.find("p:blipFill/a:blip", NS)
            image = rels[blip.get(f"{{{R}}}embed")][1] if blip is not None else None
            if kind == "pic" or words:  # an empty placeholder draws nothing
                label = shape.find("./*/p:cNvPr", NS).get("name")
                shapes.append(Shape(label, kind, box, words, image, _placeholder(shape)))
        if layout.get("showMasterSp", "1") != "0":
            for shape in master.find("p:cSld/p:spTree", NS):
                if etree.QName(shape).localname == "sp" and _placeholder(shape) is None:
                    label = shape.find("./*/p:cNvPr", NS).get("name")
                    shapes.append(Shape(label, "master", _box(shape), ""))
        slides.append(shapes)
    return slides


def overlap(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    return (
        one[0] < other[0] + other[2]
        and other[0] < one[0] + one[2]
        and one[1] < other[1] + other[3]
        and other[1] < one[1] + one[3]
    )


def decks(built) -> list[Path]:
    return [p for report, period in REPORTS for p in built(report, period).glob("slides.pptx")]


def test_slides_shapes_do_not_overlap(built):
    """No two things on a slide (title, points, chart, caption, the council's rule and name)
    take the same room, as the .pptx places them."""
    for pptx in decks(built):
        for number, shapes in enumerate(deck(pptx), start=1):
            placed = [s for s in shapes if s.box]
            for i, one in enumerate(placed):
                for other in placed[i + 1 :]:
                    assert not overlap(one.box, other.box), (
                        f"slide {number}: {one.name} ({one.text[:30]!r}) overlaps {other.name}"
                    )


def test_slide_chart_text_is_14pt_or_more(built):
    """A chart on a slide is drawn with text SLIDE_TEXT px (at 96 to the inch) into a PNG of
    PNG_PPI: shown as wide as the slide places it, its text is at least 14 pt."""
    for pptx in decks(built):
        package = zipfile.ZipFile(pptx)
        for number, shapes in enumerate(deck(pptx), start=1):
            for chart in (s for s in shapes if s.kind == "pic"):
                png = package.read(chart.image)
                pixels = int.from_bytes(png[16:20], "big")
                shown = chart.box[2] / EMU_PER_INCH * 72  # points across
                size = SLIDE_TEXT * PNG_PPI / 96 * shown / pixels
                assert size >= LEAST_SLIDE_TEXT, f"slide {number}: chart text {size:.1f} pt"


def test_slide_points_stay_above_their_chart_in_libreoffice(built, drawn):
    """As LibreOffice draws the slides, every point's text ends above the chart under it (its
    words are found between the title and the chart's caption: the chart itself is a picture)."""
    need("pdftotext")
    for pptx in decks(built):
        pages = re.findall(r"<page [^>]*>(.*?)</page>", text(drawn(pptx), "-bbox"), re.S)
        for number, shapes in enumerate(deck(pptx), start=1):
            kinds = {s.placeholder: s for s in shapes if s.placeholder}
            charts = [s for s in shapes if s.kind == "pic"]
            if not charts or ("body", "2") not in kinds:
                continue
            points, caption = kinds[("body", "2")], kinds.get(("body", "1"))
            title = next(s for p, s in kinds.items() if p[0] == "title")
            below, above = (points_of(box) for box in (title.box[1] + title.box[3], caption.box[1]))
            words = re.findall(
                r'yMin="([\d.]+)" [^>]*yMax="([\d.]+)">([^<]*)</word>', pages[number - 1]
            )
            ends = [
                float(bottom)
                for top, bottom, word in words
                if word in points.text.split() and below <= float(top) < above
            ]
            chart = points_of(charts[0].box[1])
            assert ends and max(ends) <= chart, f"slide {number}: a point runs into the chart"


def points_of(emu: int) -> float:
    return emu / EMU_PER_INCH * 72
