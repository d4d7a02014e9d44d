"""Where a notebook puts what it publishes: tables/*.csv, figures/*.svg and facts.json.

out = Outputs(output_dir)
out.table(table)        # writes tables/<id>.csv, shows the table
out.figure(figure)      # writes figures/<id>.svg, shows the chart with its alt text
out.say("...")          # narrative through the ledger (out.facts)
out.describe(synthetic=False, la_name="...")   # what the document is about
out.save()              # writes facts.json (with the figures, for the slides)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..ledger import Ledger
from .charts import Figure
from .tables import Table

TABLE_FACT = "cell_"  # ids of facts recorded from table cells start so


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


class Outputs:
    """The publishable outputs of one report build."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.facts = Ledger()
        self.say = self.facts.say
        self.document: dict[str, object] = {"synthetic": False, "words": {}}
        self.figures: dict[str, str] = {}  # id: the Markdown that shows it, for the slides

    def describe(self, *, synthetic: bool, **words: str) -> None:
        """Say whether the figures are synthetic, and name things the title and cover report use
        (``la_name``, ``region_name``...): words, never numbers."""
        if not all(isinstance(word, str) for word in words.values()):
            raise TypeError("describe() takes words; numbers go through the ledger")
        self.document = {"synthetic": synthetic, "words": dict(words)}

    def table(self, table: Table) -> Table:
        """Write tables/<id>.csv and record every number in the table in the ledger, so the
        ledger holds every number the document shows."""
        folder = self.folder / "tables"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{table.id}.csv").write_text(table.to_csv(), encoding="utf-8")
        stem = re.sub(r"\W", "_", table.id)
        columns = {name: index for index, name in enumerate(table.value_columns)}
        for row, column, label, value, rule in table.numbers():
            self.facts.add(
                f"{TABLE_FACT}{stem}_r{row}_c{columns[column]}",
                value,
                unit=rule.unit,
                decimals=rule.decimals,
                label=f"{label}: {column}",
                source=f"table {table.id}",
                method="table cell",
            )
        return table

    def figure(self, figure: Figure) -> PublishedFigure:
        """Write figures/<id>.svg and its PNG twin; the slides can show it by its id."""
        path = figure.save(self.folder / "figures")
        relative = f"figures/{path.name}"
        self.figures[figure.id] = figure.to_markdown(relative)
        return PublishedFigure(figure, relative, path.read_text(encoding="utf-8"))

    def save(self) -> Path:
        """Write facts.json: what the document is about, every fact with its text, and the
        figures published."""
        path = self.folder / "facts.json"
        record = {"document": self.document, "facts": self.facts.records(), "figures": self.figures}
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path
