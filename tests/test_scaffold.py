"""`council-reports open` and `council-reports new` (scaffold.py): a notebook ready for
JupyterLab, and a fourth report that builds, tests and lints as soon as it is written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from council_reports.cli import main

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NAME = "scaffolded"  # not the example the docs give (youth_justice), which a user may create


def project_copy(folder: Path, *data: str) -> Path:
    """A copy of the project with the code, notebooks, templates and the named data folders."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "notebooks", "templates"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    for name in ("reference", *data):
        shutil.copytree(ROOT / "data" / name, folder / "data" / name)
    (folder / "tests").mkdir()
    for name in ("pyproject.toml", "tests/__init__.py", "tests/conftest.py"):
        shutil.copy(ROOT / name, folder / name)
    return folder


def test_open_sets_the_parameters_for_where_the_copy_is(tmp_path, monkeypatch, capsys):
    project_copy(tmp_path, "attendance", "national")
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    assert main(["open", "attendance", "--la", "801", "--period", "2023-24"]) == 0
    written = capsys.readouterr().out.strip()
    copy = tmp_path / "build/open/attendance/2023-24/801/attendance_exclusions.ipynb"
    assert written == copy.relative_to(tmp_path).as_posix()
    cells = json.loads(copy.read_text(encoding="utf-8"))["cells"]
    injected = next(c for c in cells if "injected-parameters" in c["metadata"].get("tags", []))
    namespace: dict[str, str] = {}
    exec("".join(injected["source"]), namespace)
    target = namespace["target"]
    assert (target["la"], target["period"], target["audience"]) == ("801", "2023-24", "committee")
    assert (copy.parent / target["data_dir"]).resolve() == tmp_path / "data" / "attendance"
    assert namespace["output_dir"] == "."
    assert "Changes made here are not kept" in "".join(cells[0]["source"])


