"""Public builds (issue 26): what a public build hides is decided once, over the linked model of
the whole publication (present/publication.py), and proved by the audit.

Worked examples first, each failing without the wiring it checks (the relations a report
declares across its tables and prose, last year's public build); then the prose rules; then
whole public builds of the IRO report and the BCSSP appendices, read as their readers read them:
every document's text (HTML, Word through python-docx, PDF through pdftotext, the slides), the
executed notebook, facts.json, tables/*.csv and disclosure.json. Each leak issue 26 lists has a
test here; the audit runs in every public build (a build fails otherwise), so these builds are
CI's check that it passes."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from council_reports.errors import DisclosureError, ParameterError, ProseError
from council_reports.framework import Content, figure, table
from council_reports.ledger import Ledger
from council_reports.notebook import NotebookReport, Withheld
from council_reports.present.audit import audit
from council_reports.present.disclosure import hidden_cells
from council_reports.present.document import report_markdown
from council_reports.present.tables import Table
from council_reports.reports.iro.profiles import count_chart, share_table
from tests.conftest import DATA, make_target
from tests.readers import need
from tests.test_disclosure import AGES, STATUSES, iro_model, iro_tables

# "c" standing as a word: not in a word, a number or the symbols' key ("c = suppressed ...").
C_WORD = re.compile(r"(?<![\w\-\[])c(?![\w\-\]])(?! = suppressed)")
# A sentence around a c: a word, c, then a word or the end of a clause (table rows in PDF text
# run label, c, c: never a word after the c).
C_IN_SENTENCE = re.compile(r"\b[a-z]{2,},? c(?: [a-z]{2,}\b|[.;,)])|\bc (?:children|of|were)\b")


def leaks(model, tables) -> dict:
    """What a reader can work out that is hidden, from the tables as published."""
    hidden = set().union(*map(hidden_cells, tables))
    return {f.ref: (f.low, f.high) for f in audit(model, hidden) if f.leak}


def published(report: NotebookReport) -> list[Table]:
    return [t for t in report.publication.tables.values() if t is not None]


# Two tables sharing a margin -----------------------------------------------------------------


class Margins(Content):
    """Legal status, ages, and age by legal status, whose rows and columns add up to them."""

    tables: ClassVar[dict[str, Table]] = {t.id: t for t in iro_tables()}

    @table("legal-status")
    def legal_status(self) -> Table:
        return self.tables["legal-status"]

    @table("ages")
    def ages(self) -> Table:
        return self.tables["ages"]

    @table("age-by-legal-status")
    def by_age(self) -> Table:
        return replace(self.tables["age-by-legal-status"], about="people")


class LinkedMargins(Margins):
    def relate(self, links) -> None:
        for status in STATUSES:
            parts = links.cells("age-by-legal-status", AGES, status)
            links.total(links.cell("legal-status", status, "Children"), parts)
        for age in AGES:
            parts = [links.cell("age-by-legal-status", age, s) for s in STATUSES]
            links.total(links.cell("ages", age, "Children"), parts)


def test_two_tables_sharing_a_margin_hide_together(tmp_path):
    model = iro_model(iro_tables())
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    alone = NotebookReport(Margins(target), tmp_path / "alone")
    # without the relations, each table is suppressed on its own: 35 - 32 interim care orders
    assert leaks(model, published(alone))
    linked = NotebookReport(LinkedMargins(target), tmp_path / "linked")
    assert not leaks(model, published(linked))
    shown = linked.table("age-by-legal-status")
    assert shown.frame["Interim care order"].tolist().count("c") >= 2
    record = json.loads((tmp_path / "linked" / "disclosure.json").read_text())
    assert "age-by-legal-status.under_1.interim_care_order" in {r["cell"] for r in record["hidden"]}
    assert not any("reason" in r for r in record["hidden"])


# A prose count that is a table's remainder ---------------------------------------------------


class Leavers(Content):
    """Why children left care, and a count the prose quotes: those who did not leave for
    custody (the table's total, less its custody cell)."""

    counts = pd.Series({"Adopted": 7, "Returned home": 14, "Other": 30, "Custody": 1})

    @table("leaving")
    def leaving(self) -> Table:
        return share_table(self.counts, id="leaving", caption="c", label="Reason", source="")

    def record(self, facts: Ledger) -> None:
        facts.add("not_custody", 51, unit="count", label="Left other than for custody", source="")


class LinkedLeavers(Leavers):
    def relate(self, links) -> None:
        rows = ["Adopted", "Returned home", "Other"]
        links.total("not_custody", links.cells("leaving", rows, "Children"))


def test_a_prose_count_that_is_a_tables_remainder_is_hidden_with_it(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    unlinked = NotebookReport(Leavers(target), tmp_path / "unlinked")
    shown = unlinked.table("leaving")
    total = shown.frame.set_index("Reason").at["Total", "Children"]
    assert total - unlinked.facts["not_custody"].value == 1  # the hidden custody count
    report = NotebookReport(LinkedLeavers(target), tmp_path / "linked")
    leaving = report.table("leaving")
    assert leaving.frame.set_index("Reason").at["Custody", "Children"] == "c"
    quoted = report.facts["not_custody"].value
    remainder = leaving.frame.set_index("Reason").at["Total", "Children"]
    assert quoted == "c" or remainder == "c" or remainder - quoted != 1


# A year-on-year difference, with last year's public build -----------------------------------


class Changes(Content):
    """Children in custody this year (2, hidden) and the change on last year (-6): last year's
    public build printed 8."""

    @table("custody")
    def custody(self) -> Table:
        frame = pd.DataFrame(
            {"Measure": ["In custody", "On remand"], "This year": [2, 30], "Change": [-6, 4]}
        )
        return (
            Table.from_frame(frame, id="custody", caption="c", stub=["Measure"], about="people")
            .fmt("count", columns=["This year"])
            .fmt("count", columns=["Change"], signed=True)
            .counts(columns=["This year"])
        )

    def relate(self, links) -> None:
        custody = links.tables["custody"]
        for row in range(len(custody.frame)):
            now = links.cell("custody", row, "This year")
            before = links.earlier(custody.cell_id(row, "This year"), like=now)
            links.difference(links.cell("custody", row, "Change"), now, before)


def last_year(folder: Path, **values: object) -> Path:
    """A public build's facts.json holding ``values`` (fact id: value)."""
    facts = Ledger()
    for id, value in values.items():
        facts.add(id, value, unit="count", label=id, source="")
    folder.mkdir(parents=True)
    (folder / "facts.json").write_text(json.dumps({"facts": facts.records()}))
    return folder


def test_a_change_on_last_years_public_figure_is_hidden_with_the_count(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    alone = NotebookReport(Changes(target), tmp_path / "alone").table("custody")
    assert alone.frame["Change"].tolist() == [-6, 4]  # nothing to say -6 is from 8 to 2
    earlier = last_year(tmp_path / "2023-24", **{"custody.in_custody.this_year": 8})
    report = NotebookReport(Changes(replace(target, previous=earlier)), tmp_path / "linked")
    shown = report.table("custody")
    assert shown.frame["This year"].tolist() == ["c", 30]
    assert shown.frame["Change"].tolist() == ["c", 4]  # 8 - 6 would be the 2
    record = json.loads((tmp_path / "linked" / "disclosure.json").read_text())
    assert record["previous_build"] == "2023-24"


def test_a_figure_last_year_hid_cannot_be_worked_out_from_this_year(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    earlier = last_year(tmp_path / "2023-24", **{"custody.on_remand.this_year": "c"})
    report = NotebookReport(Changes(replace(target, previous=earlier)), tmp_path / "out")
    # 30 on remand now: the change, +4, would give last year's hidden 26
    assert report.table("custody").frame.set_index("Measure").loc["On remand"].tolist() == [30, "c"]
    team = json.loads((tmp_path / "out" / ".disclosure-audit.json").read_text())
    last = next(r for r in team["hidden"] if r["cell"] == "2023-24:custody.on_remand.this_year")
    assert last["reason"] == "earlier" and last["range"] == [0, None]


def test_a_count_already_public_cannot_be_hidden_and_the_build_says_which(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    earlier = last_year(tmp_path / "2023-24", **{"custody.in_custody.this_year": 2})

    class Again(Changes):
        def relate(self, links) -> None:
            now = links.cell("custody", "In custody", "This year")
            links.last_year(now, "custody.in_custody.this_year")

    with pytest.raises(DisclosureError, match=r"custody\.in_custody\.this_year") as raised:
        NotebookReport(Again(replace(target, previous=earlier)), tmp_path / "out")
    assert "\n" not in str(raised.value)


# What each kind of figure follows --------------------------------------------------------------


class Service(Content):
    """A table about the service, with a column that counts children."""

    @table("staffing")
    def staffing(self) -> Table:
        frame = pd.DataFrame(
            {"Quarter": ["Q1", "Q2", "Year"], "Left": [2, 0, 2], "Children": [3, 40, 43]}
        )
        return (
            Table.from_frame(frame, id="staffing", caption="c", stub=["Quarter"], about="service")
            .counts(columns=["Left"])
            .counts(columns=["Children"], about="people")
            .total(row="Year", of=["Q1", "Q2"])
        )

    def record(self, facts: Ledger) -> None:
        facts.add("left", 2, unit="count", label="IROs who left", source="", about="service")
        facts.add("share", 100 / 3, unit="%", decimals=1, label="A share", source="")


def test_counts_about_the_service_are_shown_and_children_in_them_are_not(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    report = NotebookReport(Service(target), tmp_path / "out")
    shown = report.table("staffing")
    assert shown.frame["Left"].tolist() == [2, 0, 2]  # two IROs left: not a child's count
    assert shown.frame["Children"].tolist() == ["c", "c", 43]
    assert report.facts["left"].value == 2
    facts = json.loads((tmp_path / "out" / "facts.json").read_text())["facts"]
    # a percentage as printed, never the unrounded share
    assert next(f["value"] for f in facts if f["id"] == "share") == 33.3


def test_a_public_build_shows_only_tables_disclosure_control_has_seen(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    report = NotebookReport(Service(target), tmp_path / "out")
    ad_hoc = Service(target).staffing()
    with pytest.raises(ParameterError, match="not one of the report's tables"):
        report.table(replace(ad_hoc, id="made-here"))


def test_a_count_says_what_it_counts_and_nothing_else_does():
    facts = Ledger()
    with pytest.raises(ValueError, match="only a count says what it counts"):
        facts.add("share", 50.0, unit="%", label="", source="", about="service")


# Charts and the executed notebook ----------------------------------------------------------------


class Chart(Content):
    @figure("leavers")
    def leavers(self):
        counts = pd.Series({"Adopted": 7, "Custody": 2})
        return count_chart(counts, id="leavers", caption="Leavers", label="Reason")


def test_a_withheld_chart_keeps_nothing_of_itself_in_the_notebook(tmp_path):
    target = make_target("iro", "2024-25", tmp_path, audience="public")
    shown = NotebookReport(Chart(target), tmp_path / "out").figure("leavers")
    assert isinstance(shown, Withheld)
    chart = Chart(target).leavers()
    for output in (repr(shown), shown._repr_markdown_()):
        assert "this chart is not published" in output
        assert chart.alt not in output and "vega" not in output and "Custody" not in output
    assert not (tmp_path / "out" / "figures").exists()


# Prose for both audiences ------------------------------------------------------------------------


def notebook(*cells: str) -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "id": f"cell-{n}", "metadata": {}, "source": text}
            for n, text in enumerate(cells)
        ]
    }


def ledger(**values: object) -> Ledger:
    facts = Ledger()
    for id, value in values.items():
        facts.add(id, value, unit="count", label=id, source="")
    return facts


def test_a_hidden_figure_quoted_in_prose_stops_the_build_naming_the_cell_and_fact():
    cells = notebook("Intro.", "The service received {{< fact complaints >}} complaints.")
    with pytest.raises(ProseError) as raised:
        report_markdown(cells, ledger(complaints="c"), "notebooks/iro.ipynb")
    line = str(raised.value)
    assert line.startswith(
        "notebooks/iro.ipynb:cell 2 (id cell-1): {{< fact complaints >}} would print"
    )
    assert "(id cell-1)" in line and 'unless-hidden="complaints"' in line
    assert "\n" not in line


def test_a_passage_for_each_audience():
    prose = notebook(
        '::: {.content-visible unless-hidden="complaints upheld"}\n'
        "The service received {{< fact complaints >}} complaints and upheld "
        "{{< fact upheld >}}.\n:::\n"
        '::: {.content-visible when-hidden="complaints upheld"}\n'
        "The service received formal complaints; their number is not published.\n:::\n"
    )
    committee = report_markdown(prose, ledger(complaints=2, upheld=1), "n.ipynb")
    assert committee == "The service received 2 complaints and upheld 1.\n"
    public = report_markdown(prose, ledger(complaints=7, upheld="c"), "n.ipynb")
    assert public == "The service received formal complaints; their number is not published.\n"


# Whole public builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Path:
    """The public IRO 2024-25 and BCSSP 2023-24 builds, every format, each with the year
    before's public build beside it (built first, as HTML)."""
    from council_reports.cli import main

    out = tmp_path_factory.mktemp("public")
    for report, before, period in (("iro", "2023-24", "2024-25"), ("bcssp", "2022-23", "2023-24")):
        common = ["build", report, "--la", "800", "--out", str(out), "--publish", "public"]
        assert main([*common, "--period", before, "--to", "html"]) == 0
        assert main([*common, "--period", period, "--renderer", "pandoc-typst"]) == 0
    return out / "public"


def folder(builds: Path, report: str) -> Path:
    return builds / report / {"iro": "2024-25", "bcssp": "2023-24"}[report] / "800"


def facts(path: Path) -> dict[str, object]:
    return {f["id"]: f["value"] for f in json.loads((path / "facts.json").read_text())["facts"]}


class Prose(HTMLParser):
    """An HTML page's text outside tables, and its images' alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.text, self.alt = 0, [], []

    def handle_starttag(self, tag, attrs) -> None:
        self.depth += tag == "table"
        self.alt += [value or "" for name, value in attrs if name == "alt"]

    def handle_endtag(self, tag) -> None:
        self.depth -= tag == "table"

    def handle_data(self, data) -> None:
        if not self.depth:
            self.text.append(data)


def html_prose(path: Path) -> str:
    parser = Prose()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join([*parser.text, *parser.alt]).split())


def docx_prose(path: Path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def pptx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as pptx:
        slides = [n for n in pptx.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        xml = "".join(pptx.read(name).decode("utf-8") for name in slides)
    return " ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml))


def pdf_text(path: Path) -> str:
    need("pdftotext")
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("report", ["iro", "bcssp"])
def test_no_document_uses_c_as_a_word(builds, report):
    where = folder(builds, report)
    documents = ["report", "cover-report"]
    for name in documents:
        for text in (html_prose(where / f"{name}.html"), docx_prose(where / f"{name}.docx")):
            assert not C_WORD.findall(text), (name, C_WORD.search(text))
        assert not C_IN_SENTENCE.findall(pdf_text(where / f"{name}.pdf")), name
    if (where / "slides.pptx").exists():
        assert not C_WORD.findall(pptx_text(where / "slides.pptx"))


@pytest.mark.parametrize("report", ["iro", "bcssp"])
def test_the_audit_is_published_without_its_reasons_and_kept_beside_for_the_team(builds, report):
    where = folder(builds, report)
    record = json.loads((where / "disclosure.json").read_text())
    assert "neither to a single value, nor to within 1 to 5" in record["statement"]
    assert record["previous_build"] == {"iro": "2023-24", "bcssp": "2022-23"}[report]
    assert record["hidden"] and all(set(r) == {"cell", "range"} for r in record["hidden"])
    team = json.loads((where.parent / ".800.disclosure.json").read_text())
    assert {r["cell"] for r in team["hidden"]} == {r["cell"] for r in record["hidden"]}
    assert {r["reason"] for r in team["hidden"]} <= {"primary", "secondary", "share", "earlier"}
    manifest = json.loads((where / "manifest.json").read_text())
    assert "disclosure.json" in manifest["outputs"]
    assert not [name for name in manifest["outputs"] if name.startswith(".")]
    # every fact the prose could quote that the audit hides reads c
    quoted = {id for id, value in facts(where).items() if value == "c" and "." not in id}
    assert {r["cell"] for r in record["hidden"] if "." not in r["cell"]} <= quoted


@pytest.mark.parametrize("report", ["iro", "bcssp"])
def test_facts_and_tables_hold_only_what_the_documents_show(builds, report):
    where = folder(builds, report)
    for fact in json.loads((where / "facts.json").read_text())["facts"]:
        value, decimals = fact["value"], fact["decimals"]
        if isinstance(value, float) and fact["unit"] not in ("flag", "text"):
            assert round(value, decimals) == value, fact["id"]  # never the unrounded share
    for path in (where / "tables").glob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8")):
            for value in row:
                if re.fullmatch(r"-?\d+\.\d+", value):  # unrounded: 1.8181818 (KPI ids: 1.10)
                    assert len(value.split(".")[1]) <= 2, (path.name, value)


def test_the_executed_notebook_keeps_no_withheld_chart(builds):
    from council_reports.framework import get_report

    where = folder(builds, "iro")
    text = (where / "report.ipynb").read_text(encoding="utf-8")
    assert "vega" not in text and "$schema" not in text and "Figure(" not in text
    content = get_report("iro").content(make_target("iro", "2024-25", DATA / "iro"))
    charts = [id for kind, id in content.outputs if kind == "figure"]
    withheld = [id for id in charts if not (where / "figures" / f"{id}.svg").exists()]
    assert "age-by-legal-status" in withheld
    for id in withheld:
        chart = content.build("figure", id)
        if chart is not None:
            assert json.dumps(chart.alt)[1:-1] not in text


# The leaks issue 26 lists ------------------------------------------------------------------------


def test_across_tables_age_by_legal_status_never_leaves_one_cell_to_its_margin(builds):
    values = facts(folder(builds, "iro"))
    cells = {k: v for k, v in values.items() if k.startswith("age-by-legal-status.")}
    rows = {k.split(".")[1] for k in cells}
    columns = {k.split(".")[2] for k in cells}
    for line in [[f"age-by-legal-status.{r}.{c}" for c in columns] for r in rows] + [
        [f"age-by-legal-status.{r}.{c}" for r in rows] for c in columns
    ]:
        # the ages and legal status tables print every row's and column's total
        assert [cells[key] for key in line].count("c") != 1, line
    assert values["legal-status.interim_care_order.children"] != "c"
    assert values["ages.16_and_over.children"] != "c"


def test_across_table_and_prose_the_custody_and_uasc_figures(builds):
    where = folder(builds, "iro")
    values = facts(where)
    assert values["custody"] == "c" == values["leaving-reasons.sentenced_to_custody.children"]
    text = html_prose(where / "report.html")
    assert "the young person who received a custodial sentence" not in text
    assert "on receiving a custodial sentence is not published" in text
    # "not known" distance is the UASC count (its note says so): hidden together or neither
    assert (values["uasc"] == "c") == (values["distance.not_known.children"] == "c")


def test_figures_about_the_service_are_printed(builds):
    where = folder(builds, "iro")
    values = facts(where)
    service = ["complaints", "complaints_upheld", "qa_concerns", "iros_left", "iros_joined"]
    assert all(isinstance(values[id], int) for id in service)
    staffing = [v for k, v in values.items() if k.startswith(("staffing.", "drp-stages."))]
    assert "c" not in staffing and any(0 < v < 6 for v in staffing if isinstance(v, int))
    text = html_prose(where / "report.html")
    assert f"received {values['complaints']} formal complaints" in text
    assert f"filled {values['iros_joined']} post by recruitment" in text
    assert f"raised {values['qa_concerns']} areas" in text


def test_the_slides_read_as_english(builds):
    text = pptx_text(folder(builds, "iro") / "slides.pptx")
    assert "formal complaints;" in text and not C_WORD.findall(text)


def test_a_police_row_hidden_last_year_is_hidden_this_year(builds):
    now = facts(folder(builds, "bcssp"))
    before = facts(builds / "bcssp" / "2022-23" / "800")
    hidden_before = [
        id.replace("last_12_months", "previous_12_months")
        for id, value in before.items()
        if id.startswith("police-") and id.endswith(".last_12_months") and value == "c"
    ]
    assert hidden_before and all(now[id] == "c" for id in hidden_before if id in now)
    repeat = "police-missing.number_of_repeat_children_missing_from_care"
    assert [now[f"{repeat}.{c}"] for c in ("last_12_months", "previous_12_months")] == ["c", "c"]
    assert now[f"{repeat}.percent_change"] == "c"


def test_the_attendance_reports_own_counts_of_pupils_are_hidden_in_prose_and_table(tmp_path):
    """The council's own count of permanent exclusions still under review (3 in 2024/25) is a
    count of a few pupils: the public build hides it in the table, in the sentence quoting it
    (which says instead that how many is not published: a hidden figure may be 0), in
    facts.json and in the tidy CSV."""
    from council_reports.cli import main

    common = ["build", "attendance", "--la", "800", "--period", "2023-24", "--out", str(tmp_path)]
    assert main([*common, "--publish", "public", "--to", "html,docx"]) == 0
    where = tmp_path / "public" / "attendance" / "2023-24" / "800"
    assert facts(where)["own_pex_pending"] == "c"
    cell = "own-figures.all_pupils_permanent_exclusions_still_under_review.own.next_year"
    assert facts(where)[cell] == "c"
    hidden = json.loads((where / "disclosure.json").read_text())["hidden"]
    assert {r["cell"] for r in hidden} == {cell, "own_pex_pending"}
    for prose in (html_prose(where / "report.html"), docx_prose(where / "report.docx")):
        assert "How many of these were still being reviewed when the count was" in prose
        assert "Of these, 3 were" not in prose and "Of these, c were" not in prose
    rows = (where / "tables" / "own-figures.csv").read_text(encoding="utf-8").splitlines()
    assert any(
        "still under review" in row and row.endswith("(own figures),,number,c") for row in rows
    )
    # the committee's report quotes it
    assert main([*common, "--to", "html"]) == 0
    committee = tmp_path / "attendance" / "2023-24" / "800"
    assert "Of these, 3 were still being reviewed" in html_prose(committee / "report.html")
