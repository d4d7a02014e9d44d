"""Authors' commands: ``open`` a report's notebook for one LA and year in JupyterLab, and start a
``new`` report with every file it needs.

``open`` writes build/open/<report>/<period>/<la>/<notebook>: the notebook with its parameters
set by papermill (not run), reading the data from where it is and writing its tables, figures
and facts.json beside itself. It is a working copy (build/ is ignored by git): the report's
prose is edited in notebooks/.

``new NAME`` writes a small working report, an example to edit: notebooks/NAME.ipynb (prose
quoting facts, a table and a figure), data/NAME/ (a CSV, its data log, SYNTHETIC.txt), the module
src/council_reports/reports/NAME.py (Report and Content), templates/cover/NAME.yml,
templates/slides/NAME.yml and tests/test_NAME.py. The report registry finds the module, so
``council-reports build NAME`` works at once.
"""

from __future__ import annotations

import ast
import json
import keyword
import os
import re
from pathlib import Path
from string import Template

from . import markup
from .errors import ParameterError
from .periods import Period
from .project import Project
from .reports import get_report, report_ids

OPEN = "open"  # build/open/: working copies of notebooks
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,24}$")  # short enough for the new files' lines
TITLE_LENGTH = 80


def open_notebook(project: Project, report_id: str, la: str, period: Period) -> Path:
    """Write the report's notebook with its parameters set for ``la`` and ``period``, ready to
    run in JupyterLab, and return its path."""
    from .execute import block_slow_imports, check_parameters
    from .present.cover import read_cover

    report = get_report(report_id)
    data_dir = report.data_dir(project.data)
    report.check(data_dir, la, period)  # bad data or an LA not in it: one line, before the copy
    source = project.notebooks / report.notebook
    folder = project.build / OPEN / report.id / str(period) / la
    cover = read_cover(project.templates / report.cover, period)
    parameters = {
        "la": la,
        "period": str(period),
        "data_dir": os.path.relpath(data_dir, folder),
        "output_dir": ".",
        "publish": str(cover.get("publish", "committee")),  # as the build decides
    }
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
    if not _NAME.match(name) or keyword.iskeyword(name) or name == "all":
        raise ParameterError(
            f"report name {name!r} is not a short lower-case word",
            hint="up to 25 letters, digits and _, starting with a letter, such as youth_justice",
        )
    title = _title(title or name.replace("_", " ").capitalize())
    if name in report_ids():
        raise ParameterError(f"there is already a report {name!r}", hint="choose another name")
    modules = project.root / "src" / "council_reports" / "reports"
    if Path(__file__).resolve().parent / "reports" != modules.resolve():
        raise ParameterError(
            f"council-reports is not installed from {project.root}",
            hint="run make install in the project folder, then council-reports new again",
        )
    words = {
        "id": name,
        "title": markup.text(title),  # in Markdown (the data log)
        "title_python": _python_literal(title),
        "title_yaml": json.dumps(f"{title} {{{{< fact period_label >}}}}", ensure_ascii=False),
        "content": "".join(word.capitalize() for word in name.split("_")),
    }
    files = {
        project.notebooks / f"{name}.ipynb": _notebook(words),
        project.data / name / "counts.csv": COUNTS,
        project.data / name / "README.md": Template(DATA_LOG).substitute(words),
        project.data / name / "SYNTHETIC.txt": SYNTHETIC,
        modules / f"{name}.py": Template(MODULE).substitute(words),
        project.templates / "cover" / f"{name}.yml": Template(COVER).substitute(words),
        project.templates / "slides" / f"{name}.yml": Template(SLIDES).substitute(words),
        project.root / "tests" / f"test_{name}.py": Template(TEST).substitute(words),
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


def _notebook(words: dict[str, str]) -> str:
    """The new report's notebook, stored as Jupyter writes it, without outputs."""
    from .execute import block_slow_imports

    block_slow_imports()
    import nbformat

    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
    )
    for number, (kind, tags, source) in enumerate(NOTEBOOK):
        new_cell = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        metadata = {"tags": tags} if tags else {}
        text = Template(source).substitute(words)
        notebook.cells.append(new_cell(text, id=str(number), metadata=metadata))  # as nbstripout
    return nbformat.writes(notebook) + "\n"


