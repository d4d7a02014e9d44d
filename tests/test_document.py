"""The document taken from an executed notebook (present/document.py) and the cover report
(present/cover.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from council_reports.errors import DataError
from council_reports.ledger import Ledger
from council_reports.periods import Period
from council_reports.present.cover import SECTIONS, cover_markdown, read_cover
from council_reports.present.document import document, notebook_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_notebook_markdown_keeps_narrative_and_markdown_outputs_only():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("la = '800'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell("## Attendance"),
            nbformat.v4.new_code_cell(
                "secret_code()",
                outputs=[
                    nbformat.v4.new_output("stream", text="debug noise"),
                    nbformat.v4.new_output(
                        "display_data", data={"text/markdown": "18.3% of pupils", "text/plain": "x"}
                    ),
                ],
            ),
        ]
    )
    body = notebook_markdown(notebook)
    assert body == "## Attendance\n\n18.3% of pupils\n"


def test_document_has_yaml_front_matter():
    text = document({"title": "Attendance", "lang": "en-GB", "toc": True}, "Body\n")
    assert text == "---\ntitle: Attendance\nlang: en-GB\ntoc: true\n---\n\nBody\n"


def test_attendance_cover_fills_facts_and_has_ten_sections():
    settings = read_cover(ROOT / "templates" / "cover" / "attendance.yml", Period.parse("2023-24"))
    facts = Ledger()
    facts.add("pa_la", 18.3, unit="%", decimals=1, label="PA", source="t")
    settings = settings | {"sections": {s: ["Persistent absence was {pa_la}."] for s in SECTIONS}}
    text = cover_markdown(settings, facts, {"period_label": "2023/24"})
    assert "| Meeting/Decision date | 13 October 2025 |" in text
    assert "| Title | Attendance and Exclusions \u2013 Key Trends 2023/24 |" in text
    assert "## 10 CONSULTATION {#section-10}" in text
    assert "1.1\u2003Persistent absence was 18.3%." in text
    assert text.rstrip().endswith("alternative format")


def test_cover_period_overrides_and_errors(tmp_path):
    settings = read_cover(ROOT / "templates" / "cover" / "attendance.yml", Period.parse("2022-23"))
    assert str(settings["date"]) == "2024-10-14"
    broken = tmp_path / "cover.yml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        read_cover(broken, Period.parse("2023-24"))


def test_slides_show_their_figure_when_the_report_published_it():
    from council_reports.present.slides import slides_markdown

    facts = Ledger()
    facts.add("uses", 54, unit="count", label="Uses of the DRP", source="drp-stages")
    slides = [{"title": "DRP", "points": ["Used {uses} times"], "figure": "drp-reasons"}]
    shown = '![Reasons](figures/drp-reasons.svg){#fig-drp-reasons fig-alt="Bar chart."}\n'
    with_figure = slides_markdown(slides, facts, {}, {"drp-reasons": shown})
    assert with_figure == "## DRP\n\n- Used 54 times\n\n" + shown + "\n"
    # a year whose notebook did not publish the figure (the log does not cover it): no figure
    assert slides_markdown(slides, facts, {}, {}) == "## DRP\n\n- Used 54 times\n"
