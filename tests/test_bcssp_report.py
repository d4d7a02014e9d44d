"""The BCSSP appendices (reports/bcssp.py, its notebook and cover report): whole, marked where
synthetic, rated by cell style as well as by letter, and carrying the published figures through
HTML, Word and PDF as a reader's software shows them."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.ledger import Ledger
from council_reports.reports.bcssp.content import BcsspAppendices
from council_reports.reports.bcssp.data import check
from council_reports.reports.bcssp.measures import Reading
from council_reports.reports.bcssp.tables import amber_band
from tests.conftest import make_target

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "bcssp"
REFERENCE = ROOT / "data" / "reference"
RATING_TABLES = ("kpi-ratings-all", "kpi-ratings-adults", "kpi-ratings-children")
DEFINITION_TABLES = ("kpi-definitions-all", "kpi-definitions-adults", "kpi-definitions-children")
# Tables fed by each period's returns that hold synthetic figures (data/bcssp/README.md).
SYNTHETIC_2023_24 = {
    "csc-contacts",
    "csc-contact-outcomes",
    "csc-referrals",
    "csc-cin-cla",
    "adult-safeguarding",  # its 2022/23 column
}
REFERENCE_TABLES = {"rating-key", "agencies", *DEFINITION_TABLES}


def content(period: str = "2023-24", data: Path = DATA) -> BcsspAppendices:
    return BcsspAppendices(make_target("bcssp", period, data))


def recorded(appendices: BcsspAppendices) -> Ledger:
    facts = Ledger()
    appendices.record(facts)
    return facts


def text_of(html: Path) -> str:
    """The page's text as a reader sees it: tags dropped, white space folded."""
    page = html.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).replace("&amp;", "&").split())


