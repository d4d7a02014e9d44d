"""The BCSSP appendices (reports/bcssp, its notebook and cover report): whole, marked where
synthetic, rated by cell style as well as by letter, carrying the published figures through
HTML, Word and PDF as a reader's software shows them, and read as a board member would: every
number in a sentence is in the ledger, every abbreviation is in the glossary, no finding rests
on a made-up figure and a total that does not add up says so."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.ledger import Ledger
from council_reports.lint import constants, hand_typed
from council_reports.reports.bcssp.content import BcsspAppendices
from council_reports.reports.bcssp.data import check
from council_reports.reports.bcssp.measures import Reading
from council_reports.reports.bcssp.tables import amber_band
from tests.conftest import make_target, read_table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "bcssp"
REFERENCE = ROOT / "data" / "reference"
RATING_TABLES = ("kpi-ratings-all", "kpi-ratings-adults", "kpi-ratings-children")
DEFINITION_TABLES = ("kpi-definitions-all", "kpi-definitions-adults", "kpi-definitions-children")
# Tables fed by each period's returns that hold synthetic figures (data/bcssp/README.md).
SYNTHETIC_2023_24 = {"csc-contacts", "csc-contact-outcomes", "csc-referrals", "csc-cin-cla"}
REFERENCE_TABLES = {"rating-key", "agencies", *DEFINITION_TABLES, "totals-not-adding-up"}


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


def sentences(page: str, *, notes: bool = True) -> list[str]:
    """A page's (or part of a page's) paragraphs and list items outside its tables, as a reader
    sees them, with the notes under each table unless ``notes`` is false."""
    page = re.sub(r"<(script|style|table)\b.*?</\1>", " ", page, flags=re.S)
    if not notes:
        page = re.sub(r'<div class="table-notes">.*?</div>', " ", page, flags=re.S)
    found = re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", page, flags=re.S)
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").split()) for _, text in found
    ]


def section(html: Path, start: str, end: str) -> str:
    """The page's text from the heading with id ``start`` to the one with id ``end``."""
    page = html.read_text(encoding="utf-8")
    return page[page.index(f'id="{start}"') : page.index(f'id="{end}"')]


def table_rows(folder: Path, id: str) -> list[dict[str, str]]:
    return read_table(folder, id)


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
    assert "Every part of these appendices holds figures made up for this example" in html
    # the return gives the two 2021/22 figures the 2023-24 report published, so the table has
    # their column; the return is partly made up, so the prose draws no comparison
    assert "Safeguarding adults, 2022/23 and 2021/22 (synthetic data)" in html
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
    built = {id: appendices.build(kind, id) for kind, id in appendices.outputs}
    tables = {id: table for id, table in built.items() if table is not None}
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


# Totals that should agree, agree; those that do not say so ---------------------------------


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
    facts = recorded(appendices)
    for key in ("contacts_by_quarter", "referrals_by_quarter", "contacts_by_outcome"):
        assert facts[f"{key}_adds_up"].value is True, key
    assert not any("add to" in note for note in appendices.build("table", "csc-referrals").notes)


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
    appendices = content(data=data)
    facts = recorded(appendices)
    assert facts["contacts_by_quarter_adds_up"].value is False
    assert facts["contacts_by_quarter_parts_total"].text() == "6,649"
    assert facts["contacts_by_quarter_unaccounted"].text() == "1"
    assert (
        "The contacts by quarter add to 6,649, 1 fewer than the 6,650 contacts by source; the "
        "return does not say why." in " ".join(appendices.build("table", "csc-referrals").notes)
    )
    listed = appendices.build("table", "totals-not-adding-up").formatted()
    assert listed["Total"].tolist() == ["Contacts by source", "Concerns received"]
    assert listed["Its parts add to"].tolist() == ["6,649", "1,533"]


def test_the_adult_concerns_and_their_outcomes_do_not_add_up_and_the_table_says_by_how_much():
    # the published report: 1,603 concerns; 343 to s42(2) enquiries, 673 to s42(1) enquiries
    # and 517 not meeting the s42(1) criteria, which it calls "the remaining concerns": they
    # add to 1,533, and 70 are not accounted for
    appendices = content()
    adults = appendices.build("table", "adult-safeguarding")
    assert any(
        "add to 1,533, 70 fewer than the 1,603 concerns received; the return does not say why"
        in note
        for note in adults.notes
    )
    facts = recorded(appendices)
    assert facts["adult_outcomes_adds_up"].value is False
    assert facts["totals_add_up"].value is False
    assert (
        facts["adult_outcomes_parts_total"].value,
        facts["adult_outcomes_unaccounted"].value,
    ) == (
        1533,
        70,
    )
    listed = appendices.build("table", "totals-not-adding-up").formatted().iloc[0]
    assert (listed["As returned"], listed["Its parts add to"], listed["Difference"]) == (
        "1,603",
        "1,533",
        "+70",
    )


