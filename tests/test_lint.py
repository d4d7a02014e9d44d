"""`council-reports lint` (lint.py): a number typed by hand in anything an author writes for
readers is an error, however the text is built and wherever it is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.errors import DataError
from council_reports.lint import (
    hand_typed,
    lint,
    lint_module,
    lint_notebook,
    lint_published,
    lint_settings,
)

ROOT = Path(__file__).resolve().parents[1]


def numbers(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [number for _, number in hand_typed(text, allowed)]


def test_facts_dates_links_codes_acts_and_constants_are_allowed():
    text = (
        "On 13 October 2025 ({{< fact pa_la >}}, see [DfE](https://example.org/2024)) pupils "
        "missing 10% or more were persistently absent under the Children Act 1989; SSDA903 "
        "codes E13 and s20; reviews within 20\n working days of "
        "{{< fact ages.10_to_15.children >}}."
    )
    assert numbers(text, ("10% or more", "20 working days")) == []
    assert numbers("The 2021/22 figure and KPI 1.11's target") == []  # a year; a list item


def test_numbers_are_found():
    assert numbers("Persistent absence was 18.3% and 2,551 suspensions") == ["18.3%", "2,551"]


def test_markdown_structure_is_not_prose():
    markdown = (
        "## Section {#section-2}\n\n"
        '::: {.content-visible when-fact="moves" is="3"}\n'
        "1. First, see @tbl-ages-2[^4].\n"
        ":::\n"
        "<!-- 155 in the old report -->"
    )
    assert numbers(markdown) == []


def test_a_month_and_year_is_a_date_but_a_bare_year_is_not():
    assert numbers("The protocol was relaunched in September 2024.") == []
    assert numbers("The protocol was relaunched in 2024.") == ["2024"]


def notebook(tmp_path: Path, *cells: tuple[str, str]) -> Path:
    path = tmp_path / "report.ipynb"
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": kind, "metadata": {}, "source": source} for kind, source in cells
                ]
            }
        ),
        encoding="utf-8",
    )
    return path


def code_findings(tmp_path: Path, *sources: str) -> list[tuple[str, str]]:
    path = notebook(tmp_path, *(("code", source) for source in sources))
    return [(f.where, f.number) for f in lint_notebook(path, "report.ipynb", ())]


@pytest.mark.parametrize(
    "source",
    [
        'display(Markdown("We had 155 children"))',
        'Markdown("In " + year + ". 155 children started.")',
        'Markdown("%s, and 155 more" % count)',
        'Markdown("%(n)s children, 155 more" % {"n": count})',
        'Markdown("%d children" % 155)',
        'Markdown(f"{count} and 155 more")',
        'Markdown(f"{155:,} children")',
        'Markdown("{} and 155 more".format(count))',
        'Markdown("{n} children".format(n=155))',
        'Markdown(" ".join([str(count), "of 155"]))',
        'Markdown("many" if count else "155")',
        'IPython.display.Markdown(data="155 children")',
        'display_markdown("Children:", "155", raw=True)',
        'Table.from_frame(frame, id="ages", caption="Ages of 155 children", stub=["Age"])',
        'report.table("ages").note("155 children had no review")',
        'bar_chart(frame, id="ages", caption=f"Ages, {year}", title="155 children")',
        'facts.add("ages", 3, unit="count", label="155 children")',
    ],
)
def test_every_way_of_building_a_string_for_the_document_is_read(tmp_path, source):
    assert code_findings(tmp_path, source) == [("cell 1:line 1", "155")]


@pytest.mark.parametrize(
    "source",
    [
        'Markdown(f"{count:,} children in {year}")',
        'Markdown("%d children, %.1f%%" % (count, share))',
        'Markdown("{:.1f}% of {}".format(share, count))',
        "Markdown(sentence(count))",
        'print("155 children")',  # output the document does not show
        'report.table("ages-2")',
        "frame.head(155)",
        'text = "155"\ndef show(text):\n    return Markdown(text)',  # a parameter, not the 155
    ],
)
def test_computed_text_and_text_that_is_not_shown_pass(tmp_path, source):
    assert code_findings(tmp_path, source) == []


def test_a_cell_with_ipython_magics_is_read(tmp_path):
    findings = code_findings(tmp_path, '%matplotlib inline\nfiles = !ls\nMarkdown("155 files")')
    assert findings == [("cell 1:line 3", "155")]


def test_a_name_bound_in_an_earlier_cell_is_followed_to_its_line(tmp_path):
    findings = code_findings(
        tmp_path,
        'sentence = "In " + year\nsentence += ", 155 children started."',
        "x = 1\ndisplay(\n    Markdown(sentence)\n)",
    )
    assert findings == [("cell 2:line 2", "155")]


def test_markdown_findings_name_the_cell_and_line(tmp_path):
    path = notebook(
        tmp_path,
        ("code", "report.table('ages')"),
        (
            "markdown",
            "## Children {#children}\n\n{{< fact in_care >}} children,\n"
            '::: {.content-visible when-fact="rose"}\nup from 17.9% in\n2024\n:::',
        ),
    )
    findings = lint_notebook(path, "report.ipynb", ())
    assert [(f.where, f.number) for f in findings] == [
        ("cell 2:line 5", "17.9%"),
        ("cell 2:line 6", "2024"),
    ]
    assert str(findings[0]).startswith(
        "report.ipynb:cell 2:line 5: number '17.9%' typed by hand in prose ("
    )
    assert str(findings[0]).endswith(": up from 17.9% in")


def test_settings_text_is_read_but_not_dates_years_ids_or_contacts(tmp_path):
    path = tmp_path / "cover.yml"
    path.write_text(
        "date: 2025-10-13\n"
        "contact: Jo Bloggs, 01225 477000\n"
        "title: Report {{< fact period_label >}}\n"
        "sections:\n"
        "  THE ISSUE:\n"
        "    - >-\n"
        "      The panel noted 12 children.\n"
        "    - text: Shown when 3 of them moved.\n"
        "      when-fact: moves_3\n"
        "      is: '3'\n"
        "periods:\n"
        '  "2022-23":\n'
        "    title: Report 2022/23\n"
        "slides:\n"
        "  - title: Moves\n"
        '    points: ["{{< fact moves >}} moves, 4 more"]\n'
        "    figure: moves-2\n",
        encoding="utf-8",
    )
    findings = [(f.where, f.number) for f in lint_settings(path, "cover.yml", ())]
    assert findings == [
        ("7:sections.THE ISSUE[1]", "12"),
        ("8:sections.THE ISSUE[2].text", "3"),
        ("16:slides[1].points[1]", "4"),
    ]


def test_a_file_that_does_not_read_is_one_error_with_its_line(tmp_path):
    path = tmp_path / "slides.yml"
    path.write_text("slides:\n  - title: [Moves\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        lint_settings(path, "slides.yml", ())
    assert (error.value.file, error.value.row) == ("slides.yml", 3)


def test_published_reasons_are_read_but_not_the_published_figures(tmp_path):
    path = tmp_path / "published.csv"
    path.write_text(
        "period,fact,published,reason\n"
        "2024-25,in_care,220,The published report counted {{< fact in_care_uasc >}} twice\n"
        "2024-25,starts,98,Two children were counted late: 96 then\n",
        encoding="utf-8",
    )
    findings = lint_published(path, "published.csv", ())
    assert [(f.where, f.number) for f in findings] == [("3:reason", "96")]


def test_report_modules_captions_and_labels_are_read(tmp_path):
    path = tmp_path / "module.py"
    path.write_text(
        "def ages(self):\n"
        "    caption = 'Children aged 10 to 15'\n"
        "    return Table.from_frame(\n"
        "        frame, id='ages', caption=caption + f', {self.year}', stub=['Age']\n"
        "    )\n",
        encoding="utf-8",
    )
    findings = lint_module(path, "module.py", ("aged 10",))
    assert [(f.where, f.number) for f in findings] == [("2", "15")]


def test_the_bundled_notebooks_modules_and_settings_are_clean():
    assert [str(finding) for finding in lint(ROOT)] == []


def test_numbers_typed_into_a_notebook_fail_lint(tmp_path, monkeypatch, capsys):
    for name in ("notebooks", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "notebooks" / "attendance_exclusions.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] += [
        {"cell_type": "markdown", "metadata": {}, "source": "Persistent absence fell to 17.9%."},
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": "display(Markdown('We had ' + str(count) + '. 282 reports'))",
        },
    ]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    cells = len(notebook["cells"])
    assert (
        f"notebooks/attendance_exclusions.ipynb:cell {cells - 1}:line 1: number '17.9%' typed "
        "by hand in prose"
    ) in out
    assert f"cell {cells}:line 1: number '282' typed by hand in prose" in out
    assert "We had …. 282 reports" in out
    assert "2 hand-typed number(s)" in out