# The new report's files ($id, $title, $title_python, $title_yaml and $content are filled in)

# (cell type, tags, source) of each cell of the new notebook
NOTEBOOK = (
    (
        "code",
        ["parameters"],
        '''\
# Parameters: papermill replaces these. la is the DfE three-digit LA code; period a year such as
# 2024-25; data_dir the report's data folder; output_dir where tables, figures and facts go;
# publish the audience: "committee" or "public" (small counts suppressed).
la = "800"
period = "2024-25"
data_dir = "../data/$id"
output_dir = "../build/scratch"
publish = "committee"''',
    ),
    (
        "code",
        ["remove-cell"],
        """\
from council_reports.notebook import open_report

report = open_report(
    "$id",
    la=la,
    period=period,
    data_dir=data_dir,
    output_dir=output_dir,
    publish=publish,
)""",
    ),
    (
        "markdown",
        [],
        """\
## Summary {#summary}

In {{< fact period_label >}}, {{< fact la_name >}} counted {{< fact children >}} children:
the number {{< fact children_direction >}} from {{< fact children_previous >}} in
{{< fact previous_label >}}.

::: {.content-visible when-fact="children_direction" is="rose"}
This passage shows only in a year when the number rose.
:::""",
    ),
    ("markdown", [], "## Children by group {#groups}"),
    ("code", [], 'report.table("groups")'),
    ("code", [], 'report.figure("groups")'),
    (
        "markdown",
        [],
        """\
## About these figures {#about}

The figures are made up: `council-reports new` wrote them as an example. The data folder's
README is the data log: where each file comes from, who owns it and what was checked.""",
    ),
    ("code", [], "report.differences()"),
)

COUNTS = """\
period,la_code,group,children
2023-24,800,Under 5,31
2023-24,800,5 to 9,42
2023-24,800,10 to 15,77
2023-24,800,16 and 17,48
2024-25,800,Under 5,28
2024-25,800,5 to 9,45
2024-25,800,10 to 15,83
2024-25,800,16 and 17,52
"""

SYNTHETIC = """\
SYNTHETIC: every figure in this folder is made up. `council-reports new` wrote it as an example.
Delete this file when the data is real: the report stops saying "(synthetic data)".
"""

DATA_LOG = """\
# $title data

**Every figure here is made up** (`SYNTHETIC.txt`): `council-reports new` wrote this folder as
a working example. Replace `counts.csv` with the report's source data, delete `SYNTHETIC.txt`
when no figure is made up, and keep the log below up to date.

`counts.csv`: one row per year, LA and group. `period` is a year such as 2024-25, `la_code` the
DfE three-digit LA code, `group` a label and `children` a whole number. The build checks every
cell and stops at the first bad one with its row and column.

`published.csv` (optional): figures as the council's published report printed them, with the
reason for any difference (see docs/authoring.md, "Published figures").

## Data log

| file | source | owner | date | licence | what was checked |
|---|---|---|---|---|---|
| `counts.csv` | made up by `council-reports new` | - | - | - | loads and validates |

## What was checked, and oddities

- Nothing yet: the data is an example.
"""

