"""Authors' commands: ``open`` a report's notebook for one LA and year in JupyterLab, and start a
``new`` report with every file it needs.

``open`` writes build/open/<report>/<period>/<la>/<notebook>: the notebook with its parameters
set by papermill (not run), reading the data from where it is and writing its tables, figures
and facts.json beside itself. It is a working copy (build/ is ignored by git): the report's
prose is edited in notebooks/.

``new NAME`` writes a small working report, an example to edit, in the shape of the real ones,
from the template files in templates/new_report/ (linted like the project's code):
notebooks/NAME.ipynb (prose quoting facts, a table and a figure), data/NAME/ (a CSV, its data
log, SYNTHETIC.txt), the package src/council_reports/reports/NAME/ (definition, data and checks,
a section, the content class, cover and slides settings) and tests/test_NAME.py. The report
registry finds the package, so ``council-reports build NAME`` works at once.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
from pathlib import Path

from . import keys, markup
from .errors import ParameterError
from .framework import get_report, report_ids
from .manifests import PUBLIC
from .periods import Period
from .project import Project

OPEN = "open"  # build/open/: working copies of notebooks
RESERVED = {
    "all",
    OPEN,
    PUBLIC,
}  # words a report id cannot be: build/ and the command line use them
TEMPLATE = "new_report"  # templates/new_report: the shape of a new report
TITLE, ID, CONTENT = "Example report", "example_report", "ExampleReport"  # the template's words
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,24}$")  # short enough for the new files' lines
TITLE_LENGTH = 80


def open_notebook(project: Project, report_id: str, la: str, period: Period) -> Path:
    """Write the report's notebook with its parameters set for ``la`` and ``period``, ready to
    run in JupyterLab, and return its path."""
    from .execute import block_slow_imports, check_parameters
    from .planning import plan_target

    report = get_report(report_id)
    target = plan_target(project, report, la, period, None)  # as the build decides
    report.require(target)  # an LA or year not in the data: one line, before the copy
    report.check(target)  # bad data: one line, before the copy
    source = project.notebooks / report.notebook
    folder = project.build / OPEN / report.id / str(period) / la
    parameters = {"target": target.parameter(relative_to=folder), "output_dir": "."}
    block_slow_imports()
    check_parameters(source, parameters)
    import nbformat
    import papermill

    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / report.notebook
    papermill.execute_notebook(
        source, copy, parameters=parameters, prepare_only=True, progress_bar=False
    )
    notebook = nbformat.read(copy, as_version=4)
    notebook.cells.insert(
        0,
        nbformat.v4.new_markdown_cell(
            f"**Working copy** of `notebooks/{report.notebook}` for LA {la}, {period.label}, "
            "written by `council-reports open`. Run it to see the tables, figures and facts "
            "(`facts.json`, beside it). Changes made here are not kept: edit the report's prose "
            f"in `notebooks/{report.notebook}`.",
            id="working-copy",
            metadata={"tags": ["remove-cell"]},
        ),
    )
    nbformat.write(notebook, copy)
    return copy


def new_report(project: Project, name: str, title: str | None = None) -> list[Path]:
    """Write a new report's files (see the module docstring) and return their paths; nothing
    is written when the name is taken or any of its files exists."""
    if not _NAME.match(name) or keyword.iskeyword(name) or name in RESERVED:
        raise ParameterError(
            f"report name {name!r} is not a short lower-case word",
            hint="up to 25 letters, digits and _, starting with a letter, such as youth_justice",
        )
    title = _title(title or name.replace("_", " ").capitalize())
    if name in report_ids():
        raise ParameterError(f"there is already a report {name!r}", hint="choose another name")
    reports = project.root / "src" / "council_reports" / "reports"
    if Path(__file__).resolve().parent / "reports" != reports.resolve():
        raise ParameterError(
            f"council-reports is not installed from {project.root}",
            hint="run make install in the project folder, then council-reports new again",
        )
    shape = project.templates / TEMPLATE
    places = {
        "report": reports / name,
        "notebook.ipynb": project.notebooks / f"{name}.ipynb",
        "data": project.data / name,
        "test_report.py": project.root / "tests" / f"test_{name}.py",
    }
    words = {
        ID: name,
        CONTENT: "".join(word.capitalize() for word in name.split("_")),
    }
    files = {
        places[source.relative_to(shape).parts[0]].joinpath(
            *source.relative_to(shape).parts[1:]
        ): _filled(source.read_text(encoding="utf-8"), source.suffix, title, words)
        for source in keys.files_in(shape)
        if source.relative_to(shape).parts[0] in places and source.suffix != ".pyc"
    }
    taken = [project.relative(path) for path in files if path.exists()]
    if taken:
        raise ParameterError(
            f"these files exist already: {', '.join(taken)}",
            hint="choose another name, or move them away",
        )
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def _filled(text: str, suffix: str, title: str, words: dict[str, str]) -> str:
    """A template file with the new report's names and title: the title as data in each kind
    of file (a Python string literal, a YAML string's content, escaped Markdown)."""
    if suffix == ".py":
        text = text.replace(json.dumps(TITLE), _python_literal(title))
    elif suffix == ".yml":
        text = text.replace(TITLE, json.dumps(title, ensure_ascii=False)[1:-1])
    elif suffix == ".md":
        text = text.replace(TITLE, markup.text(title))
    for token, word in words.items():
        text = text.replace(token, word)
    return text


def _title(title: str) -> str:
    """The new report's title: one line of printable text, which the new files hold only as
    data (a Python string literal, a YAML string, escaped Markdown), never as code or markup."""
    title = title.strip()
    if not title or len(title) > TITLE_LENGTH or not title.isprintable():
        raise ParameterError(
            f"the title {title[:40]!r} is not one line of text of up to {TITLE_LENGTH} characters",
            hint="give a short title, such as 'Youth justice'",
        )
    return title


def _python_literal(text: str) -> str:
    """``text`` as a Python string literal (double-quoted, as ruff formats it), checked by
    reading it back."""
    literal = json.dumps(text, ensure_ascii=False)  # JSON's string escapes are Python's too
    if ast.literal_eval(literal) != text:
        raise ParameterError(f"the title {text!r} cannot be written as a Python string")
    return literal