def test_the_adult_table_compares_only_published_figures():
    # the 2023-24 return gives last year's figure only where the report published one; the
    # made-up 2022-23 return is not used for the comparison, so the table is not synthetic
    adults = content().build("table", "adult-safeguarding")
    assert not adults.synthetic
    shown = adults.formatted().set_index("Measure")
    assert shown.loc["Safeguarding concerns received", "2022/23"] == "1,654"
    assert shown.loc["People the concerns were about", "2022/23"] == "x"
    assert shown.loc["People the concerns were about", "Change"] == "x"
    assert shown.loc["Closed s42(2) enquiries: outcomes fully achieved (%)", "Change"] == "-18 pp"
    assert any("percentage points (pp)" in note for note in adults.notes)


# The parts of the appendices the published pack has -----------------------------------------


def test_the_police_figures_the_pack_publishes():
    appendices = content()
    conferences = appendices.build("table", "police-conferences").formatted().set_index("Measure")
    assert conferences.loc["Conferences the police were invited to", "Fourth quarter"] == "17"
    assert conferences.loc["Conferences the police attended", "Fourth quarter"] == "17"
    assert conferences.loc["Conferences the police attended", "Last 12 months"] == "78"
    assert conferences.loc["Conferences held", "Last 12 months"] == "78"
    protection = appendices.build("table", "police-protection").formatted().set_index("Measure")
    force = protection.loc["Uses of police protection powers, force area"]
    assert force.tolist() == ["384", "317", "+67", "+21.1%"]
    assert protection.loc["Uses linked to a beat code in B&NES"].tolist() == [
        "41",
        "45",
        "-4",
        "-8.9%",
    ]
    unlinked = protection.loc["Uses not linked to any beat code, force area"]
    assert unlinked.tolist()[:2] == ["27", "15"]
    custody = appendices.build("table", "police-custody").formatted().set_index("Measure")
    arrested = "Children under 18 arrested and brought into custody (latest address in B&NES)"
    assert custody.loc[arrested].tolist() == ["70", "1"]
    assert custody.loc["of whom charged and detained"].tolist() == ["8", "0"]
    facts = recorded(appendices)
    assert facts["conferences_all_attended"].value and facts["conferences_q4_all_attended"].value
    # the pack gives 70 children, then "these 74": the table says the published report differs
    notes = " ".join(appendices.build("table", "police-custody").notes)
    assert "The published report gives a different figure in the row" in notes


def test_the_childrens_social_care_figures_the_pack_publishes():
    appendices = content()
    cp = appendices.build("table", "csc-child-protection").formatted().set_index("Measure")
    assert cp["2023/24"].tolist() == ["141", "9", "34%", "45%"]
    step_down = appendices.build("table", "csc-step-down").formatted()
    assert step_down["2023/24"].tolist() == ["82%"]
    assert not appendices.build("table", "csc-child-protection").synthetic


# About these figures -------------------------------------------------------------------------


@pytest.mark.slow
def test_differences_from_the_published_report_come_from_the_data(built):
    rows = table_rows(built("bcssp", "2023-24"), "differences")
    shown = {(r["Published"], r["This report"]) for r in rows}
    # the two 2021/22 figures come from the 2022-23 return's Year before column now; the
    # custody paragraph gives 70 children, then "these 74"
    assert shown == {("283", "282"), ("90%", "80%"), ("74", "70")}
    assert all(r["Why they differ"] for r in rows)
    custody = next(r["Why they differ"] for r in rows if r["Published"] == "74")
    assert "It does not say which is right" in custody
    assert "{{<" not in json.dumps(rows)  # the reasons' facts are filled in
    earlier = built("bcssp", "2022-23", to="html")
    assert not (earlier / "tables" / "differences.csv").exists()
    assert "agrees with it" in text_of(earlier / "report.html")


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
    # it says where each part's figures come from, and never that they are all the agencies'
    assert not re.search(r"agencies\W own returns", cover)  # a straight or curly apostrophe
    assert (
        "The figures for staff training, child protection, step-down from child in need "
        "services, safeguarding adults and the police are those the partnership published" in cover
    )
    assert (
        "The figures for contacts, referrals and the quarter-end numbers of children in need and "
        "looked after are made up for this example" in cover
    )
    assert "add to 1,533, not the 1,603 concerns received" in cover
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
    assert "against 178 in the 12 months before (up 104, +58.4%)" in html
    assert "1,603 safeguarding concerns were raised about 1,086 people" in html
    assert "attended all 78 initial child protection conferences" in html
    assert "used these powers 384 times in the latest 12 months, against 317" in html
    assert "numbered 41, against 45 in the 12 months before (-8.9%)" in html
    assert "70 children under 18 whose latest recorded address was in" in html
    assert "Of the children who had a child in need service, 82% stepped down" in html
    assert "Between 34% and 45% of child protection enquiries" in html
    assert "70 fewer than the 1,603 received" in html
    assert "Against the 1,654 of the year before, concerns were down 51" in html
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