MODULE = '''\
"""A new report: children by group for one LA, this year against the year before.

Started by `council-reports new` as a working example. Replace the data folder, this module's
loading and facts, and the notebook's prose with the report's own:

    data/$id/
    notebooks/$id.ipynb

Calculations that grow beyond a sum belong in measures/.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..periods import Period
from . import Content, Context, Report, figure, table

if TYPE_CHECKING:
    import pandas as pd

    from ..ledger import Ledger
    from ..present.charts import Figure
    from ..present.tables import Table

COUNTS = "counts.csv"
COLUMNS = ("period", "la_code", "group", "children")


def coverage(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Periods and LAs in the counts, read with the csv module (fast; no validation)."""
    found: dict[str, set[str]] = defaultdict(set)
    path = data_dir / COUNTS
    if path.is_file():
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found[row.get("period", "")].add(row.get("la_code", ""))
    return {period: tuple(sorted(las)) for period, las in sorted(found.items())}


def load(data_dir: Path) -> pd.DataFrame:
    """The counts, every cell checked: a bad one stops the build with its row and column."""
    from ..load.files import read_csv
    from ..validate.tables import reject

    path = data_dir / COUNTS
    frame = read_csv(path, COLUMNS, hint="see the data folder's README")
    rules = (
        ("period", r"\\d{4}-\\d{2}", "is not a year", "write a year such as 2024-25"),
        ("la_code", r"\\d{3}", "is not an LA code", "the DfE three-digit code, such as 800"),
        ("children", r"\\d+", "is not a whole number", "write a count, such as 42"),
    )
    for column, pattern, problem, hint in rules:
        reject(frame, ~frame[column].str.fullmatch(pattern), path, column, problem, hint)
    return frame.astype({"children": int})


def check(data_dir: Path, la: str, period: Period) -> None:
    """Load and check the data, and that it holds the LA and period asked for."""
    load(data_dir)
    periods = coverage(data_dir)
    if str(period) not in periods:
        raise ParameterError(
            f"no data for {period}", file=data_dir / COUNTS, hint="periods: " + ", ".join(periods)
        )
    if la not in periods[str(period)]:
        raise ParameterError(
            f"no data for LA {la!r} in {period}",
            file=data_dir / COUNTS,
            hint="LAs: " + ", ".join(periods[str(period)]),
        )


class $content(Content):
    """Children by group for one LA: this year and the year before."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        counts = load(context.data_dir)
        self.counts = counts[counts["la_code"] == context.la]

    @property
    def synthetic(self) -> bool:
        return (self.context.data_dir / "SYNTHETIC.txt").is_file()

    def words(self) -> dict[str, str]:
        from ..load.reference import local_authorities

        las = local_authorities(self.context.data_dir.parent / "reference") or {}
        return {"la_name": las.get(self.context.la, {}).get("la_name", self.context.la)}

    def by_group(self, period: Period) -> pd.Series:
        """Children in each group in ``period``, in the data's order."""
        rows = self.counts[self.counts["period"] == str(period)]
        return rows.groupby("group", sort=False)["children"].sum()

    def record(self, facts: Ledger) -> None:
        from ..measures.benchmarks import direction

        year = self.context.period
        now, before = int(self.by_group(year).sum()), int(self.by_group(year.previous).sum())
        for id, value, label in (
            ("children", now, f"Children, {year.label}"),
            ("children_previous", before, f"Children, {year.previous.label}"),
            ("children_change", now - before, "Children: change on the year before"),
        ):
            facts.add(id, value, unit="count", label=label, source=COUNTS)
        facts.word(
            "children_direction",
            direction(now - before) or "",
            label="Children: direction of change",
            source=COUNTS,
            method="this year's total against the year before",
        )

    def _groups(self) -> pd.DataFrame:
        import pandas as pd

        year = self.context.period
        return pd.DataFrame(
            {
                year.previous.label: self.by_group(year.previous),
                year.label: self.by_group(year),
            }
        ).rename_axis("Group")

    @table("groups")
    def groups(self) -> Table:
        from ..present.tables import Table

        frame = self._groups()
        return Table.from_frame(
            frame.reset_index(),
            id="groups",
            caption="Children by group",
            stub=["Group"],
            source="Example data, made up by council-reports new",
            synthetic=self.synthetic,
        ).fmt("count", columns=list(frame.columns))

    @figure("groups")
    def groups_chart(self) -> Figure:
        from ..present.charts import bar_chart

        tidy = self._groups().reset_index().melt("Group", var_name="Year", value_name="Children")
        return bar_chart(
            tidy,
            id="groups",
            caption="Children by group",
            title="Children",
            category="Group",
            series="Year",
            value="Children",
            unit="count",
            decimals=0,
            synthetic=self.synthetic,
        )


REPORT = Report(
    id="$id",
    title=$title_python,
    notebook="$id.ipynb",
    data="$id",
    cover="cover/$id.yml",
    slides="slides/$id.yml",
    coverage=coverage,
    check=check,
    content=$content,
)
'''

