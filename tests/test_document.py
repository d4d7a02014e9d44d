"""The documents the renderers read (present/document.py), the cover report (present/cover.py)
and the slides (present/slides.py): prose filled from the ledger, text from data escaped."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from council_reports.errors import DataError, ProseError
from council_reports.ledger import Ledger
from council_reports.periods import Period
from council_reports.present.cover import SECTIONS, cover_markdown, read_cover
from council_reports.present.document import (
    code_cells,
    document,
    report_markdown,
    with_prose,
)
from council_reports.present.slides import read_slides, slides_markdown

ROOT = Path(__file__).resolve().parents[1]
COVER = ROOT / "src" / "council_reports" / "reports" / "attendance" / "cover.yml"


@pytest.fixture
def facts() -> Ledger:
    ledger = Ledger()
    ledger.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="t")
    ledger.add("uses", 54, unit="count", label="Uses of the DRP", source="drp-stages")
    ledger.word("la_name", "Bath & <b>North</b>", label="LA", source="t")
    ledger.word("period_label", "2023/24", label="Year", source="t")
    ledger.condition("eia_attached", False, label="EIA", source="t", method="t")
    return ledger


def _notebook(markdown: str, outputs: list) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("la = '800'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell(markdown),
            nbformat.v4.new_code_cell("report.table('t')", outputs=outputs),
        ]
    )


def _ran(source: nbformat.NotebookNode, outputs: list) -> nbformat.NotebookNode:
    """``source`` as papermill leaves it: injected parameters after the parameters cell, the
    code cells' outputs filled in."""
    executed = nbformat.from_dict(nbformat.v4.new_notebook(cells=[]))
    for cell in source.cells:
        copy = nbformat.from_dict(dict(cell))
        if copy.cell_type == "code" and "parameters" not in copy.metadata.get("tags", []):
            copy.outputs = outputs
        executed.cells.append(copy)
        if "parameters" in cell.metadata.get("tags", []):
            executed.cells.append(
                nbformat.v4.new_code_cell("la = '801'", metadata={"tags": ["injected-parameters"]})
            )
    return executed


def test_the_report_is_the_markdown_filled_and_the_markdown_outputs(facts):
    outputs = [
        nbformat.v4.new_output("stream", text="debug noise"),
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": "| a |\n|---|\n| 1 |", "text/plain": "x"}
        ),
    ]
    source = _notebook("## Absence\n\nPersistent absence was {{< fact pa_la >}}.", [])
    body = report_markdown(with_prose(source, _ran(source, outputs)), facts, "nb.ipynb")
    assert body == "## Absence\n\nPersistent absence was 18.3%.\n\n| a |\n|---|\n| 1 |\n"


def test_a_prose_edit_is_taken_from_the_notebook_as_it_is_now(facts):
    outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "TABLE"})]
    old = _notebook("Old words.", [])
    executed = _ran(old, outputs)
    new = _notebook("New words: {{< fact uses >}} uses.", [])
    assert code_cells(new) == code_cells(executed)  # so the notebook need not run again
    combined = with_prose(new, executed)
    assert [c.get("source") for c in combined["cells"] if c["cell_type"] == "markdown"] == [
        "New words: {{< fact uses >}} uses."
    ]
    assert "injected-parameters" in combined["cells"][1]["metadata"]["tags"]
    assert report_markdown(combined, facts, "nb.ipynb") == "New words: 54 uses.\n\nTABLE\n"
    changed_code = _notebook("Old words.", [])
    changed_code.cells[2].source = "report.table('other')"
    with pytest.raises(ValueError, match="code changed"):
        with_prose(changed_code, executed)


def test_an_unknown_fact_names_the_notebook_and_the_cell(facts):
    source = _notebook("Pupils: {{< fact pupils >}}.", [])
    with pytest.raises(ProseError) as raised:
        report_markdown(with_prose(source, _ran(source, [])), facts, "notebooks/x.ipynb")
    assert str(raised.value).startswith("notebooks/x.ipynb:cell 2: no fact 'pupils'")


def test_front_matter_escapes_text_and_keeps_settings():
    text = document(
        {"title": "Attendance <script>", "lang": "en-GB", "toc": True, "synthetic": False},
        "Body\n",
    )
    assert text == (
        "---\ntitle: Attendance \\<script\\>\nlang: en-GB\ntoc: true\nsynthetic: false\n---"
        "\n\nBody\n"
    )


def test_cover_fills_facts_escapes_text_and_lists_only_what_is_attached(facts):
    settings = read_cover(COVER, Period.parse("2023-24"))
    sections = {
        s: ["Persistent absence in {{< fact la_name >}} was {{< fact pa_la >}}."] for s in SECTIONS
    }
    sections["EQUALITIES"] = [
        {"text": "An assessment is attached.", "when-fact": "eia_attached"},
        {"text": "No assessment goes with it.", "unless-fact": "eia_attached"},
    ]
    settings |= {"sections": sections, "background_papers": "DfE statistics"}
    text = cover_markdown(settings, facts, ["The report 2023/24"], COVER)
    assert "| Meeting/Decision date | 13 October 2025 |" in text
    assert "| List of attachments | The report 2023/24 |" in text
    assert "## 10 CONSULTATION {#section-10}" in text
    assert "1.1\u2003Persistent absence in Bath \\& \\<b\\>North\\</b\\> was 18.3%." in text
    assert "7.1\u2003No assessment goes with it." in text and "is attached" not in text
    assert text.rstrip().endswith("alternative format")


def test_cover_text_quoting_a_missing_fact_names_the_field(facts):
    settings = read_cover(COVER, Period.parse("2023-24"))
    sections = {key: ["Fine."] for key in SECTIONS} | {"RISK MANAGEMENT": ["{{< fact nope >}}"]}
    settings |= {"sections": sections, "background_papers": "DfE statistics"}
    with pytest.raises(
        ProseError, match=r"attendance/cover.yml:sections.RISK MANAGEMENT\[1\]: no fact"
    ):
        cover_markdown(settings, facts, [], COVER)


def test_cover_period_overrides_and_errors(tmp_path):
    settings = read_cover(COVER, Period.parse("2022-23"))
    assert str(settings["date"]) == "2024-10-14"
    broken = tmp_path / "cover.yml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        read_cover(broken, Period.parse("2023-24"))
    broken.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_cover(broken, Period.parse("2023-24"))


def test_slides_show_their_figure_when_the_report_published_it(facts, tmp_path):
    slides = [{"title": "DRP", "points": ["Used {{< fact uses >}} times"], "figure": "drp"}]
    shown = '![Reasons](figures/drp.svg){#fig-drp fig-alt="Bar chart."}\n'
    where = tmp_path / "slides.yml"
    assert slides_markdown(slides, facts, {"drp": shown}, where) == (
        "## DRP\n\n- Used 54 times\n\n" + shown + "\n"
    )
    # a year whose notebook did not publish the figure (the log does not cover it): no figure
    assert slides_markdown(slides, facts, {}, where) == "## DRP\n\n- Used 54 times\n"
    where.write_text("slides:\n  - points: [untitled]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"slides.yml:2:slides\[1\]: .title. is missing"):
        read_slides(where)