# Read as a board member reads it -------------------------------------------------------------

# An abbreviation: a word with two or more capitals (KPI, DoLS, B&NES, POhWER), letters then
# digits (s42(1), Q4, SSDA903), or N/A.
ABBREVIATION = re.compile(
    r"(?<![\w&/])(?:[A-Za-z&]*[A-Z][a-z&]*[A-Z][A-Za-z&]*|[A-Za-z]+\d+(?:\(\d+\))?|[A-Z]/[A-Z])"
    r"(?![\w&/])"
)


def abbreviations(text: str) -> set[str]:
    return set(ABBREVIATION.findall(text))


def glossary_terms(html: Path) -> set[str]:
    """The abbreviations the glossary defines: its terms (bold) and the agencies it lists."""
    glossary = section(html, "glossary", "about-these-figures")
    terms = re.findall(r"<strong>(.*?)</strong>", glossary, flags=re.S)
    agencies = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>", glossary, flags=re.S)
    return abbreviations(" ".join(terms + agencies).replace("&amp;", "&"))


@pytest.mark.slow
def test_the_glossary_defines_every_abbreviation_the_document_uses(built):
    html = built("bcssp", "2023-24") / "report.html"
    defined = glossary_terms(html)
    used = abbreviations(text_of(html))
    missing = {a for a in used if a not in defined and not (a.endswith("s") and a[:-1] in defined)}
    assert not missing, sorted(missing)
    # the test finds what it should: the agencies, codes with digits and the rating symbols
    assert {"B&NES", "KPIs", "DoLS", "POhWER", "s42(1)", "Q4", "N/A", "WRAP", "BSW"} <= used
    assert "pp" in re.findall(
        r"<strong>(.*?)</strong>", section(html, "glossary", "about-these-figures")
    )


def not_in_ledger(sentences: list[str], ledger: list[dict]) -> set[tuple[str, str]]:
    """(number, sentence) for each number a sentence shows that no fact in the ledger shows
    (facts.json's text; a sign aside, since prose may drop it), dates, Acts and the declared
    constants apart."""
    numeral = re.compile(r"\d(?:[\d,.]*\d)?%?")
    known = {n for fact in ledger for n in numeral.findall(str(fact["text"]))}
    allowed = constants(ROOT / "pyproject.toml")
    return {
        (number, sentence)
        for sentence in sentences
        for _, number in hand_typed(sentence, allowed)
        if number not in known
    }


@pytest.mark.slow
@pytest.mark.parametrize("period", ["2023-24", "2022-23"])
def test_every_number_in_a_sentence_is_a_fact_in_the_ledger(built, period):
    folder = built("bcssp", period, to="html")
    ledger = json.loads((folder / "facts.json").read_text(encoding="utf-8"))["facts"]
    shown = sentences((folder / "report.html").read_text(encoding="utf-8"))
    assert not not_in_ledger(shown, ledger), sorted(not_in_ledger(shown, ledger))
    # a sentence with a number typed by hand, or the published 74 beside the return's 70, fails
    typed = {("1,604", "In 2023/24, 1,604 concerns were raised."), ("74", "It says 74 children.")}
    assert not_in_ledger([sentence for _, sentence in typed], ledger) == typed


@pytest.mark.slow
def test_no_finding_rests_on_a_made_up_figure(built):
    # 2023-24: contacts, referrals and the quarter ends are made up; their section's prose
    # quotes no figure and draws no comparison (it once said "Contacts rose from 6,451")
    html = built("bcssp", "2023-24", to="html") / "report.html"
    prose = " ".join(sentences(section(html, "contacts", "appendix-adults"), notes=False))
    assert "made up for this example" in prose
    assert not hand_typed(prose), prose
    assert not re.search(r"\b(rose|fell|most|largest|fewer|more)\b", prose), prose
    # 2022-23: every return is partly made up, so no sentence outside the tables quotes a
    # figure (dates and definitions aside)
    earlier = built("bcssp", "2022-23", to="html") / "report.html"
    allowed = constants(ROOT / "pyproject.toml")
    page = earlier.read_text(encoding="utf-8")
    quoted = [s for s in sentences(page, notes=False) if hand_typed(s, allowed)]
    assert not quoted, quoted


@pytest.mark.slow
def test_no_template_prose(built):
    html = text_of(built("bcssp", "2023-24", to="html") / "report.html")
    for template in (
        "Contacts and referrals add to the same totals by quarter as by source",
        "Met none of the KPIs they gave a figure for:",
        # said of the 517 as if they were all the concerns the enquiries left
        "fell outside the Care Act",
    ):
        assert template not in html, template
    assert "One agency, Adult Social Care, met none of the targets for the 10 KPIs" in html