COVER = """\
# The report's cover report, in the council's template. Text is text, never markup.
# Quote a fact from the report's ledger (see facts.json) as {{< fact id >}}; numbers are never
# typed here. A paragraph may be a mapping with `text` and `when-fact`/`unless-fact` (and `is`),
# to show it only when that holds. `periods:` overrides any field for one period.
council: Bath & North East Somerset Council
meeting: The committee's name
date: 2025-10-13
forward_plan_reference: ""
title: $title_yaml
report_title: $title_yaml
ward: All
open_public_item: true
contact: The report author's name and role
background_papers:
  - The data folder's sources, in the council's words
sections:
  THE ISSUE:
    - >-
      This report gives the panel the figures for {{< fact la_name >}} in
      {{< fact period_label >}}.
  RECOMMENDATION:
    - >-
      The Panel is asked to note that {{< fact la_name >}} counted {{< fact children >}}
      children in {{< fact period_label >}}, against {{< fact children_previous >}} in
      {{< fact previous_label >}}.
  THE REPORT:
    - The attached report gives the figures by group.
  STATUTORY CONSIDERATIONS:
    - None.
  RESOURCE IMPLICATIONS (FINANCE, PROPERTY, PEOPLE):
    - None.
  RISK MANAGEMENT:
    - None.
  EQUALITIES:
    - None.
  CLIMATE CHANGE:
    - Not applicable.
  OTHER OPTIONS CONSIDERED:
    - None.
  CONSULTATION:
    - None.
"""

SLIDES = """\
# The report's presentation. Points are text, never markup, and quote facts as
# {{< fact id >}}; numbers are never typed here. A slide's figure is one the notebook
# published, by id.
slides:
  - title: Children by group
    points:
      - "{{< fact children >}} children in {{< fact period_label >}}"
      - "{{< fact children_previous >}} in {{< fact previous_label >}}"
    figure: groups
"""

TEST = '''\
"""The $id report: its data checks and its facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_reports.errors import DataError
from council_reports.ledger import Ledger
from council_reports.periods import Period
from council_reports.reports import Context
from council_reports.reports.$id import $content, load

HEADER = "period,la_code,group,children"


def write(folder: Path, *rows: str) -> Path:
    (folder / "counts.csv").write_text("\\n".join((HEADER, *rows)) + "\\n", encoding="utf-8")
    return folder


def test_a_count_that_is_not_a_whole_number_is_reported_with_its_row(tmp_path):
    write(tmp_path, "2024-25,800,Under 5,12", "2024-25,800,5 to 9,12.5")
    with pytest.raises(DataError) as error:
        load(tmp_path)
    assert (error.value.row, error.value.column) == (3, "children")


def test_the_facts_add_up_the_groups_of_the_la(tmp_path):
    write(
        tmp_path,
        "2023-24,800,Under 5,3",
        "2024-25,800,Under 5,4",
        "2024-25,800,5 to 9,6",
        "2024-25,801,Under 5,100",
    )
    content = $content(Context("800", Period.parse("2024-25"), tmp_path))
    facts = Ledger()
    content.record(facts)
    assert facts["children"].value == 10
    assert facts["children_previous"].value == 3
    assert facts["children_direction"].text() == "rose"
'''