def test_open_refuses_an_la_the_data_does_not_hold(tmp_path, monkeypatch, capsys):
    project_copy(tmp_path, "attendance", "national")
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    assert main(["open", "attendance", "--la", "999", "--period", "2023-24"]) == 2
    error = capsys.readouterr().err
    assert error == (
        "error: no attendance data for LA '999' in 2023-24 (153 LAs have data, 201 to 943: "
        "'council-reports list' names them)\n"
    )
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Youth Justice", "report name 'Youth Justice' is not a short lower-case word"),
        ("all", "report name 'all' is not a short lower-case word"),
        ("attendance", "there is already a report 'attendance'"),
        ("youth", "council-reports is not installed from"),  # this package is not the copy's
    ],
)
def test_new_refuses_a_name_it_cannot_use(tmp_path, monkeypatch, capsys, name, problem):
    project_copy(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    assert main(["new", name]) == 2
    assert capsys.readouterr().err.startswith(f"error: {problem}")
    assert not list((tmp_path / "notebooks").glob("youth*"))


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    """A command in the project copy, with the copy's own package imported first."""
    environment = os.environ | {"PYTHONPATH": str(project / "src")}
    environment.pop("COUNCIL_REPORTS_ROOT", None)
    return subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_a_new_report_builds_passes_its_test_lints_and_opens(tmp_path):
    project = project_copy(tmp_path)
    cli = str(BIN / "council-reports")
    created = run(project, cli, "new", NAME, "--title", "Scaffolded report")
    assert created.returncode == 0, created.stderr
    files = created.stdout.split()
    assert files == [  # the shape of the real reports
        f"data/{NAME}/README.md",
        f"data/{NAME}/SYNTHETIC.txt",
        f"data/{NAME}/counts.csv",
        f"notebooks/{NAME}.ipynb",
        f"src/council_reports/reports/{NAME}/__init__.py",
        f"src/council_reports/reports/{NAME}/content.py",
        f"src/council_reports/reports/{NAME}/cover.yml",
        f"src/council_reports/reports/{NAME}/data.py",
        f"src/council_reports/reports/{NAME}/groups.py",
        f"src/council_reports/reports/{NAME}/slides.yml",
        f"tests/test_{NAME}.py",
    ]

    built = run(
        project,
        cli,
        "build",
        NAME,
        "--la",
        "800",
        "--period",
        "2024-25",
        "--renderer",
        "pandoc-typst",
    )
    assert built.returncode == 0, built.stderr
    target = project / f"build/{NAME}/2024-25/800"
    for name in ("report.pdf", "report.docx", "cover-report.pdf", "slides.pptx"):
        assert (target / name).is_file(), name
    report = (target / "report.qmd").read_text(encoding="utf-8")
    assert "Bath and North East Somerset counted 208 children:\nthe number rose from 198" in report
    assert "This passage shows only in a year when the number rose." in report
    assert "| 10 to 15 | 77 | 83 |" in report

    plugins = ("-p", "no:cacheprovider", "-p", "no:nb_regression")  # nb_regression: slow import
    tested = run(project, sys.executable, "-m", "pytest", "-q", *plugins, f"tests/test_{NAME}.py")
    assert tested.returncode == 0, tested.stdout
    assert "2 passed" in tested.stdout

    linted = run(project, cli, "lint")
    assert (linted.returncode, linted.stdout) == (0, "no hand-typed numbers\n")
    code = [f for f in files if f.endswith((".py", ".ipynb"))]
    for check in (("check",), ("format", "--check")):
        ruff = run(project, str(BIN / "ruff"), *check, *code)  # the project's ruff settings
        assert ruff.returncode == 0, ruff.stdout
    stripped = run(project, str(BIN / "nbstripout"), "--verify", f"notebooks/{NAME}.ipynb")
    assert stripped.returncode == 0, stripped.stdout

    # the working copy runs where it is, as in JupyterLab (in-process here: a kernel costs
    # half a minute on a busy machine)
    opened = run(project, cli, "open", NAME, "--period", "2024-25")
    assert opened.returncode == 0, opened.stderr
    copy = project / opened.stdout.strip()
    ran = run(
        project,
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from council_reports.execute import execute; "
        "copy = Path(sys.argv[1]); execute(copy, copy.parent / 'ran.ipynb', {}, copy.parent)",
        str(copy),
    )
    assert ran.returncode == 0, ran.stderr
    facts = json.loads((copy.parent / "facts.json").read_text(encoding="utf-8"))
    assert {"id": "children", "text": "208"}.items() <= next(
        f for f in facts["facts"] if f["id"] == "children"
    ).items()

    again = run(project, cli, "new", NAME)
    assert again.returncode == 2
    assert again.stderr == f"error: there is already a report '{NAME}' (choose another name)\n"
    (project / "tests" / "test_courts.py").write_text("", encoding="utf-8")
    clash = run(project, cli, "new", "courts")
    assert clash.returncode == 2
    assert clash.stderr.startswith("error: these files exist already: tests/test_courts.py")
    assert not (project / "notebooks" / "courts.ipynb").exists()


# closes the module's docstring or string, runs code, and quotes a fact: all as text
CRAFTED = "YJ\"\"\"'); import pathlib; pathlib.Path('PWNED').touch(); ('\" {{< fact x >}}"


def test_a_crafted_title_is_kept_as_text_and_runs_nothing(tmp_path):
    project = project_copy(tmp_path)
    cli = str(BIN / "council-reports")
    created = run(project, cli, "new", "courts", "--title", CRAFTED)
    assert created.returncode == 0, created.stderr
    shown = run(
        project,
        sys.executable,
        "-c",
        "import yaml; from council_reports.framework import get_report; "
        "print(get_report('courts').title); "
        "print(yaml.safe_load(open('src/council_reports/reports/courts/cover.yml'))['title'])",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [CRAFTED, CRAFTED + " {{< fact period_label >}}"]
    assert not (project / "PWNED").exists()


@pytest.mark.parametrize("title", ["Two\nlines", " ", "x" * 81, "bell\a"])
def test_new_refuses_a_title_that_is_not_one_line_of_text(tmp_path, monkeypatch, capsys, title):
    project_copy(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(tmp_path))
    monkeypatch.setattr("council_reports.scaffold.report_ids", lambda: [])
    assert main(["new", "courts", "--title", title]) == 2
    assert capsys.readouterr().err.startswith("error: the title ")
    assert not list((tmp_path / "notebooks").glob("courts*"))
