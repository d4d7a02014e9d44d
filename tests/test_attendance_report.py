"""The attendance & exclusions report as readers get it: its sections in the published report's
order, commentary under every table, the differences from the published report, the cover
report, synthetic markers, the published figures in HTML, Word and PDF, and every South West LA.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from council_reports.ledger import Ledger
from council_reports.periods import Period
from council_reports.present.differences import differences
from council_reports.present.document import SKIP_TAGS
from council_reports.present.prose import Where, fill_markdown
from council_reports.reports.attendance import base
from council_reports.reports.attendance.content import Attendance
from council_reports.validate.published import read_published
from tests.conftest import make_target

pytestmark = pytest.mark.slow  # builds and renders reports
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "attendance"
NOTEBOOK = ROOT / "notebooks" / "attendance_exclusions.ipynb"
# The published report's sections (seed 000, the 2025 data report), in its order, then ours.
SECTIONS = [
    ("h2", "Summary"),
    ("h2", "School attendance"),
    ("h3", "All pupils"),
    ("h3", "Pupils eligible for free school meals"),
    ("h3", "Children with a social worker"),
    ("h3", "Children with special educational needs and disabilities"),
    ("h3", "Ethnicity"),
    ("h2", "Suspensions and permanent exclusions"),
    ("h3", "All pupils"),
    ("h3", "Children with a social worker"),
    ("h3", "Pupils eligible for free school meals"),
    ("h3", "Special educational needs and disabilities"),
    ("h3", "Ethnicity"),
    ("h2", "The council's own figures for 2024/25"),
    ("h2", "About these figures"),
]
TOOL_WORDS = ("build", "manifest", "council-reports", "notebook", "ledger")


def plain(text: str) -> str:
    """Text as our checks compare it: typographic quotes and minus signs as typed."""
    return " ".join(text.replace("\u2019", "'").replace("\u2212", "-").split())


class Blocks(HTMLParser):
    """A page as a reader meets it: headings, paragraphs, list items, table and figure
    captions, in order (tag, text, the class of the div they sit in)."""

    KINDS = ("h1", "h2", "h3", "p", "li", "caption", "figcaption", "table", "th", "td")

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str, str]] = []
        self._open: list[str] = []
        self._divs: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self._divs.append(dict(attrs).get("class") or "")
        if tag in self.KINDS:
            if tag == "table":
                self.blocks.append(("table", dict(attrs).get("id") or "", ""))
            self._open.append(tag)
            self._text = []

    def handle_endtag(self, tag):
        if tag == "div" and self._divs:
            self._divs.pop()
        if self._open and tag == self._open[-1]:
            self._open.pop()
            if tag != "table":
                where = self._divs[-1] if self._divs else ""
                self.blocks.append((tag, plain("".join(self._text)), where))

    def handle_data(self, data):
        self._text.append(data)


def blocks(path: Path) -> list[tuple[str, str, str]]:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.blocks


def body(path: Path) -> list[tuple[str, str, str]]:
    """The report's blocks after its table of contents."""
    found = blocks(path)
    return found[next(i for i, b in enumerate(found) if b[:2] == ("h2", "Summary")) :]


@pytest.fixture(scope="module")
def report(built) -> Path:
    return built("attendance", "2023-24")


