"""The IRO annual report, whole: its sections in the published report's order, the published
figures through HTML, Word and PDF, the notes on where they differ, the cover report and slides,
synthetic markers and no child identifiers, for every year in the data."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from council_reports.cli import main
from council_reports.errors import DataError
from council_reports.periods import Period
from council_reports.reports.iro import REPORT
from council_reports.reports.iro.content import IroReport
from tests.conftest import make_target

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PERIOD = "2024-25"
YEARS = ("2020-21", "2021-22", "2022-23", "2023-24", "2024-25")
# The published report's sections (seed 002: its contents and the sections after it), in order.
SECTIONS = [
    "Introduction and purpose",
    "Reporting period",
    "The legal, statutory and national context of the IRO role",
    "Bath and North East Somerset Council as corporate parent",
    "The IRO service",
    "South West regional IRO group",
    "IRO caseload and service performance",
    "Profile of children in care at 31 March 2025",
    "Placement of children in care",
    "Unaccompanied asylum-seeking children",
    "Voice of the child, participation and feedback",
    "Dispute resolution protocol",
    "Quality assurance by the IRO service",
    "Internal audit",
    "Update on the areas for development for 2024/25",
    "Summary and areas for development for 2025/26",
    "About these figures",
]
# Tables from published statements, counts and statistics alone: nothing in them is made up.
# Every other table and chart is fed by the synthetic 903 return or a synthetic service record.
PUBLISHED_ONLY = {
    "responsibilities",
    "returned-home",
    "sw-report-audit",
    "feedback",
    "complaints",
    "quality-assurance",
    "internal-audit",
    "audit-findings",
    "audit-recommendations",
    "development-updates",
    "development-areas",
    "placements-compared",  # the Department's published statistics for every council
    "sources",  # where the figures come from: about the data, not from it
}


class _Page(HTMLParser):
    """The text of an HTML page as a reader sees it, and its level-2 headings."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "nav"):
            self._skip += 1
        elif tag == "h2" and not self._skip:
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "nav"):
            self._skip -= 1
        elif tag == "h2" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def read_html(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def plain(text: str) -> str:
    """White space folded and typographic quotes made plain, as a phrase is searched for."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').replace("\u00a0", " ").split())


def html_text(path: Path) -> str:
    return plain("".join(read_html(path).text))


def docx_text(path: Path) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return plain(" ".join([p.text for p in document.paragraphs] + cells))


def pdf_text(path: Path, *pages: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return plain(result.stdout)


@pytest.fixture(scope="module")
def report(built) -> Path:
    return built("iro", PERIOD)


def test_the_sections_are_the_published_reports_in_its_order(report):
    assert read_html(report / "report.html").headings == SECTIONS
    document = Document(report / "report.docx")
    # Word: the report's top-level sections (h2 in HTML) are Heading 1, under the Title
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS


def test_the_front_page_states_the_reporting_period(report):
    period = "1 April 2024 to 31 March 2025"
    assert period in html_text(report / "report.html").split("Contents")[0]
    assert period in pdf_text(report / "report.pdf", "-l", "1")
    assert period in Document(report / "report.docx").paragraphs[0].text


PUBLISHED = (  # phrases with the published figures, as every format should show them
    "220 children were in care at 31 March 2025, against 217 a year before (up 1.4%)",
    "IROs chaired 501 reviews of children in care during the year, of which 467 (93.2%) were"
    " held on time",
    "That compares with 71.3% in 2023/24 (up 21.9 percentage points)",
    "More reviews were held late in Q1 and Q4 than in the other quarters",
    "70% of children in care (155) were aged 10 or over: 86 aged 10 to 15 (39%) and 69 aged 16"
    " or 17 (31%)",
    "54% of children in care were male and 46% female. A year before the shares were 62% and 38%",
    "137 of the 220 children in care were placed more than 20 miles from home",
    "60 children in care per 10,000 children, below the rate for England (67)",
    "The DRP log began in October 2024: IROs used the DRP 54 times in Q3 to Q4",
    "17% of children in care (37) were considered to have a disability. 13 of them (35%)",
    "18 of the 220 children in care (8%) were unaccompanied asylum-seeking children",
    "10 of them (56%) were placed in Bath and North East Somerset or Bristol",
    "62% of reviews included the child",
    "The service's target for the year was 85% of review records distributed within 20 working"
    " days",
    "20 of them were aged 5 to 9, and 7 of those (35%) were placed with a connected person",
    "All 4 children aged 1 to 4 under a care order were placed with a connected person",
    "the target for reviews is already met: 93.2% of reviews in 2024/25 were held on time, against"
    " the 90% set for 2025/26",
    "20 of the 26 reviews (77%) had a social work report",
    "During the year 3 Independent Chairs left the service",
    "74 children needed a new IRO",
    "The service received 2 formal complaints during the year",
)


@pytest.mark.parametrize("phrase", PUBLISHED)
def test_published_figures_in_html_word_and_pdf(report, phrase):
    assert phrase in html_text(report / "report.html")
    assert phrase in docx_text(report / "report.docx")
    assert phrase in pdf_text(report / "report.pdf").replace("- ", "-")


def test_table_1_and_the_audit_are_real_tables(report):
    cells = [
        c.text for t in Document(report / "report.docx").tables for r in t.rows for c in r.cells
    ]
    assert "+15.7%" in cells and "228" in cells and "155" not in cells  # 155 is prose
    assert "Excellent" in cells  # the internal audit's assessments (report 14.2)
    assert "Level 4 - substantial assurance" in docx_text(report / "report.docx")
    assert "+15.7%" in pdf_text(report / "report.pdf")


def test_the_notes_on_differences_list_each_one_with_its_reason(report):
    text = html_text(report / "report.html").split("About these figures")[-1]
    for published, ours, reason in (
        ("87%", "93.2%", "467 of 501 reviews held on time, and they make 93.2%"),
        ("16.3", "15.7%", "228 children in care at 31 March 2023 against 197 a year before"),
        ("0", "x", "it is not available (x), not zero"),
        ("increase of 9%", "8 percentage points", "not a per cent increase"),
        ("9.3%", "9.4%", "47 reviews is 9.4%"),
        ("55%", "56%", "10 children is 56%"),
        ("38%", "50%", "of the 20 reports it is 50%"),
    ):
        assert f"{published} {ours} " in text and reason in text, published


def _differences(data: Path) -> str:
    """The notes on differences for 2024-25 from a copy of the data, without rendering."""
    from council_reports.notebook import open_report

    parameter = {"report": "iro", "la": "800", "period": PERIOD, "data_dir": str(data)}
    opened = open_report(parameter, output_dir=data / "out")
    for kind, id in opened.content.outputs:  # their cells are facts a note may quote
        if kind == "table":
            opened.table(id)
    table = opened.differences()
    return "" if table is None else table.to_markdown()


@pytest.fixture
def iro_data(tmp_path: Path) -> Path:
    """A copy of the IRO data (and the reference and national data beside it) to change."""
    for shared in ("reference", "national"):  # the folders beside the report's own
        shutil.copytree(DATA / shared, tmp_path / shared)
    return Path(shutil.copytree(DATA / "iro", tmp_path / "iro"))


def test_a_note_comes_and_goes_with_the_data(iro_data):
    notes = _differences(iro_data)
    assert "| % of reviews held on time | 87% | 93.2% |" in notes
    assert "social work reports audited" in notes
    published = iro_data / "published.csv"
    # the council corrects its published figure: the note goes
    published.write_text(
        published.read_text().replace(
            ",reviews_on_time_share,87%,", ",reviews_on_time_share,93.2%,"
        )
    )
    # the audit's counts change so that the published share holds: that note goes too
    audits = iro_data / "service" / "sw_report_audits.csv"
    audits.write_text(audits.read_text().replace("June 2024,26,20,10,", "June 2024,26,26,10,"))
    notes = _differences(iro_data)
    assert "% of reviews held on time |" not in notes
    assert "social work reports audited" not in notes
    assert "increase of 9%" in notes  # the others stay


def test_a_published_figure_for_a_fact_the_report_lacks_is_one_line(iro_data):
    published = iro_data / "published.csv"
    lines = published.read_text().splitlines()
    published.write_text("\n".join([*lines, "2024-25,no_such_fact,12,why"]) + "\n")
    row = len(lines) + 1
    with pytest.raises(DataError, match=rf"published.csv:{row}:fact: fact 'no_such_fact' is not"):
        _differences(iro_data)


def test_social_work_reports_show_only_what_the_service_holds(report):
    text = html_text(report / "report.html")
    assert "Social work reports received 3 working days before the review" not in text
    assert "Social work reports for reviews, as the service's audits found them" in text
    assert "The service has no data report covering every review of the year." in text
    # the 2025-26 target stands beside no figure for this year: the service has none
    assert "Reviews with the social work report 3 working days before 90% x" in text
    assert not (DATA / "iro" / "service" / "sw_reports.csv").exists()


def _captions(report: Path) -> dict[str, str]:
    """Every table's and figure's caption in the document both renderers read, by id."""
    document = (report / "report.qmd").read_text(encoding="utf-8")
    tables = re.findall(r"^: (.*) \{#tbl-([\w-]+)\}$", document, re.M)
    figures = re.findall(r"^!\[(.*)\]\(figures/[\w-]+\.svg\)\{#fig-([\w-]+)", document, re.M)
    return {
        f"{kind}:{id}": caption
        for kind, found in (("tbl", tables), ("fig", figures))
        for caption, id in found
    }


def test_every_table_and_chart_fed_by_synthetic_data_says_so(report):
    captions = _captions(report)
    assert len(captions) > 30
    for key, caption in captions.items():
        made_up = key.split(":")[1] not in PUBLISHED_ONLY
        assert ("(synthetic data)" in caption.replace("\\", "")) == made_up, (key, caption)


def test_a_caption_is_marked_from_the_data_not_typed(iro_data):
    def midway_synthetic(data: Path) -> bool:
        content = IroReport(make_target("iro", PERIOD, data))
        return content.build("table", "midway-reviews").synthetic

    assert midway_synthetic(iro_data)
    record = iro_data / "service" / "midway_reviews.csv.provenance.yml"  # its provenance record
    record.write_text(
        "kind: council\nsource: IRO service midway reviews\nowner: The council\n",
        encoding="utf-8",
    )
    assert not midway_synthetic(iro_data)


def test_the_cover_report_is_true(report):
    text = html_text(report / "cover-report.html")
    attachments = text.split("List of attachments")[1].split("1 THE ISSUE")[0]
    assert (
        "Independent Reviewing Officer annual report, 1 April 2024 to 31 March 2025" in attachments
    )
    assert "Presentation" in attachments and "Equality" not in attachments
    assert "No Equality Impact Assessment accompanies this report" in text
    assert "is attached" not in text
    # the Panel is asked to consider what the report contains: feedback and the audit
    assert "consider the feedback the service received and the findings of internal audit" in text
    assert "Feedback" in read_html(report / "report.html").text
    # provenance, in the council's words: no codes
    assert "Department for Education's return on children looked after" in text
    assert "SSDA903" not in text
    for word in ("build", "manifest", "council-reports", "notebook", "ledger", "facts.json"):
        assert word not in text.lower(), word


def test_an_equality_impact_assessment_in_the_data_is_attached_and_said_so(iro_data, tmp_path):
    folder = iro_data / "attachments" / PERIOD
    folder.mkdir(parents=True)
    shutil.copy(
        ROOT / "templates" / "_extensions" / "council" / "reference.docx",
        folder / "equality-impact-assessment.docx",
    )
    out = tmp_path / "build"
    arguments = ["build", "iro", "--la", "800", "--period", PERIOD, "--to", "html"]
    assert (
        main(
            [
                *arguments,
                "--data",
                str(iro_data.parent),
                "--out",
                str(out),
                "--renderer",
                "pandoc-typst",
            ]
        )
        == 0
    )
    text = html_text(out / "iro" / PERIOD / "800" / "cover-report.html")
    assert "Equality impact assessment" in text.split("1 THE ISSUE")[0]
    assert "The Equality Impact Assessment for this report goes with it." in text
    assert "No Equality Impact Assessment" not in text


def test_every_slide_has_a_title_and_the_new_content(report):
    with zipfile.ZipFile(report / "slides.pptx") as slides:
        names = sorted(n for n in slides.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
        xml = {n: slides.read(n).decode() for n in names}
    for name, content in xml.items():
        if "Contains synthetic data." in content:
            continue  # the format's own warning (templates/_extensions), not one of our slides
        assert 'type="title"' in content or 'type="ctrTitle"' in content, name
    assert len(xml) > 12
    text = "".join(xml.values())
    assert "220 in care at 31 March 2025 (up 1.4% on the year before)" in text
    assert "467 of 501 reviews on time (93.2%), against 71.3% in 2023/24" in text
    assert "3 Independent Chairs left during the year; 74 children needed a new IRO" in text
    assert "10 placed in Bath and North East Somerset or Bristol" in text


def _contents(path: Path) -> str:
    if path.suffix in {".docx", ".pptx"}:
        with zipfile.ZipFile(path) as package:
            return "".join(
                package.read(n).decode("utf-8", "replace")
                for n in package.namelist()
                if n.endswith(".xml")
            )
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


def test_no_child_identifiers_dates_of_birth_or_postcodes_in_any_output(report):
    checked = 0
    for path in report.rglob("*"):
        if path.suffix not in {
            ".docx",
            ".pptx",
            ".pdf",
            ".ipynb",
            ".html",
            ".qmd",
            ".json",
            ".csv",
            ".svg",
        }:
            continue
        content = _contents(path)
        checked += 1
        assert "SYN0" not in content, path  # child identifiers
        assert not re.search(r"\b\d{2}/\d{2}/(19|20)\d{2}\b", content), path  # dates of birth
        assert not re.search(r"\bB[AST]?\d{1,2} ?\d[A-Z]{2}\b", content), path  # postcodes
        assert not re.search(r"\b[A-HJ-NP-RT-Z]\d{12}\b", content), path  # UPNs
    assert checked > 20


@pytest.mark.slow
@pytest.mark.parametrize("period", YEARS[:-1])
def test_every_year_in_the_data_builds(built, period):
    folder = built("iro", period, to="html")
    text = html_text(folder / "report.html")
    year = Period.parse(period)
    assert f"1 April {year.start_year} to 31 March {year.end_year}" in text
    assert read_html(folder / "report.html").headings[0] == SECTIONS[0]
    assert " x of " not in text and "x children" not in text  # no missing figure in prose


def test_the_report_says_why_the_stock_does_not_add_up(built):
    text = html_text(built("iro", "2022-23", to="html") / "report.html")
    assert "The 197 in care a year before, plus 95 starts, less 65 ends, make 227, not 228" in text


@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        (
            "staffing.csv",
            "2024-25,Q3,4.0",
            "2024-25,Q5,4.0",
            "staffing.csv:4:quarter: quarter 'Q5'",
        ),
        ("staffing.csv", "2024-25,Q1,6.0", "2024-25,Q1,six", "staffing.csv:2:fte: fte 'six'"),
        ("midway_reviews.csv", "in place,96,", "in place,,", "midway_reviews.csv:2:due"),
        (
            "national.csv",
            "2024-25,male,",
            "2024-25,boys,",
            "national.csv:12:measure: measure 'boys'",
        ),
        (
            "feedback.csv",
            "2024-25,A parent,",
            "2024-25, ,",
            "feedback.csv:6:from: from is blank",
        ),
        ("complaints.csv", "2024-25,A parent", "2024/25,A parent", "complaints.csv:2:year"),
        ("SYNTHETIC.txt", "staffing.csv:", "staff.csv:", "SYNTHETIC.txt:6:file: file 'staff.csv'"),
    ],
)
def test_a_bad_service_record_is_one_line(iro_data, name, old, new, where):
    path = iro_data / "service" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError) as caught:
        REPORT.check(make_target("iro", PERIOD, iro_data))
    assert where in str(caught.value)
    assert "\n" not in str(caught.value)
