"""What every part of the BCSSP appendices shares: the returns for the year (and the years
before), the KPI list and agencies, where each part's figures come from (published, the
agencies' returns, or made up), and the totals whose parts are checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...framework import Content, Target
from ...load.provenance import record_path
from .data import (
    ACTIVITY,
    AGENCIES,
    AS_PUBLISHED,
    CIN,
    CP,
    KPIS,
    LA_NAME,
    SYNTHETIC,
    agency_list,
    history,
    kpi_list,
    reference_dir,
)

if TYPE_CHECKING:
    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table
    from .measures import Reconciliation
    from .returns import BcsspReturns

# Where a part's figures come from, by the notes of the returns (and sheets) that feed it.
SYNTHETIC_KIND, PUBLISHED_KIND, RETURNED_KIND = "synthetic", "published", "returned"
# The parts of the appendices as a sentence names them, each with the sources it draws on
# (``BcsspContent._sources``)
PARTS = (
    ("staff training", ("kpi",)),
    ("child protection", ("cp",)),
    ("step-down from child in need services", ("cin_step_down",)),
    (
        "contacts, referrals and the quarter-end numbers of children in need and looked after",
        ("csc_charts",),
    ),
    ("safeguarding adults", ("adults",)),
    ("the police", ("police", "police_activity")),
)


class BcsspContent(Content):
    """The partner returns for one year (and earlier years where there are any), rated and
    summarised, with the KPI list and the agencies from the reference data."""

    def __init__(self, target: Target) -> None:
        from .measures import Reading, rate_all, rolling_change, targets

        super().__init__(target)
        self.reading = Reading.POINTS
        self.kpis = kpi_list(target.data_dir)
        self.agencies = agency_list(target.data_dir)
        self.history = history(target.data_dir, target.period)
        self.returns = self.history[target.period]
        self.previous = self.history.get(target.period.previous)
        self.rated = rate_all(self.returns.training_kpis, targets(self.kpis), self.reading)
        self.police = rolling_change(self.returns.police)

    def _marked(self, *notes: str, returns: BcsspReturns | None = None) -> bool:
        """Whether any of these returns' notes (by file, or file:sheet) mark figures synthetic."""
        source = returns or self.returns
        return any(SYNTHETIC in source.notes[note] for note in notes)

    def _kind(self, *notes: str) -> str:
        """Where the figures of these returns (or sheets) come from: made up if any note says
        so, published if every note says they are as published, else the agencies' returns."""
        if self._marked(*notes):
            return SYNTHETIC_KIND
        if all(AS_PUBLISHED in self.returns.notes[note].lower() for note in notes):
            return PUBLISHED_KIND
        return RETURNED_KIND

    @property
    def _chart_sheets(self) -> list[str]:
        """The children's social care sheets the published report shows only as charts:
        contacts, referrals, and children in need and looked after at each quarter end."""
        return [
            f"childrens_social_care.xlsx:{sheet}"
            for sheet in self.returns.childrens_social_care
            if f"childrens_social_care.xlsx:{sheet}" not in (CP, CIN)
        ]

    @property
    def _sources(self) -> dict[str, list[str]]:
        """The returns (or sheets) that feed each part of the appendices, by the id of its
        condition ``<id>_synthetic``."""
        return {
            "kpi": ["training_kpis.xlsx"],
            "cp": [CP],
            "cin_step_down": [CIN],
            "csc_charts": self._chart_sheets,
            "adults": ["adult_safeguarding.xlsx"],
            "police": ["police.csv"],
            "police_activity": [ACTIVITY],
        }

    def inputs(self) -> list[Path]:
        """The returns of this year and the years before it that the appendices compare with,
        and the partnership's reference lists."""
        years = {str(period) for period in self.history}
        folders = [self.target.data_dir / year for year in sorted(years)]
        reference = reference_dir(self.target.data_dir)
        return sorted(
            [
                *(p for folder in folders for p in folder.iterdir() if record_path(p).is_file()),
                *(reference / name for name in (KPIS, AGENCIES)),
            ]
        )

    def _source(self, key: str, folder: Path | None = None) -> str:
        """A table's source line, written from the provenance record of ``key`` (a file, or
        ``file:sheet``) in ``folder``, by default this year's returns."""
        from ...load.provenance import described, provenance_of

        file, _, sheet = key.partition(":")
        folder = folder or self.target.data_dir / str(self.target.period)
        record = provenance_of(folder / file)
        return described(record.of([sheet]) if sheet else record.parts)

    @property
    def synthetic(self) -> bool:
        return self._marked(*self.returns.notes)

    def words(self) -> dict[str, str]:
        return {"la_name": LA_NAME, "year_end": f"31 March {self.target.period.end_year}"}

    def _record_synthetic(self, facts: Ledger) -> None:
        """Which parts of the appendices are fed by synthetic figures, and the parts named by
        where their figures come from, for the introduction, the cover report and "About these
        figures"."""
        from .tables import listed

        sources = self._sources
        for id, notes in sources.items():
            facts.condition(
                f"{id}_synthetic",
                self._marked(*notes),
                label=f"{', '.join(notes)}: include synthetic figures",
                source="the returns' notes",
                method=f"a note in the return reads {SYNTHETIC}",
            )
        kinds: dict[str, list[str]] = {SYNTHETIC_KIND: [], PUBLISHED_KIND: [], RETURNED_KIND: []}
        for what, ids in PARTS:
            kinds[self._kind(*(note for id in ids for note in sources[id]))].append(what)
        methods = {
            SYNTHETIC_KIND: f"a note in the return reads {SYNTHETIC}",
            PUBLISHED_KIND: f"every note of the returns reads {AS_PUBLISHED!r}",
            RETURNED_KIND: "neither",
        }
        facts.condition(
            "parts_all_synthetic",
            not kinds[PUBLISHED_KIND] and not kinds[RETURNED_KIND],
            label="Every part of the appendices includes synthetic figures",
            source="the returns' notes",
            method=f"a note in a return for each part reads {SYNTHETIC}",
        )
        for kind, parts in kinds.items():
            facts.word(
                f"parts_{kind}",
                listed(parts) if parts else "",
                label=f"The parts of the appendices whose figures are {kind}",
                source="the returns' notes",
                method=methods[kind],
            )

    def build(self, kind: str, id: str) -> Table | Figure | None:
        """A table or figure; a table cell the prose quotes whose figure the published report
        gave differently (published.csv) says so in a note, pointing to "About these figures",
        where both are shown with the reason."""
        built = super().build(kind, id)
        if kind != "table" or built is None:
            return built
        from ...numbers import format_value
        from ...validate.published import PUBLISHED, read_published

        published = read_published(self.target.data_dir / PUBLISHED)
        printed = published.loc[published["period"] == str(self.target.period)]
        for fact, row, column, _ in built.named:
            rule = built.rule_for(row, column)  # as the ledger writes the fact: no sign
            value = built.frame.at[row, column]
            shown = format_value(value, rule.unit, rule.decimals).replace(" ", "")
            figures = printed.loc[printed["fact"] == fact, "published"].str.replace(" ", "")
            if (figures != shown).any():
                built = built.note(
                    f"The published report gives a different figure in the row "
                    f"\u201c{built.row_label(row)}\u201d ({column.lower()}): see About these "
                    "figures."
                )
        return built

    def _reconciliations(self) -> dict[str, Reconciliation]:
        """The totals the returns give with the parts they give for them, by a key the facts
        are recorded under (the content class combines its sections')."""
        return {}

    def _record_reconciliations(self, facts: Ledger) -> None:
        """For each total whose parts are checked: what they add to, how many of the total
        they leave out and whether they add up; and whether every one does."""
        checks = self._reconciliations()
        for key, check in checks.items():
            for suffix, value, what in (
                ("parts_total", check.parts_total, f"{check.parts_label}, added together"),
                ("unaccounted", check.unaccounted, f"{check.total_label}: left out of its parts"),
            ):
                facts.add(
                    f"{key}_{suffix}",
                    value,
                    unit="count",
                    label=what[0].upper() + what[1:],
                    source=f"table {check.table}",
                    method="the total less the sum of its parts"
                    if suffix == "unaccounted"
                    else "the sum of the parts",
                )
            facts.word(
                f"{key}_fewer_or_more",
                "fewer" if check.unaccounted > 0 else "more" if check.unaccounted else "",
                label=f"The {check.parts_label}: fewer or more than the {check.total_label}",
                source=f"table {check.table}",
            )
            facts.condition(
                f"{key}_adds_up",
                check.adds_up,
                label=f"The {check.parts_label} add up to the {check.total_label}",
                source=f"table {check.table}",
                method="the sum of the parts against the total",
            )
        facts.condition(
            "totals_add_up",
            all(check.adds_up for check in checks.values()),
            label="Every total the returns give adds up from its parts",
            source="the returns",
            method="each total checked against the sum of its parts",
        )
