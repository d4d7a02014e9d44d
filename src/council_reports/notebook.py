"""What a report notebook imports: one call opens the report, and its tables and figures show and
record themselves.

    from council_reports.notebook import open_report

    report = open_report(target, output_dir=output_dir)   # target: the build's, a parameter
    report.table("absence-geography")     # shown, written to tables/, every cell in the ledger
    report.figure("absence-geography")    # shown, written to figures/ (SVG and PNG)

Prose lives in the notebook's Markdown cells and quotes the ledger: ``{{< fact pa_la >}}``.
The notebook is the one writer of what the build publishes as values: ``facts.json`` (written
after every call, so the build always finds it), ``tables/*.csv`` and the figures, and for the
public ``disclosure.json``: a public build decides what it hides over the whole report when it
opens, before anything is shown (``present.publication``). Facts the build knew before the
notebook ran (its attachments, whether it has slides, last year's public build) come in the
target.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import markup
from .audiences import ABOUT, PEOPLE, SERVICE, WORDS
from .errors import ParameterError
from .framework import Content, Target, get_report
from .ledger import CellKey, Ledger
from .manifests import DISCLOSURE, INDEX, TEAM_AUDIT, WORKBOOK
from .present.charts import EmptyChart, Figure
from .present.differences import differences
from .present.tables import Table, tables_index
from .validate.published import PUBLISHED, read_published

if TYPE_CHECKING:
    from .present.publication import Publication

__all__ = ["NotebookReport", "open_report"]


@dataclass(frozen=True)
class PublishedFigure:
    """A saved figure as the notebook shows it: SVG for people, Markdown for the document."""

    figure: Figure
    path: str
    svg: str

    def _repr_markdown_(self) -> str:
        return self.figure.to_markdown(self.path)

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:  # the notebook's plain-text output: the alt text, not the spec
        return f"{self.path}: {self.figure.alt}"


@dataclass(frozen=True)
class Withheld:
    """A chart the audience may not see, as the notebook shows it: a sentence in its place,
    and nothing of the chart (its values, its alt text) kept in the executed notebook."""

    title: str

    def _sentence(self, title: str) -> str:
        return (
            f"{title}: this chart is not published because some of its numbers are small "
            "enough to identify a child. The table gives the figures that can be published."
        )

    def _repr_markdown_(self) -> str:
        return self._sentence(f"*{markup.text(self.title)}*")

    def __repr__(self) -> str:  # the notebook's plain-text output
        return self._sentence(self.title)


class NotebookReport:
    """One report being written: its content, its ledger and where its outputs go."""

    def __init__(self, content: Content, folder: Path) -> None:
        self.content = content
        self.target = content.target
        self.folder = folder
        self.facts = Ledger()
        self.figures: dict[str, str] = {}  # id: the Markdown that shows it, for the slides
        self.shown: dict[str, object] = {}  # id: each table's text as shown, for the slides
        self._shown_json: dict[str, str] = {}  # id: its entry in facts.json's "tables"
        self.tables: dict[str, Table] = {}  # id: each table shown, as shown
        self.synthetic = content.synthetic  # whether the document must say it is
        self._lines: list[str] = []  # facts.json's lines so far: the ledger only grows
        self._record_words()
        content.record(self.facts)
        self._record_attachments()
        self.publication = self._publish() if self.target.public else None
        self.save()

    def _publish(self) -> Publication:
        """For the public: every table and figure of the report built before anything is
        shown, suppressed over the whole publication (``present.publication``) with last year's
        public build where there is one, and the audit written: disclosure.json for readers,
        and the team's record with the reasons (``TEAM_AUDIT``)."""
        from .present.publication import Earlier, publish

        built = {
            kind: {id: self.content.build(kind, id) for k, id in self.content.outputs if k == kind}
            for kind in ("table", "figure")
        }
        for table in built["table"].values():
            if table is not None:
                _check_about(table)
        target = self.target
        earlier = Earlier.read(target.previous, str(target.period.previous))
        publication = publish(
            built["table"], built["figure"], self.facts, self.content.relate, earlier
        )
        self.facts = publication.facts
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / DISCLOSURE).write_text(publication.disclosure(), encoding="utf-8")
        (self.folder / TEAM_AUDIT).write_text(publication.audit(), encoding="utf-8")
        return publication

    def _record_words(self) -> None:
        period = self.target.period
        words = {
            "la_code": self.target.la,
            "period_label": period.label,
            "previous_label": period.previous.label,
            "following_label": period.following.label,
            "period_dates": f"1 April {period.start_year} to 31 March {period.end_year}",
        } | dict(self.content.words())
        for id, word in words.items():
            self.facts.word(id, word, label=id.replace("_", " "), source="build parameters")

    def _record_attachments(self) -> None:
        """What goes with the report, as the cover report lists it."""
        self.facts.condition(
            "eia_attached",
            any("equality impact assessment" in title.lower() for title in self.target.attachments),
            label="An Equality Impact Assessment goes with the report",
            source="attachments",
            method="a document so named in the report's attachments folder",
        )
        self.facts.condition(
            "slides_attached",
            self.target.slides,
            label="A presentation goes with the report",
            source="report settings",
            method="the report has slides",
        )

    def table(self, table: str | Table) -> Table | None:
        """Show a table (by its id in the report, or built here), as the audience may see it
        (for the public, as ``present.publication`` decided it: a table built here must be
        about rates, words or published figures), write tables/<id>.csv and record every cell,
        and the cells it names, in the ledger. A table the period's data does not have (its
        builder returns None) shows nothing."""
        if isinstance(table, str):
            if self.publication is not None and table in self.publication.tables:
                table = self.publication.tables[table]
            else:
                table = self.content.build("table", table)
        elif self.publication is not None and table.about in (PEOPLE, SERVICE, None):
            raise ParameterError(
                f"table {table.id!r} is not one of the report's tables, so it is not in the "
                "public build's disclosure control",
                hint="build it in the report's content (@table) and show it by its id",
            )
        if table is None:
            return None
        _check_about(table)
        self.tables[table.id] = table
        self.shown[table.id] = table.shown()
        self._shown_json[table.id] = _entry(table.id, self.shown[table.id])
        folder = self.folder / "tables"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{table.id}.csv").write_text(table.to_tidy_csv(), encoding="utf-8")
        (folder / INDEX).write_text(tables_index(self.tables.values()), encoding="utf-8")
        for cell in table.cells():
            self._add(
                cell.id,
                cell.value,
                cell.rule,
                f"{table.caption}: {cell.row_label}: {cell.column}",
                f"table {table.id}",
                "table cell",
                CellKey(table.id, cell.row_key, cell.column_key, cell.row_label, cell.column),
            )
        for id, row, column, label in table.named:
            self._add(
                id,
                table.frame.at[row, column],
                table.rule_for(row, column),
                label,
                f"table {table.id}",
                "",
            )
        self.save()
        return table

    def _add(
        self, id, value, rule, label: str, source: str, method: str, cell: CellKey | None = None
    ) -> None:
        self.facts.add(
            id,
            value,
            unit=rule.unit,
            decimals=rule.decimals,
            label=label,
            source=source,
            method=method,
            cell=cell,
        )

    def figure(self, figure: str | Figure) -> PublishedFigure | Withheld | EmptyChart | None:
        """Show a figure (by its id in the report, or built here) and write figures/<id>.svg
        and its PNG twin; the slides can show it by its id. A figure the period's data does not
        have (its builder returns None) shows nothing; one with no figures to draw this year
        (an EmptyChart), and one the audience may not see (``present.publication``), show a
        sentence saying so."""
        publication = self.publication
        if isinstance(figure, str):
            if publication is not None and figure in publication.figures:
                figure = publication.figures[figure]
            else:
                figure = self.content.build("figure", figure)
        if figure is None or isinstance(figure, EmptyChart):
            return figure
        if publication is not None and publication.withholds(figure):
            return Withheld(figure.title)
        path = figure.save(
            self.folder / "figures", slides=self.target.slides, templates=self.target.templates
        )
        relative = f"figures/{path.name}"
        self.figures[figure.id] = figure.to_markdown(relative)
        self.save()
        return PublishedFigure(figure, relative, path.read_text(encoding="utf-8"))

    def differences(self) -> Table | None:
        """The figures that differ from the published report, and why (the data folder's
        published.csv), recorded as the condition ``differs_from_published``; call it last, when
        the ledger holds every figure and every table is shown: it writes the workbook of the
        report's tables (report.xlsx)."""
        target = self.target
        path = target.data_dir / PUBLISHED
        table = differences(read_published(path), self.facts, target.period, path, la=target.la)
        self.facts.condition(
            "differs_from_published",
            table is not None,
            label="A figure in this report differs from the published report",
            source=PUBLISHED,
            method="each published figure against the ledger's, as printed",
        )
        self.save()
        # the figures it quotes are this report's: made up when the report's data is
        shown = None if table is None else self.table(replace(table, synthetic=self.synthetic))
        self.workbook()
        return shown

    def workbook(self) -> Path:
        """Write report.xlsx: every table shown, as shown, in an accessible workbook (cover,
        contents and notes sheets, a sheet per table), dated from the build's date."""
        from .present.cover import read_cover
        from .present.prose import Where, fill_plain
        from .present.workbook import write_workbook

        report = get_report(self.target.report)
        cover = read_cover(report.cover, self.target.period, report.settings)
        title = str(cover.get("report_title", cover["title"]))
        return write_workbook(
            self.folder / WORKBOOK,
            list(self.tables.values()),
            title=fill_plain(title, self.facts, Where(report.cover, field="report_title")),
            period_label=self.target.period.label,
            council=str(cover.get("council", "")),
            contact=str(cover.get("contact", "")),
            audience=self.target.audience,
            timestamp=self.target.timestamp,
        )

    def sources(self) -> Table:
        """Show where the figures come from: each data source the build read, from its
        provenance record, and whether its figures are published, the council's own records or
        made up (and what in it is made up), never typed."""
        import pandas as pd

        from .load.provenance import COUNCIL, PUBLISHED, provenance_of

        kinds = {PUBLISHED: "Published", COUNCIL: "The council's own records"}
        rows: dict[tuple[str, str], None] = {}
        for path in self.content.inputs():
            for part in provenance_of(path).parts:
                kind = kinds.get(part.kind, "Made up for this example")
                rows[part.source, f"{kind}: {part.detail}" if part.detail else kind] = None
        frame = pd.DataFrame(list(rows), columns=["Source", "What the figures are"])
        table = Table.from_frame(
            frame,
            id="sources",
            caption="Where the figures come from",
            stub=["Source", "What the figures are"],
            about=WORDS,
        )
        return self.table(table)

    def save(self) -> Path:
        """Write facts.json: whether the figures are synthetic, every fact with its text (one
        to a line, so a change between builds is a changed line), the figures published and
        each table's text as shown (what the slides can show)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "facts.json"
        records = self.facts.records()
        self._lines += [json.dumps(r, ensure_ascii=False) for r in records[len(self._lines) :]]
        facts = ",\n  ".join(self._lines)
        document = json.dumps({"synthetic": self.synthetic})
        figures = json.dumps(self.figures, indent=1, ensure_ascii=False)
        tables = "{\n" + ",\n".join(self._shown_json.values()) + "\n}" if self.shown else "{}"
        path.write_text(
            f'{{\n "document": {document},\n "facts": [\n  {facts}\n ],\n'
            f' "figures": {figures},\n "tables": {tables}\n}}\n',
            encoding="utf-8",
        )
        return path


def _entry(key: str, value: object) -> str:
    """``key: value`` as ``json.dumps`` with one-space indent writes it in a dict: a table
    written once, not again on each save."""
    return json.dumps({key: value}, indent=1, ensure_ascii=False)[2:-2]


def _check_about(table: Table) -> None:
    """Refuse a table that does not say what its figures count: disclosure control needs it."""
    if table.about not in ABOUT:
        raise ParameterError(
            f"table {table.id!r} does not say what its figures count",
            hint="Table.from_frame(..., about=...): one of " + ", ".join(ABOUT),
        )


def open_report(target: Mapping[str, Any], *, output_dir: str | Path = ".") -> NotebookReport:
    """Check the report's data for ``target`` (the notebook's parameter: the report, LA, period,
    audience and where the data is), and record its named facts; tables, figures and facts.json
    are written to ``output_dir``."""
    chosen = Target.from_parameter(target)
    report = get_report(chosen.report)
    report.require(chosen)
    report.check(chosen)
    return NotebookReport(report.content(chosen), Path(output_dir))