def table_rows(folder: Path, id: str) -> list[dict[str, str]]:
    with (folder / "tables" / f"{id}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# The document ------------------------------------------------------------------------------


@pytest.mark.slow
def test_sections_in_order(built):
    qmd = (built("bcssp", "2023-24") / "report.qmd").read_text(encoding="utf-8")
    sections = [line[3:].split(" {#")[0] for line in qmd.splitlines() if line.startswith("## ")]
    assert sections == [
        "Appendix A: Training key performance indicators",
        "Appendix B: Children's social care",
        "Appendix C: Safeguarding adults",
        "Appendix D: Avon & Somerset Constabulary",
        "Glossary",
        "About these figures",
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("period", "dates"), [("2023-24", "1 April 2023 to 31 March 2024")])
def test_front_page_gives_the_reporting_period(built, period, dates):
    folder = built("bcssp", period)
    html = text_of(folder / "report.html")
    assert html.index(f"annual report for {dates}") < html.index("Key to the training KPI")
    first_page = subprocess.run(
        ["pdftotext", "-l", "1", str(folder / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert dates in " ".join(first_page.split())


@pytest.mark.slow
def test_the_earlier_year_builds_and_is_marked_synthetic(built):
    folder = built("bcssp", "2022-23", to="html")
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert facts["document"]["synthetic"] is True
    html = text_of(folder / "report.html")
    assert "Training KPI ratings: all relevant staff (synthetic data)" in html
    assert "The training KPI figures in this document are synthetic" in html
    # no 2021/22 return: the adult table has this year only, and the prose no comparison
    assert "Safeguarding adults, 2022/23 (synthetic data)" in html
    assert "of the year before" not in html


# KPI definitions and the glossary ----------------------------------------------------------


@pytest.mark.slow
def test_every_kpi_in_the_return_is_defined_with_its_target(built):
    folder = built("bcssp", "2023-24")
    defined = {row["KPI"]: row for id in DEFINITION_TABLES for row in table_rows(folder, id)}
    returned = set(content().returns.training_kpis["kpi"])
    assert set(defined) == returned
    for kpi, row in defined.items():
        assert row["Training"] and len(row["What it measures"]) > 40, kpi
        assert re.fullmatch(r"\d+%", row["Agreed target"]), kpi
    assert defined["1.11"]["Agreed target"] == "80%"  # the agreed target, not the return's 90
    html = text_of(folder / "report.html")
    assert "Mental Capacity Act (MCA) and the Deprivation of Liberty Safeguards (DoLS)" in html
    # a ratings column heading names the training and the target, not just "1.1 (85%)"
    assert "1.1 Prevent (WRAP), target 85%" in html


@pytest.mark.slow
def test_every_agency_in_the_return_is_in_the_glossary(built):
    folder = built("bcssp", "2023-24")
    glossary = {row["Agency"]: row for row in table_rows(folder, "agencies")}
    returned = set(content().returns.training_kpis["agency"])
    assert set(glossary) == returned
    assert all(row["Full name"] and row["What it is"] for row in glossary.values())
    names = {a: glossary[a]["Full name"] for a in ("RUH", "DHI", "YCSW", "BSW ICB")}
    assert names == {
        "RUH": "Royal United Hospitals Bath NHS Foundation Trust",
        "DHI": "Developing Health & Independence",
        "YCSW": "Youth Connect South West",
        "BSW ICB": "Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
    }
    assert "Youth Connect South West" in text_of(folder / "report.html")


def test_a_blank_definition_is_one_clean_error(tmp_path):
    shutil.copytree(DATA, tmp_path / "bcssp")
    shutil.copytree(REFERENCE, tmp_path / "reference")
    path = tmp_path / "reference" / "bcssp_kpis.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = '1.4,All,Domestic abuse awareness,"",80'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        check(make_target("bcssp", "2023-24", tmp_path / "bcssp"))
    assert str(error.value).endswith("bcssp_kpis.csv:5:definition: definition is blank")


# RAG ratings: on the model, and in the HTML --------------------------------------------------


def _cells(table):
    frame = table.formatted()
    for row in range(len(frame)):
        for column in table.value_columns:
            yield (
                frame.at[row, "Agency"],
                column,
                frame.at[row, column],
                table.style_for(row, column),
            )


def test_each_rating_is_a_cell_style_and_the_text_keeps_its_letter():
    appendices = content()
    styles = {" G": "rag-green", " A": "rag-amber", " R": "rag-red"}
    seen = set()
    for id in RATING_TABLES:
        for agency, column, text, style in _cells(appendices.build("table", id)):
            if text == "N/A":  # not applicable reads as such, filled blue
                assert style == "rag-blue", (agency, column)
            elif text in ("/", "TBC"):  # no figure: no fill, the symbol says why
                assert style is None, (agency, column)
            else:
                assert re.fullmatch(r"\d+ [GAR]", text), (agency, column, text)
                assert style == styles[text[-2:]], (agency, column, text)
            seen.add(text if text in ("N/A", "/", "TBC") else style)
    assert seen == {"rag-green", "rag-amber", "rag-red", "N/A", "/", "TBC"}
    ratings = appendices.build("table", "kpi-ratings-all")
    row = ratings.rows(["Children's Social Care"])[0]
    column = "1.1 Prevent (WRAP), target 85%"
    assert ratings.cell_text(row, column) == "33 R" and ratings.style_for(row, column) == "rag-red"


def test_the_key_shows_each_state_as_the_tables_do():
    key = content().build("table", "rating-key")
    shown = key.formatted().set_index("Rating")["Shown as"]
    assert shown.to_dict() == {
        "Green": "G",
        "Amber": "A",
        "Red": "R",
        "Blue": "N/A",
        "Nil or narrative response": "/",
        "To be confirmed": "TBC",
    }
    styles = {rating: key.style_for(i, "Shown as") for i, rating in enumerate(shown.index)}
    assert styles["Red"] == "rag-red" and styles["Blue"] == "rag-blue"
    assert styles["To be confirmed"] is None
    assert "15 percentage points" in " ".join(key.formatted()["Meaning"])
    # the prose says the same as the key, and would follow a change of reading
    assert recorded(content())["amber_band"].text() == "15 percentage points"
    assert amber_band(Reading.RELATIVE) == "15% of the target"


@pytest.mark.slow
def test_html_cells_carry_the_rating_class_and_text(built):
    html = (built("bcssp", "2023-24") / "report.html").read_text(encoding="utf-8")
    cell = r'<td class="{style}"[^>]*>(?:<span[^>]*>)?{text}(?:</span>)?</td>'
    assert re.search(cell.format(style="rag-red", text="33 R"), html)
    assert re.search(cell.format(style="rag-amber", text="74 A"), html)
    assert re.search(cell.format(style="rag-blue", text="N/A"), html)
    styled = sum(
        1
        for id in RATING_TABLES
        for *_, style in _cells(content().build("table", id))
        if style is not None
    )
    key = 4  # the key's four coloured states
    assert len(re.findall(r'<td class="rag-(?:red|amber|green|blue)"', html)) == styled + key
    assert "N/A B" not in html


# Synthetic figures are marked ----------------------------------------------------------------


@pytest.mark.parametrize("period", ["2022-23", "2023-24"])
def test_every_table_fed_by_synthetic_figures_says_so(period):
    appendices = content(period)
    tables = {id: appendices.build(kind, id) for kind, id in appendices.outputs}
    # in 2022-23 every return holds synthetic figures, so every table but the reference ones
    expected = SYNTHETIC_2023_24 if period == "2023-24" else set(tables) - REFERENCE_TABLES
    marked = {id for id, table in tables.items() if table.synthetic}
    assert marked == expected
    assert all(tables[id].title.endswith("(synthetic data)") for id in marked)


def test_a_note_marking_a_return_synthetic_marks_its_tables(tmp_path):
    data = tmp_path / "bcssp"
    shutil.copytree(DATA, data)
    shutil.copytree(REFERENCE, tmp_path / "reference")
    police = data / "2023-24" / "police.csv"
    lines = police.read_text(encoding="utf-8").splitlines()
    lines[1] = "# SYNTHETIC: made up for this test,"
    police.write_text("\n".join(lines) + "\n", encoding="utf-8")
    appendices = content(data=data)
    assert appendices.build("table", "police-missing").synthetic
    assert not appendices.build("table", "kpi-ratings-all").synthetic
    assert recorded(appendices)["police_synthetic"].value is True


# Totals that should agree, agree -------------------------------------------------------------


@pytest.mark.parametrize("period", ["2022-23", "2023-24"])
def test_contacts_and_referrals_add_up_the_same_by_source_quarter_and_outcome(period):
    appendices = content(period)
    total = {
        id: appendices.build("table", id).frame.set_index(column).loc["Total"]
        for id, column in (
            ("csc-contacts", "Source"),
            ("csc-referrals", "Quarter"),
            ("csc-contact-outcomes", "Outcome"),
        )
    }
    assert total["csc-contacts"]["Contacts"] == total["csc-referrals"]["Contacts"]
    assert total["csc-contacts"]["Referrals"] == total["csc-referrals"]["Referrals"]
    assert total["csc-contact-outcomes"]["Contacts"] == total["csc-contacts"]["Contacts"]
    assert recorded(appendices)["csc_totals_agree"].value is True


def test_totals_that_disagree_are_reported_not_hidden(tmp_path):
    from openpyxl import load_workbook

    data = tmp_path / "bcssp"
    shutil.copytree(DATA, data)
    shutil.copytree(REFERENCE, tmp_path / "reference")
    path = data / "2023-24" / "childrens_social_care.xlsx"
    book = load_workbook(path)
    sheet = book["Referrals by quarter"]
    q1 = next(row for row in sheet.iter_rows() if row[0].value == "Q1")
    q1[1].value -= 1  # 6,649 contacts by quarter against 6,650 by source, as once bundled
    book.save(path)
    facts = recorded(content(data=data))
    assert facts["csc_totals_agree"].value is False
    assert facts["contacts_by_quarter"].text() == "6,649"


# About these figures -------------------------------------------------------------------------


@pytest.mark.slow
def test_differences_from_the_published_report_come_from_the_data(built):
    rows = table_rows(built("bcssp", "2023-24"), "differences")
    shown = {(r["Published"], r["This report"]) for r in rows}
    assert shown == {("283", "282"), ("90%", "80%"), ("1,021", "x"), ("70%", "x")}
    assert all(r["Why they differ"] for r in rows)
    assert "{{<" not in json.dumps(rows)  # the reasons' facts are filled in
    earlier = table_rows(built("bcssp", "2022-23", to="html"), "differences")
    assert [(r["Published"], r["This report"]) for r in earlier] == [("70%", "x")]


# The cover report ----------------------------------------------------------------------------


@pytest.mark.slow
def test_cover_report_lists_what_goes_with_it_and_speaks_the_councils_words(built):
    folder = built("bcssp", "2023-24")
    cover = text_of(folder / "cover-report.html")
    # the appendices themselves, and nothing that does not go with them (no slides, no EIA)
    assert "List of attachments BCSSP annual report 2023/24: data appendices 1 THE ISSUE" in cover
    assert "282 missing children reports in the last 12 months against 178" in cover
    assert (
        "Background papers B&NES Community Safety & Safeguarding Partnership Annual Report 2023/24"
        in cover
    )
    words = re.compile(
        r"\b(build|built|manifest|notebook|ledger|council-reports|facts\.json)\b", re.I
    )
    for document in ("cover-report.html", "report.html"):
        assert not words.findall(text_of(folder / document)), document


# Published figures through HTML, Word and PDF ------------------------------------------------


@pytest.mark.slow
def test_published_figures_reach_every_format(built, tmp_path):
    folder = built("bcssp", "2023-24")
    html = text_of(folder / "report.html")
    assert "a change of +104 (+58.4%)" in html
    assert "1,603 safeguarding concerns were raised about 1,086 people" in html
    assert "51 fewer concerns than the 1,654 of the year before" in html
    pdf = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(folder / "report.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "Number of Missing Children Reports 282 178 +104 +58.4%" in pdf
    assert "33 R 74 A 73 A 68 A 54 R 67 A 72 A" in pdf  # Children's Social Care, KPIs 1.1-1.7
    # Word, as LibreOffice reads it
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(folder / "report.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    cells = [line.strip() for line in (tmp_path / "report.txt").read_text("utf-8-sig").splitlines()]
    for figure in ("+168.8%", "+108", "172", "81%", "59%", "57%", "23%", "1,603", "33 R", "N/A"):
        assert figure in cells, figure
    assert "N/A B" not in cells
