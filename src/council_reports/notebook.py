"""What a report notebook imports: one call opens the report, and its tables and figures show and
record themselves.

    from council_reports.notebook import open_report

    report = open_report("attendance", la=la, period=period, data_dir=data_dir,
                         output_dir=output_dir)
    report.table("absence-geography")     # shown, written to tables/, every cell in the ledger
    report.figure("absence-geography")    # shown, written to figures/ (SVG and PNG)

Prose lives in the notebook's Markdown cells and quotes the ledger: ``{{< fact pa_la >}}``.
The ledger is written to ``facts.json`` after every call, so the build always finds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from . import markup
from .audiences import AUDIENCES
from .errors import ParameterError
from .ledger import Ledger
from .periods import Period
from .present.charts import Figure
from .present.differences import PUBLISHED, differences, read_published
from .present.disclosure import facts_for_audience, figure_for_audience, for_audience
from .present.tables import Table
from .reports import Content, Context, get_report

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
    """A chart the audience may not see, as the notebook shows it: a sentence in its place."""

    figure: Figure

    def _repr_markdown_(self) -> str:
        return (
            f"*{markup.text(self.figure.title)}*: this chart is not published because some of "
            "its numbers are small enough to identify a child. The table gives the figures "
            "that can be published."
        )


class NotebookReport:
    """One report being written: its content, its ledger and where its outputs go."""

    def __init__(self, content: Content, folder: Path, *, slides: bool = False) -> None:
        self.content = content
        self.folder = folder
        self.slides = slides  # whether the report has a presentation: its charts need slide PNGs
        self.facts = Ledger()
        self.figures: dict[str, str] = {}  # id: the Markdown that shows it, for the slides
        self.synthetic = content.synthetic  # whether the document must say it is
        self._record_words()
        content.record(self.facts)
        self.facts = facts_for_audience(self.facts, content.context.publish)
        self.save()

    def _record_words(self) -> None:
        period = self.content.context.period
        words = {
            "la_code": self.content.context.la,
            "period_label": period.label,
            "previous_label": period.previous.label,
            "following_label": period.following.label,
            "period_dates": f"1 April {period.start_year} to 31 March {period.end_year}",
        } | dict(self.content.words())
        for id, word in words.items():
            self.facts.word(id, word, label=id.replace("_", " "), source="build parameters")

    def table(self, table: str | Table) -> Table | None:
        """Show a table (by its id in the report, or built here), as the audience may see it
        (``present.disclosure``), write tables/<id>.csv and record every cell, and the cells it
        names, in the ledger. A table the period's data does not have (its builder returns
        None) shows nothing."""
        if isinstance(table, str):
            table = self.content.build("table", table)
        if table is None:
            return None
        table = for_audience(table, self.content.context.publish)
        folder = self.folder / "tables"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{table.id}.csv").write_text(table.to_csv(), encoding="utf-8")
        for cell in table.cells():
            self._add(
                cell.id,
                cell.value,
                cell.rule,
                f"{table.caption}: {cell.row_label}: {cell.column}",
                f"table {table.id}",
                "table cell",
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

    def _add(self, id, value, rule, label: str, source: str, method: str) -> None:
        self.facts.add(
            id,
            value,
            unit=rule.unit,
            decimals=rule.decimals,
            label=label,
            source=source,
            method=method,
        )

    def figure(self, figure: str | Figure) -> PublishedFigure | Withheld | None:
        """Show a figure (by its id in the report, or built here) and write figures/<id>.svg
        and its PNG twin; the slides can show it by its id. A figure the period's data does not
        have (its builder returns None) shows nothing; one the audience may not see
        (``present.disclosure``) shows a sentence saying so."""
        if isinstance(figure, str):
            figure = self.content.build("figure", figure)
        if figure is None:
            return None
        if figure_for_audience(figure, self.content.context.publish) is None:
            return Withheld(figure)
        path = figure.save(self.folder / "figures", slides=self.slides)
        relative = f"figures/{path.name}"
        self.figures[figure.id] = figure.to_markdown(relative)
        self.save()
        return PublishedFigure(figure, relative, path.read_text(encoding="utf-8"))

    def differences(self) -> Table | None:
        """The figures that differ from the published report, and why (the data folder's
        published.csv), recorded as the condition ``differs_from_published``; call it last, when
        the ledger holds every figure."""
        context = self.content.context
        path = context.data_dir / PUBLISHED
        table = differences(read_published(path), self.facts, context.period, path, la=context.la)
        self.facts.condition(
            "differs_from_published",
            table is not None,
            label="A figure in this report differs from the published report",
            source=PUBLISHED,
            method="each published figure against the ledger's, as printed",
        )
        self.save()
        if table is None:
            return None
        # the figures it quotes are this report's: made up when the report's data is
        return self.table(replace(table, synthetic=self.synthetic))

    def save(self) -> Path:
        """Write facts.json: whether the figures are synthetic, every fact with its text, and
        the figures published."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "facts.json"
        record = {
            "document": {"synthetic": self.synthetic},
            "facts": self.facts.records(),
            "figures": self.figures,
        }
        # compact: written after every call (the build lays the final ledger out for reading)
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def open_report(
    report: str,
    *,
    la: str | int,
    period: str,
    data_dir: str | Path,
    output_dir: str | Path,
    publish: str = "committee",
) -> NotebookReport:
    """Load and check the report's data for one LA and period, and record its named facts.
    ``publish`` is the audience: "committee" (figures as the council prints them) or "public"."""
    if publish not in AUDIENCES:
        raise ParameterError(f"publish is {publish!r}", hint="publish: " + " or ".join(AUDIENCES))
    definition = get_report(report)
    context = Context(str(la), Period.parse(str(period)), Path(data_dir), publish)
    slides = definition.slides is not None
    return NotebookReport(definition.content(context), Path(output_dir), slides=slides)
