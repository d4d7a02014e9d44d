"""An author's mistakes stop the build, a line each and all at once, where JupyterLab shows
them (authoring.py, present/prose.py; issue 22): an id the ledger does not hold, in a passage
hidden this year too; a shortcode that is not well formed; a number typed by hand; a notebook
stored with outputs; a table id the report does not have; a cell that raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.ledger import Ledger
from council_reports.present.prose import Where, form_errors, unknown_ids
from tests.conftest import copy_project

pytestmark = pytest.mark.slow
NOTEBOOK = "notebooks/attendance_exclusions.ipynb"
HERE = Where(NOTEBOOK, cell=11, cell_id="10")


@pytest.fixture
def facts() -> Ledger:
    ledger = Ledger()
    ledger.add("pa_la", 18.3, unit="%", decimals=1, label="Persistent absence", source="t")
    ledger.condition("pa_known", True, label="Known", source="t", method="t")
    return ledger


def test_shortcodes_that_are_not_well_formed_are_each_an_error():
    text = "A {{ fact pa_la }} and\n{{< fact pa_la }} and {{< fact pa_la >} and {{< fakt x >}}."
    lines = [error.line() for error in form_errors(text, HERE)]
    assert lines == [
        f"{NOTEBOOK}:cell 11 (id 10):1: a shortcode is not well formed: '{{{{ fact pa_la }}}}' "
        "(write {{< fact id >}})",
        f"{NOTEBOOK}:cell 11 (id 10):2: unknown shortcode {{{{< fakt x >}}}} (quote a recorded "
        "fact as {{< fact id >}})",
        f"{NOTEBOOK}:cell 11 (id 10):2: a shortcode is not well formed: '{{{{< fact pa_la }}}}' "
        "(write {{< fact id >}})",
        f"{NOTEBOOK}:cell 11 (id 10):2: a shortcode is not well formed: '{{{{< fact pa_la >}}' "
        "(write {{< fact id >}})",
    ]


def test_ids_in_hidden_passages_are_checked_and_a_close_one_suggested(facts):
    text = (
        '::: {.content-visible unless-fact="pa_known"}\n'
        "Hidden this year: {{< fact pa_lx >}}.\n"
        ":::\n"
        '::: {.content-visible when-fact="pa_knwn"}\nShown.\n:::'
    )
    assert [error.line() for error in unknown_ids(text, facts, HERE)] == [
        f"{NOTEBOOK}:cell 11 (id 10):2: no fact 'pa_lx' in the ledger (did you mean pa_la?)",
        f"{NOTEBOOK}:cell 11 (id 10):4: no fact 'pa_knwn' in the ledger (did you mean pa_known?)",
    ]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = copy_project(tmp_path)
    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    return root


def _edit(root: Path, change) -> None:
    path = root / NOTEBOOK
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook["cells"])
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")


# The passage shown when the FSM gap narrowed (hidden for 2023/24: it widened).
NARROWED = (
    'is="narrowed"}\nThe gap {{< fact pa_fsm_gap_direction >}} from '
    "{{< fact pa_fsm_gap_previous >}}"
)


def _markdown(cells: list, cell_id: str, old: str, new: str) -> None:
    cell = next(cell for cell in cells if cell["id"] == cell_id)
    source = "".join(cell["source"])
    assert old in source
    cell["source"] = source.replace(old, new, 1)


def _build(root: Path) -> int:
    arguments = ["build", "attendance", "--la", "800", "--period", "2023-24"]
    return main([*arguments, "--out", str(root / "build"), "--to", "html"])


def test_every_mistake_stops_the_build_at_once_a_line_each(project, capsys):
    def mistakes(cells: list) -> None:
        # cell 14 (id 13): an id misspelt in a passage hidden this year (the gap widened)
        _markdown(
            cells,
            "13",
            NARROWED,
            NARROWED.replace("previous", "previus"),
        )
        # cell 3 (id 2): a shortcode mistyped, and a number typed by hand
        _markdown(cells, "2", "{{< fact pa_la >}} of pupils", "{{ fact pa_la }} of pupils")
        _markdown(cells, "2", "a gap of {{< fact pa_fsm_gap >}}", "a gap of 18.3%")
        # cell 26 (id 25): a code cell that raises
        next(cell for cell in cells if cell["id"] == "25")["source"] = "1 / 0"

    _edit(project, mistakes)
    capsys.readouterr()
    assert _build(project) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"error: {NOTEBOOK}:cell 3 (id 2):13: a shortcode is not well formed: '{{{{ fact pa_la "
        "}}' (write {{< fact id >}})",
        f"error: {NOTEBOOK}:cell 3 (id 2):29: number '18.3%' typed by hand in prose: against "
        "{{< fact pa_not_fsm_la >}} of other pupils: a gap of 18.3%. (quote a fact, {{< fact "
        "id >}}, or declare the phrase as a constant in pyproject.toml)",
        f"error: {NOTEBOOK}:cell 26 (id 25): raised ZeroDivisionError: division by zero (see "
        f"{project}/build/attendance/2023-24/.800.failed.ipynb)",
    ]  # the run failed: its facts are not there to check the ids against


def test_an_id_in_a_hidden_passage_is_checked_in_every_year(project, capsys):
    _edit(
        project,
        lambda cells: _markdown(
            cells,
            "13",
            NARROWED,
            NARROWED.replace("previous", "previus"),
        ),
    )
    capsys.readouterr()
    assert _build(project) == 2  # 2023/24: the gap widened, so the passage is hidden
    assert capsys.readouterr().err.splitlines() == [
        f"error: {NOTEBOOK}:cell 14 (id 13):13: no fact 'pa_fsm_gap_previus' in the ledger (did "
        "you mean pa_fsm_gap_previous?)"
    ]
    assert not (project / "build" / "attendance" / "2023-24" / "800").exists()


def test_a_notebook_with_outputs_and_a_misspelt_table_are_refused_before_it_runs(
    project, capsys, monkeypatch
):
    def mistakes(cells: list) -> None:
        cells[4]["source"] = 'report.table("absense-geography")'
        cells[6]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "saved\n"}]
        cells[6]["execution_count"] = 3

    _edit(project, mistakes)

    def no_run(*args, **kwargs):
        raise AssertionError("the notebook ran")

    monkeypatch.setattr("council_reports.execute.execute", no_run)
    capsys.readouterr()
    assert _build(project) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {NOTEBOOK}: is stored with the outputs of a run, in 1 code cell (the first: "
        "cell 7 (id 6)) (strip them with make format (nbstripout), then build again)",
        f"error: {NOTEBOOK}:cell 5 (id 4):1: no table 'absense-geography' in this report (did "
        "you mean absence-geography?)",
    ]


def test_an_unknown_id_in_the_cover_settings_is_an_error_even_when_not_shown(
    project, capsys, monkeypatch, tmp_path
):
    from tests.conftest import own_settings

    cover = own_settings(monkeypatch, "attendance", tmp_path / "settings") / "cover.yml"
    text = cover.read_text(encoding="utf-8")
    hidden = "background_papers:\n  - text: Hidden.\n    when-fact: eia_atached\n"
    cover.write_text(text.replace("background_papers:\n", hidden, 1), encoding="utf-8")
    capsys.readouterr()
    assert _build(project) == 2
    err = capsys.readouterr().err
    assert (
        "cover.yml:background_papers[1].when-fact: no fact 'eia_atached' in the ledger "
        "(did you mean " in err
    )
