"""`council-reports diff` (the diff package) on named fixture pairs, and `archive`.

tests/fixtures/diff/ holds two hand-made builds of a small attendance report, made as the ledger
records table cells (``cell``: table, row key, column key and their labels):
attendance-2022-23 and attendance-2023-24. Each test below names the pair it compares (the two
years, or one of them against a copy edited in one way) and the changes it must show.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.diff import compare, compare_paths, to_html, to_markdown
from council_reports.diff.builds import PATH
from council_reports.errors import ParameterError
from council_reports.manifests import check_build
from tests.fixtures.diff.seal import seal
from tests.test_readers import axe_findings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
OLD, NEW = FIXTURES / "attendance-2022-23", FIXTURES / "attendance-2023-24"
SCRIPT = "<script>alert(1)</script> | `x` [a](b)"


def copy(source: Path, folder: Path) -> Path:
    return Path(shutil.copytree(source, folder))


def edit(folder: Path, name: str, change) -> Path:
    """Change one file of a build with ``change`` (text in, text out) and seal it again, as a
    build that was written so would be."""
    path = folder / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    seal(folder)
    return folder


def edit_facts(folder: Path, change) -> Path:
    """Change every fact record with ``change`` (a record in, edited in place)."""

    def rewrite(text: str) -> str:
        record = json.loads(text)
        for fact in record["facts"]:
            change(fact)
        return json.dumps(record, indent=2)

    return edit(folder, "facts.json", rewrite)


def legacy(folder: Path) -> Path:
    """The build as builds were written before the ledger keyed table cells."""
    return edit_facts(folder, lambda fact: fact.pop("cell", None))


def in_attendance(section: str) -> str:
    """A section's title: its heading after its parents'."""
    return f"School attendance{PATH}{section}"


def only(diff, section: str):
    return next(s for s in diff.sections if s.title == section)


# A build against itself ------------------------------------------------------------------------


@pytest.mark.parametrize("build", [OLD, NEW], ids=["2022-23", "2023-24"])
def test_a_build_against_itself_or_its_copy_is_empty(build, tmp_path, capsys):
    assert compare(build, build).same
    assert compare(build, copy(build, tmp_path / "copy")).same
    assert compare(
        legacy(copy(build, tmp_path / "old")), legacy(copy(build, tmp_path / "new"))
    ).same
    assert main(["diff", str(build), str(build)]) == 0
    assert "No differences." in capsys.readouterr().out


def test_a_rendition_only_one_build_made_is_no_change_but_a_changed_one_is(tmp_path):
    """The PNG twin of a chart is drawn for Word only: a build with Word against one without
    shows no figure changed; the same twin drawn differently in both does."""
    with_word = copy(NEW, tmp_path / "word")
    (with_word / "figures" / "absence-pupils.png").write_bytes(b"\x89PNG one")
    seal(with_word)
    assert compare(NEW, with_word).same and compare(with_word, NEW).same
    other = copy(with_word, tmp_path / "other")
    (other / "figures" / "absence-pupils.png").write_bytes(b"\x89PNG two")
    seal(other)
    (changed,) = [f for s in compare(with_word, other).sections for f in s.figures]
    assert changed.files == ["figures/absence-pupils.png"]


# Two years --------------------------------------------------------------------------------------


def test_two_years_give_exactly_the_expected_changes():
    diff = compare(OLD, NEW)
    assert [t.id for t in diff.tables_added] == ["own-figures"]
    assert [t.id for t in diff.tables_removed] == ["covid-absence"]
    assert diff.tables_renamed == [("exclusions-area", "exclusions-geography")]
    assert diff.sections_added == ["The council's own figures for 2024/25"]
    assert diff.sections_removed == [in_attendance("Covid-19 absence")]
    # facts by the section whose prose first quotes them, largest relative change first, then
    # changes with no relative size (0 to 3), then words
    assert {s.title: [c.id for c in s.facts] for s in diff.sections if s.facts} == {
        "Introduction": ["period_label"],
        "Summary": ["pa_england", "pa_la"],
        in_attendance("All pupils"): ["authorised_la"],
        "Suspensions": ["susp_la", "pex_count"],
        "The council's own figures for 2024/25": ["following_label"],
    }
    pa = only(diff, "Summary").facts[1]
    # each value with its own build's label
    assert (pa.old, pa.old_label) == (
        "18.1%",
        "Persistent absence, Bath and North East Somerset 2022/23",
    )
    assert (pa.new, pa.new_label) == (
        "18.3%",
        "Persistent absence, Bath and North East Somerset 2023/24",
    )
    assert (pa.change_text(), pa.percent_text()) == ("+0.2 pp", "+1.1%")
    assert [f.id for f in only(diff, "The council's own figures for 2024/25").facts_added] == [
        "own_pa"
    ]
    assert [f.id for f in only(diff, in_attendance("Covid-19 absence")).facts_removed] == [
        "covid_rate"
    ]
    # cells by table, row key and column role: this year's figure against last year's own
    cells = {t.id: [(c.id, c.old, c.new) for c in t.cells] for s in diff.sections for t in s.tables}
    assert cells == {
        "absence-geography": [
            ("persistent_absence.la.last_year", "20.2%", "18.1%"),
            ("authorised_absence_rate.la.last_year", "4.8%", "5.1%"),
            ("persistent_absence.england.this_year", "21.2%", "20.0%"),
            ("authorised_absence_rate.la.this_year", "5.1%", "5.0%"),
            ("persistent_absence.la.this_year", "18.1%", "18.3%"),
        ],
        "referrals": [("high.children", "10", "12"), ("high.2.Route", "Police", "Police referral")],
        "exclusions-geography": [
            ("suspension_rate.la.this_year", "9.28", "13.03"),
            ("suspension_rate.england.this_year", "9.33", "11.31"),
        ],
    }
    assert [(s.title, [f.id for f in s.figures]) for s in diff.sections if s.figures] == [
        (in_attendance("All pupils"), ["absence-pupils"])
    ]
    # whole sentences; those whose only change is a number (a fact) are not prose changes
    assert [(s.title, [(p.old, p.new) for p in s.prose]) for s in diff.sections if s.prose] == [
        (
            "Suspensions",
            [
                (
                    "Suspensions are counted by the school census.",
                    "Suspensions are counted from the school census each term.",
                )
            ],
        ),
        (
            "The council's own figures for 2024/25",
            [(None, "The council counted persistent absence of 19.66% in 2024/25.")],
        ),
        (in_attendance("Covid-19 absence"), [("Covid-19 absence was 2.1%.", None)]),
    ]


def test_two_years_as_markdown_name_each_value_with_its_own_year(capsys):
    assert main(["diff", str(OLD), str(NEW)]) == 1
    out = capsys.readouterr().out
    assert "- Tables renamed: exclusions\\-area → exclusions\\-geography" in out
    assert (
        "| `pa_la` | 18.1% (Persistent absence, Bath and North East Somerset 2022/23) | "
        "18.3% (Persistent absence, Bath and North East Somerset 2023/24) | \\+0.2 pp | \\+1.1% |"
    ) in out
    assert (
        "- Was: Suspensions are counted by the school census.\\\n"
        "  Now: Suspensions are counted from the school census each term."
    ) in out
    assert out.index("### Summary") < out.index("### Suspensions")  # the report's order


def test_builds_made_before_cells_had_keys_match_cells_by_header_text(tmp_path):
    diff = compare(legacy(copy(OLD, tmp_path / "old")), legacy(copy(NEW, tmp_path / "new")))
    tables = {t.id: t for s in diff.sections for t in s.tables}
    geography = tables["absence-geography"]
    # the column both years have (Bath and North East Somerset 2022/23) holds the same figures;
    # this year's and last year's are new and gone columns, never paired by position
    assert not geography.cells
    assert [c.label for c in geography.columns_added] == [
        "Bath and North East Somerset 2023/24",
        "England 2023/24",
    ]
    assert [c.label for c in geography.columns_removed] == [
        "Bath and North East Somerset 2021/22",
        "England 2022/23",
    ]
    assert [(c.id, c.old, c.new) for c in tables["referrals"].cells] == [
        ("high.Children", "10", "12"),
        ("high.2.Route", "Police", "Police referral"),
    ]


# A moved column, two rows of one label ---------------------------------------------------------


def move_england_first(text: str) -> str:
    rows = [line.split(",") for line in text.splitlines()]
    return "".join(",".join([r[0], r[3], r[1], r[2]]) + "\n" for r in rows)


@pytest.mark.parametrize("keys", [True, False], ids=["cells with keys", "before keys"])
def test_a_moved_column_is_not_a_change(tmp_path, keys):
    old = copy(NEW, tmp_path / "old")
    new = edit(copy(NEW, tmp_path / "new"), "tables/absence-geography.csv", move_england_first)
    assert (new / "tables/absence-geography.csv").read_text().startswith("Measure,England")
    if not keys:
        old, new = legacy(old), legacy(new)
    assert compare(old, new).same


@pytest.mark.parametrize("keys", [True, False], ids=["cells with keys", "before keys"])
def test_two_rows_with_the_same_label_are_two_rows(tmp_path, keys):
    """referrals has two rows labelled High: swapping their figures changes both, and a
    build against itself changes neither."""

    def swap(text: str) -> str:
        return text.replace("High,12,", "High,@,").replace("High,7,", "High,12,").replace("@", "7")

    def swap_cells(fact: dict) -> None:
        if fact["id"] in ("referrals.high.children", "referrals.high.2.children"):
            fact["value"] = fact["text"] = 7 if fact["id"] == "referrals.high.children" else 12
            fact["text"] = str(fact["value"])

    old = copy(NEW, tmp_path / "old")
    new = edit_facts(edit(copy(NEW, tmp_path / "new"), "tables/referrals.csv", swap), swap_cells)
    if not keys:
        old, new = legacy(old), legacy(new)
    assert compare(old, old).same
    (table,) = [t for s in compare(old, new).sections for t in s.tables]
    column = "children" if keys else "Children"
    assert [(c.id, c.old, c.new) for c in table.cells] == [
        (f"high.2.{column}", "7", "12"),
        (f"high.{column}", "12", "7"),
    ]


# Text from data is text -------------------------------------------------------------------------


def scripted(folder: Path) -> Path:
    """The 2023-24 build with a row label, a fact label, a sentence and a chart holding markup."""

    def label(fact: dict) -> None:
        if fact["id"] == "pa_la":
            fact["label"] = SCRIPT
        if fact.get("cell", {}).get("row") == "high":
            fact["cell"]["row_label"] = SCRIPT

    edit(folder, "tables/referrals.csv", lambda t: t.replace("High,12", f'"{SCRIPT}",12', 1))
    sentence = "\\<script\\>alert(2)\\</script\\> is a label\\|\\`y\\`."
    edit(folder, "report.qmd", lambda t: t.replace("Referrals are shown", f"{sentence} Shown"))
    edit(
        folder,
        "figures/absence-pupils.svg",
        lambda t: t.replace("</svg>", "<script>1</script></svg>"),
    )
    return edit_facts(folder, label)


def test_text_from_data_is_escaped_in_markdown_and_html(tmp_path):
    review = compare_paths(OLD, scripted(copy(NEW, tmp_path / "new")))
    markdown, page = to_markdown(review), to_html(review)
    assert not re.search(r"(?<!\\)[<\[]", markdown)  # no tag, no link
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\| \\`x\\` \\[a\\]\\(b\\)" in markdown
    assert "\\<script\\>alert\\(2\\)\\</script\\> is a label\\|\\`y\\`." in markdown
    assert "<script" not in page.lower()  # the chart's script stays inside its data: image
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | `x` [a](b)" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt; is a label|`y`." in page


def test_the_html_page_shows_both_charts_and_runs_nothing(tmp_path, browser):
    page_path = tmp_path / "review.html"
    assert (
        main(
            [
                "diff",
                str(OLD),
                str(scripted(copy(NEW, tmp_path / "new"))),
                "--output",
                str(page_path),
            ]
        )
        == 1
    )
    html = page_path.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and html.count("data:image/svg+xml;base64,") == 2
    page = browser.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(page_path.as_uri())
        widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
        assert widths == [200, 200]  # both builds' charts drawn
        assert "alert(1)" in page.inner_text("body")  # shown as text
    finally:
        page.close()
    assert dialogs == [] and [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert axe_findings(browser, page_path) == []


# Builds that are not sound ---------------------------------------------------------------------


def no_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def manifest_of_wrong_shape(folder: Path) -> None:
    (folder / "manifest.json").write_text('{"report": "attendance", "outputs": []}')


def facts_not_json(folder: Path) -> None:
    edit(folder, "facts.json", lambda t: t[: len(t) // 2])


def facts_of_wrong_shape(folder: Path) -> None:
    edit(folder, "facts.json", lambda t: json.dumps({"facts": {"pa_la": 1}}))


def fact_without_id(folder: Path) -> None:
    edit_facts(folder, lambda f: f.pop("id") if f["id"] == "pa_la" else None)


def cell_without_keys(folder: Path) -> None:
    edit_facts(folder, lambda f: f["cell"].pop("row") if "cell" in f else None)


def notebook_damaged(folder: Path) -> None:
    edit(folder, "report.ipynb", lambda t: json.dumps({"cells": [{"source": 3}]}))


def table_not_text(folder: Path) -> None:
    (folder / "tables/referrals.csv").write_bytes(b"Priority,Children\n\xff\xfe,1\n")
    seal(folder)


def file_missing(folder: Path) -> None:
    (folder / "tables/referrals.csv").unlink()


def file_changed(folder: Path) -> None:
    (folder / "report.qmd").write_text("edited after the build")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (no_manifest, "not a build folder (no manifest.json)"),
        (manifest_of_wrong_shape, "not a manifest: period is missing"),
        (facts_not_json, "facts.json: not JSON"),
        (facts_of_wrong_shape, "facts.json: not a facts ledger: no list of facts"),
        (fact_without_id, "facts.json: not a facts ledger: fact 4 has no valid id"),
        (cell_without_keys, "not a facts ledger: fact 11 has a cell without its table, row"),
        (notebook_damaged, "report.ipynb: not a notebook: cell 1 has no source text"),
        (table_not_text, "referrals.csv: not text"),
        (file_missing, "not as built: tables/referrals.csv is missing"),
        (file_changed, "not as built: report.qmd has changed since the build"),
    ],
)
def test_a_build_that_is_not_sound_is_one_line_and_exit_2(tmp_path, capsys, damage, message):
    damaged = copy(NEW, tmp_path / "damaged")
    damage(damaged)
    output = tmp_path / "review.md"
    for old, new in ((OLD, damaged), (damaged, OLD)):
        assert main(["diff", str(old), str(new), "--output", str(output)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err
        assert not output.exists()


def test_a_missing_folder_writes_nothing_and_exits_2(tmp_path, capsys):
    output = tmp_path / "review.md"
    assert main(["diff", str(OLD), str(tmp_path / "missing"), "--output", str(output)]) == 2
    assert "missing: no such folder" in capsys.readouterr().err
    assert not output.exists() and list(tmp_path.iterdir()) == []
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2  # a folder with no builds
    assert "no builds in this folder" in capsys.readouterr().err


def test_builds_of_different_las_are_not_comparable(tmp_path):
    other = copy(NEW, tmp_path / "801")
    seal(other, la="801")
    with pytest.raises(ParameterError, match="not comparable"):
        compare(NEW, other)


# Exit codes ---------------------------------------------------------------------------------------


def test_fail_on_and_threshold_decide_the_exit_code(tmp_path, capsys):
    def nudge(fact: dict) -> None:  # persistent absence 18.3% -> 18.4%: +0.5%
        if fact["id"] == "pa_la":
            fact["value"], fact["text"] = 18.4, "18.4%"

    nudged = edit_facts(copy(NEW, tmp_path / "nudged"), nudge)
    assert main(["diff", str(NEW), str(nudged), "--format", "json"]) == 1
    facts = json.loads(capsys.readouterr().out)["builds"][0]["sections"][0]["facts"]
    assert [f["id"] for f in facts] == ["pa_la"]
    assert main(["diff", str(NEW), str(nudged), "--fail-on", "prose"]) == 0
    assert main(["diff", str(NEW), str(nudged), "--fail-on", "facts"]) == 1
    assert main(["diff", str(NEW), str(nudged), "--fail-on", "facts", "--threshold", "1"]) == 0
    assert main(["diff", str(NEW), str(nudged), "--fail-on", "none"]) == 0
    assert main(["diff", str(NEW), str(nudged), "--fail-on", "words"]) == 2


# Two build folders ----------------------------------------------------------------------------


def test_two_build_folders_list_new_gone_and_renamed_targets_first(tmp_path, capsys):
    old_root, new_root = tmp_path / "base", tmp_path / "branch"
    copy(OLD, old_root / "attendance/2022-23/800")
    copy(OLD, old_root / "attendance/2023-24/800")
    seal(old_root / "attendance/2023-24/800", period="2023-24")
    seal(copy(NEW, old_root / "iro/2024-25/800"), report="iro", period="2024-25", title="IRO")
    copy(NEW, new_root / "attendance/2023-24/800")
    seal(copy(NEW, new_root / "attendance/2024-25/800"), period="2024-25")
    seal(copy(OLD, new_root / "schools/2022-23/800"), report="schools")
    review = compare_paths(old_root, new_root)
    assert review.targets_new == ["attendance/2024-25/800"]
    assert review.targets_gone == ["iro/2024-25/800"]
    assert review.targets_renamed == [("attendance/2022-23/800", "schools/2022-23/800")]
    assert [b.place for b in review.builds] == ["attendance/2023-24/800"]
    assert review.unchanged == ["schools/2022-23/800"]
    outputs = [tmp_path / "review.md", tmp_path / "review.html"]
    args = ["diff", str(old_root), str(new_root), "--fail-on", "none"]
    assert main([*args, *(a for o in outputs for a in ("--output", str(o)))]) == 0
    markdown = outputs[0].read_text(encoding="utf-8")
    assert markdown.index("**New targets**: `attendance/2024-25/800`") < markdown.index("## ")
    assert "**Gone targets**: `iro/2024-25/800`" in markdown
    assert "**Renamed targets**: `attendance/2022-23/800 → schools/2022-23/800`" not in markdown
    assert "**Renamed targets**: attendance/2022\\-23/800 → schools/2022\\-23/800" in markdown
    assert outputs[1].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (new_root / "attendance/2024-25/800/report.qmd").write_text("edited")  # a new target, damaged
    assert main(args) == 2
    assert "attendance/2024-25/800: not as built" in capsys.readouterr().err


def test_markdown_is_cut_at_a_section_to_fit_a_comment():
    review = compare_paths(OLD, NEW)
    whole, cut = to_markdown(review), to_markdown(review, max_chars=1500)
    assert len(cut) <= 1500 < len(whole)
    assert cut.endswith("the rest is in review.html.*\n") and whole.startswith(cut[:1000])


# The archive of what was published ----------------------------------------------------------


def test_archive_keeps_a_checked_build_and_never_replaces_it(tmp_path, capsys):
    build = copy(NEW, tmp_path / "build/attendance/2023-24/800")
    archive = tmp_path / "published"
    assert main(["archive", str(build), "--to", str(archive)]) == 0
    kept = archive / "attendance/2023-24/800"
    assert check_build(kept) and compare(kept, build).same
    (build / "report.qmd").write_text("a rebuild that differs")
    seal(build)
    assert main(["archive", str(build), "--to", str(archive)]) == 2
    assert "attendance/2023-24/800 is archived already" in capsys.readouterr().err
    assert check_build(kept) and not compare(kept, build).same  # the archived one is untouched
    other = copy(NEW, tmp_path / "public")
    seal(other, publish="public")
    tampered = copy(OLD, tmp_path / "tampered")
    (tampered / "report.qmd").write_text("edited after the build")
    assert main(["archive", str(other), str(tampered), "--to", str(archive)]) == 2
    assert "not as built" in capsys.readouterr().err  # and nothing is archived
    assert not (archive / "attendance/2022-23").exists() and not (archive / "public").exists()
    assert main(["archive", str(other), "--to", str(archive)]) == 0
    assert check_build(archive / "public/attendance/2023-24/800")
    assert sorted(p.name for p in (archive / "attendance").iterdir()) == ["2023-24"]


# Real builds ------------------------------------------------------------------------------------


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
    old, new = root / "2022-23" / "800", root / "2023-24" / "800"
    assert compare(new, new).same
    diff = compare(old, new)
    summary = only(diff, "Summary")
    assert [c.id for c in summary.facts][:2] == ["susp_la", "susp_region"]  # +40.4%, +29.4%
    assert next(c for c in summary.facts if c.id == "pa_la").new_label.endswith("2023/24")
    for table in (t for s in diff.sections for t in s.tables):
        for cell in table.cells:  # never a column of one area against another's
            assert _area(cell.old_label) == _area(cell.new_label)  # each label its own year


def _area(label: str) -> str:
    """The column of a cell's label without its years ("Bath and North East Somerset 2022/23"
    and "... 2024/25 (own figures)" name the LA)."""
    return re.sub(r" [0-9]{4}/[0-9]{2}", "", label.rsplit(": ", 1)[1])


@pytest.mark.slow
def test_one_changed_value_shows_that_fact_and_what_derives_from_it(attendance_builds, tmp_path):
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
    assert {c.id for s in diff.sections for c in s.facts} == {"susp_la", "susp_change"}
    assert not any(s.facts_added or s.facts_removed or s.prose for s in diff.sections)
    cells = {
        (t.id, c.new_label, c.old, c.new) for s in diff.sections for t in s.tables for c in t.cells
    }
    assert cells == {
        (
            "exclusions-geography",
            "Suspension (rate): Bath and North East Somerset 2023/24",
            "13.03",
            "13.50",  # as the report shows it (the CSV holds the shown figure)
        ),
        ("exclusions-geography", "Suspension (rate): Change", "3.75", "4.22"),
    }
    # the published report printed 13.03: About these figures now lists the difference
    (differences,) = [t for s in diff.sections for t in s.tables if t.id == "differences"]
    assert len(differences.rows_added) == 1
    # the suspension trend reads the national files (one vintage for every LA), not the report
    # folder's: neither its chart nor its table changes
    assert not [f.id for s in diff.sections for f in s.figures]