def test_sections_in_the_published_order_in_html_and_word(report):
    html = [(tag, text) for tag, text, _ in body(report / "report.html") if tag in ("h2", "h3")]
    assert html == SECTIONS
    word = [  # Word's Heading 1 is the report's top-level section (h2 in HTML), under the Title
        (f"h{int(p.style.name[-1]) + 1}", plain(p.text))
        for p in Document(report / "report.docx").paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert word == SECTIONS


def test_front_page_states_the_academic_year(report):
    found = blocks(report / "report.html")
    assert found[0][:2] == ("h1", "School attendance and exclusions: academic year 2023/24")
    contents = next(i for i, b in enumerate(found) if b[:2] == ("h2", "Contents"))
    opening = next(text for tag, text, _ in found[contents:] if tag == "p")
    assert opening.startswith(
        "This report covers the 2023/24 academic year (September 2023 to July 2024)."
    )
    assert "academic year 2023/24" in plain(pdf_text(report / "report.pdf").split("Contents")[0])


def test_commentary_under_every_table(report):
    found = body(report / "report.html")
    tables = [i for i, block in enumerate(found) if block[0] == "table"]
    assert len(tables) == 13
    for position in tables:
        if found[position][1] in ("tbl-sources", "tbl-differences"):
            continue  # About these figures' tables: their rows are the commentary
        after = [
            b
            for b in found[position + 1 :]
            if b[0] not in ("caption", "th", "td") and b[2] != "table-notes"
        ]
        kind, text, _ = after[0]
        assert kind == "p" and len(text.split()) >= 8, (found[position][1], after[0])


def facts_of(folder: Path) -> dict[str, dict]:
    return {f["id"]: f for f in json.loads((folder / "facts.json").read_text())["facts"]}


def published_rows(period: str, la: str = "800") -> list[dict[str, str]]:
    with (DATA / "published.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["period"] == period and r["la"] == la]


def test_differences_from_the_published_report_come_from_the_data(report):
    facts = facts_of(report)
    rows = published_rows("2023-24")
    differ = [r for r in rows if r["published"] != facts[r["fact"]]["text"]]
    agree = [r for r in rows if r["published"] == facts[r["fact"]]["text"]]
    assert len(differ) == 4 and len(agree) > 20
    found = body(report / "report.html")
    table = next(i for i, b in enumerate(found) if b[:2] == ("table", "tbl-differences"))
    shown = " ".join(text for _, text, _ in found[table:])
    for row in differ:
        assert f" {row['published']} " in f" {shown} "
        assert facts[row["fact"]]["label"] in shown
    assert "a slight decrease on the year before" in shown  # the council's own count rose
    assert facts["differs_from_published"]["value"] is True
    for row in agree:
        assert facts[row["fact"]]["label"] not in shown


def test_published_figures_of_another_la_are_not_compared(tmp_path):
    published = read_published(DATA / "published.csv")
    facts = Ledger()
    facts.add("pa_la", 17.0, unit="%", decimals=1, label="Persistent absence", source="t")
    period = Period.parse("2023-24")
    table = differences(published, facts, period, DATA / "published.csv", la="801")
    assert table is None  # B&NES's published figures are not Bristol's
    with pytest.raises(Exception, match="is not one this report records"):
        differences(published, facts, period, DATA / "published.csv", la="800")


def test_cover_report_lists_what_goes_with_it_and_says_nothing_untrue(report):
    found = blocks(report / "cover-report.html")
    cells = [text for tag, text, _ in found if tag == "p"] + [
        text for tag, text, _ in found if tag == "li"
    ]
    page = plain((report / "cover-report.html").read_text(encoding="utf-8"))
    assert "List of attachments School attendance and exclusions: academic year 2023/24" in (
        " ".join(plain(t) for t in _table_cells(report / "cover-report.html"))
    )
    assert "Presentation" not in page  # the report has no slides
    assert "No Equality Impact Assessment accompanies this report." in page
    assert "free school meals" in " ".join(cells)
    words = " ".join(cells).lower()
    assert not [w for w in TOOL_WORDS if w in words]


def _table_cells(path: Path) -> list[str]:
    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[str] = []
            self._row: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self._row = []

        def handle_endtag(self, tag):
            if tag == "tr" and self._row is not None:
                self.rows.append(" ".join("".join(self._row).split()))
                self._row = None

        def handle_data(self, data):
            if self._row is not None:
                self._row.append(data + " ")

    parser = Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def captions(folder: Path) -> list[str]:
    return [
        text for tag, text, _ in blocks(folder / "report.html") if tag in ("caption", "figcaption")
    ]


def test_no_synthetic_markers_on_b_and_nes_real_tables(report):
    found = captions(report)
    assert len(found) == 17  # 13 tables (where the figures come from, too) and 4 charts
    assert not [c for c in found if "synthetic" in c]
    assert "Contains synthetic data" not in (report / "report.html").read_text(encoding="utf-8")


SOURCES = "Where the figures come from"


def test_every_table_and_chart_of_a_synthetic_la_says_so(built):
    folder = built("attendance", "2023-24", "420", to="html")
    found = captions(folder)
    assert len(found) == 16  # no table of differences: B&NES's published figures are not theirs
    assert all(c.endswith("(synthetic data)") for c in found if c != SOURCES), found
    assert SOURCES in found  # which says what is made up
    assert "Contains synthetic data" in (folder / "report.html").read_text(encoding="utf-8")
    assert "Isles of Scilly" in " ".join(captions(folder)) or "Isles of Scilly" in (
        folder / "report.html"
    ).read_text(encoding="utf-8")


def word_text(path: Path, out: Path) -> str:
    """The document as LibreOffice reads it, as plain text."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed to read the Word document as a reader would"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, path],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out / f"{path.stem}.txt").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
    ).stdout


def test_published_figures_reach_html_word_and_pdf(report, tmp_path):
    facts = facts_of(report)
    agree = [r for r in published_rows("2023-24") if r["published"] == facts[r["fact"]]["text"]]
    texts = {
        "html": plain(" ".join(text for _, text, _ in blocks(report / "report.html"))),
        "docx": plain(word_text(report / "report.docx", tmp_path)),
        "pdf": plain(pdf_text(report / "report.pdf")),
    }
    for kind, text in texts.items():
        missing = [r["published"] for r in agree if r["published"] not in text]
        assert not missing, (kind, missing)
        assert "18.3% of pupils in Bath and North East Somerset were persistently absent" in text


def notebook_prose() -> list[tuple[int, str]]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return [
        (number, "".join(cell["source"]))
        for number, cell in enumerate(cells, start=1)
        if cell["cell_type"] == "markdown" and not SKIP_TAGS & set(cell["metadata"].get("tags", []))
    ]


def south_west() -> list[str]:
    with (ROOT / "data" / "reference" / "local_authorities.csv").open(encoding="utf-8") as handle:
        return [
            r["old_la_code"] for r in csv.DictReader(handle) if r["region_name"] == "South West"
        ]


@pytest.mark.parametrize("period", ["2022-23", "2023-24"])
def test_every_south_west_la_has_every_table_figure_and_sentence(period, monkeypatch):
    """What a build of each LA needs, without rendering 30 documents: its facts, every table and
    chart the notebook shows, and every passage of its prose filled from its ledger. (B&NES and
    the Isles of Scilly are built in full above.)"""
    monkeypatch.setattr(base, "load", cache(base.load))  # one read for 15 LAs
    prose = notebook_prose()
    assert len(south_west()) == 15
    for la in south_west():
        content = Attendance(make_target("attendance", period, DATA, la=la))
        facts = Ledger()
        for word, text in content.words().items():
            facts.word(word, text, label=word, source="test")
        for word, text in (
            ("period_label", Period.parse(period).label),
            ("previous_label", Period.parse(period).previous.label),
            ("following_label", Period.parse(period).following.label),
        ):
            facts.word(word, text, label=word, source="test")
        facts.condition("differs_from_published", False, label="-", source="t", method="-")
        content.record(facts)
        for kind, id in content.outputs:
            built = content.build(kind, id)
            assert built.synthetic == (la != "800"), (la, id)
        for number, markdown in prose:
            filled = fill_markdown(markdown, facts, Where(NOTEBOOK, number))
            assert "{{<" not in filled and "not comparable: a figure is missing" not in filled, (
                la,
                number,
            )


def test_the_isles_of_scilly_builds(built):
    folder = built("attendance", "2023-24", "420", to="html")
    text = plain((folder / "report.html").read_text(encoding="utf-8"))
    assert "Isles of Scilly" in text and "withheld by the Department" in text
