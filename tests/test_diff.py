"""`council-reports diff` (diff.py) on small build folders made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.diff import compare
from council_reports.errors import ParameterError


def make_build(
    folder: Path,
    *,
    period: str,
    pa: float,
    susp: float,
    word: str = "below",
    report: str = "attendance",
    la: str = "800",
) -> Path:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "report": report,
                "la": la,
                "period": period,
                "outputs": {"figures/absence.svg": f"sha-{pa}"},
            }
        )
    )
    facts = [
        {
            "id": "pa_la",
            "value": pa,
            "unit": "%",
            "decimals": 1,
            "label": "Persistent absence",
            "text": f"{pa}%",
        },
        {
            "id": "susp_la",
            "value": susp,
            "unit": "rate",
            "decimals": 2,
            "label": "Suspension rate",
            "text": f"{susp:.2f}",
        },
    ]
    (folder / "facts.json").write_text(json.dumps({"document": {}, "facts": facts}))
    (folder / "tables").mkdir()
    label = period.replace("-", "/")
    (folder / "tables" / "absence.csv").write_text(
        f"Measure,B&NES {label},England {label}\nPersistent absence,{pa},20.0\nSevere,c,2.3\n"
    )
    (folder / "report.qmd").write_text(
        f"---\ntitle: x\n---\n\nPersistent absence was {pa}%, {word} England.\n\n| a |\n"
    )
    return folder


def test_year_on_year(tmp_path):
    old = make_build(tmp_path / "a", period="2022-23", pa=18.1, susp=9.28)
    new = make_build(tmp_path / "b", period="2023-24", pa=18.3, susp=13.03)
    diff = compare(old, new)
    changes = {c.id: c for c in diff.facts_changed}
    assert changes["susp_la"].change == pytest.approx(3.75)
    assert round(changes["susp_la"].percent_change, 1) == 40.4
    assert changes["pa_la"].old_text == "18.1%" and changes["pa_la"].new_text == "18.3%"
    assert [(c.row, c.old, c.new) for c in diff.cells_changed] == [
        ("Persistent absence", "18.1", "18.3")
    ]
    assert diff.cells_changed[0].column == "B&NES 2022/23 → B&NES 2023/24"
    assert diff.figures_changed == ["figures/absence.svg"]
    assert diff.prose_changed == []  # only numbers changed, and they are facts
    markdown = diff.to_markdown()
    assert "| Suspension rate (`susp_la`) | 9.28 | 13.03 | +3.75 | +40.4% |" in markdown


def test_prose_change_is_reported(tmp_path):
    old = make_build(tmp_path / "a", period="2023-24", pa=18.3, susp=13.03)
    new = make_build(tmp_path / "b", period="2023-24", pa=18.3, susp=13.03, word="above")
    assert compare(old, new).prose_changed == [("below", "above")]


def test_identical_builds_exit_0_and_differences_exit_1(tmp_path, capsys):
    a = make_build(tmp_path / "a", period="2023-24", pa=18.3, susp=13.03)
    b = make_build(tmp_path / "b", period="2023-24", pa=18.3, susp=13.03)
    c = make_build(tmp_path / "c", period="2023-24", pa=18.4, susp=13.03)
    assert main(["diff", str(a), str(b)]) == 0
    assert "No differences." in capsys.readouterr().out
    assert main(["diff", str(a), str(c), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["facts_changed"][0]["id"] == "pa_la"
    assert main(["diff", str(a), str(c), "--fail-on", "prose"]) == 0
    assert main(["diff", str(a), str(c), "--fail-on", "facts"]) == 1
    assert main(["diff", str(a), str(c), "--fail-on", "facts", "--threshold", "1"]) == 0  # +0.5%
    out = tmp_path / "diff.html"
    main(["diff", str(a), str(c), "--format", "html", "--output", str(out)])
    assert "<table" in out.read_text() and 'lang="en-GB"' in out.read_text()


def test_builds_of_different_las_are_not_comparable(tmp_path, capsys):
    a = make_build(tmp_path / "a", period="2023-24", pa=18.3, susp=13.03)
    b = make_build(tmp_path / "b", period="2023-24", pa=18.3, susp=13.03, la="801")
    with pytest.raises(ParameterError, match="not comparable"):
        compare(a, b)
    assert main(["diff", str(a), str(tmp_path / "missing")]) == 2
    assert "not a build folder" in capsys.readouterr().err


def test_two_build_roots_compare_every_common_build(tmp_path, capsys):
    for root, pa in (("main", 18.3), ("branch", 18.4)):
        make_build(
            tmp_path / root / "attendance" / "2023-24" / "800", period="2023-24", pa=pa, susp=13.03
        )
    make_build(
        tmp_path / "branch" / "attendance" / "2022-23" / "800", period="2022-23", pa=18.1, susp=9.28
    )
    assert main(["diff", str(tmp_path / "main"), str(tmp_path / "branch")]) == 1
    out = capsys.readouterr().out
    assert out.count("# Changes from") == 1 and "18.4%" in out


def build_html(out: Path, period: str, *args: str) -> int:
    """Build B&NES's attendance report for ``period``, HTML only, with the embedded renderer."""
    return main(
        [
            "build",
            "attendance",
            "--la",
            "800",
            "--period",
            period,
            "--to",
            "html",
            "--out",
            str(out),
            "--renderer",
            "pandoc-typst",
            *args,
        ]
    )


@pytest.fixture(scope="module")
def attendance_builds(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("builds")
    for period in ("2022-23", "2023-24"):
        assert build_html(out / "a", period) == 0
    return out


@pytest.mark.slow
def test_year_on_year_diff_of_real_builds(attendance_builds, capsys):
    root = attendance_builds / "a" / "attendance"
    assert main(["diff", str(root / "2022-23" / "800"), str(root / "2023-24" / "800")]) == 1
    out = capsys.readouterr().out
    assert "(`pa_la`) | 18.1% | 18.3% | +0.2 pp | +1.1% |" in out
    assert "(`susp_la`) | 9.28 | 13.03 | +3.75 | +40.4% |" in out


@pytest.mark.slow
def test_one_changed_value_shows_that_fact_and_what_derives_from_it(attendance_builds, tmp_path):
    import shutil

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    path = data / "attendance" / "exclusions_by_geography.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("202324") and ",800," in line)
    path.write_text(text.replace(row, row.replace(",13.03,", ",13.50,")), encoding="utf-8")
    assert build_html(tmp_path / "b", "2023-24", "--data", str(data)) == 0
    original = attendance_builds / "a" / "attendance" / "2023-24" / "800"
    # a build compared with its copy elsewhere: the same (a rebuild is byte for byte the same:
    # test_build.py)
    assert compare(original, shutil.copytree(original, tmp_path / "c")).same
    diff = compare(original, tmp_path / "b" / "attendance" / "2023-24" / "800")
    assert {c.id for c in diff.facts_changed} == {"susp_la", "susp_change"}
    assert not diff.facts_added and not diff.facts_removed and not diff.prose_changed
    assert {(c.table, c.column, c.old, c.new) for c in diff.cells_changed} == {
        ("exclusions-geography", "Bath and North East Somerset 2023/24", "13.03", "13.5"),
        ("exclusions-geography", "Change", "3.75", "4.22"),
        # the published report printed 13.03: About these figures now lists the difference
        ("differences", "(row)", "", "added"),
    }
    assert diff.figures_changed == [  # the attendance report has no slides: no slide PNGs
        "figures/suspension-trend-narrow.svg",  # the chart drawn for a phone
        "figures/suspension-trend.png",
        "figures/suspension-trend.svg",
    ]
