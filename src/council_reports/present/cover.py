"""The council's cover report, filled from a small per-report YAML and the facts ledger.

The YAML (templates/cover/<report>.yml) holds the committee details and the text of sections
1-10. Its text is text, never markup; ``{{< fact id >}}`` quotes the ledger, so the cover report
quotes the same numbers as the report. A paragraph may instead be a mapping with ``text`` and a
condition (``when-fact``/``unless-fact``, optionally ``is``), so a recommendation asks the panel
to consider only what the report contains. A ``periods:`` map overrides fields for one period.

The list of attachments is not typed: it is what the build has (the report, the slides, any
document in the report's attachments folder), so the cover report never says "attached" of
something that is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..audiences import AUDIENCES
from ..errors import DataError
from ..ledger import Ledger
from ..markup import text as md
from ..numbers import long_date
from ..periods import Period
from ..settings import (
    Choice,
    Date,
    Either,
    Flag,
    Keyed,
    ListOf,
    Record,
    Schema,
    Text,
    read_settings,
)
from .prose import Where, fill_text, holds

SECTIONS = (
    "THE ISSUE",
    "RECOMMENDATION",
    "THE REPORT",
    "STATUTORY CONSIDERATIONS",
    "RESOURCE IMPLICATIONS (FINANCE, PROPERTY, PEOPLE)",
    "RISK MANAGEMENT",
    "EQUALITIES",
    "CLIMATE CHANGE",
    "OTHER OPTIONS CONSIDERED",
    "CONSULTATION",
)
ALTERNATIVE_FORMAT = (
    "Please contact the report author if you need to access this report in an alternative format"
)
REQUIRED = ("meeting", "date", "title", "ward", "sections", "contact")
# A paragraph (of a section, a background paper, a slide's point): text, or text with a
# condition on a fact.
PARAGRAPH = Either(
    Text(),
    mapping=Record(
        {"text": Text(), "when-fact": Text(), "unless-fact": Text(), "is": Text()},
        what="keys of a paragraph",
        required=("text",),
    ),
)
PARAGRAPHS = ListOf(PARAGRAPH)
FIELDS: dict[str, Schema] = {
    "council": Text(blank=False),
    "meeting": Text(blank=False),
    "date": Date(),
    "forward_plan_reference": Text(),
    "title": Text(blank=False),
    "report_title": Text(blank=False),
    "ward": Text(blank=False),
    "open_public_item": Flag(),
    "contact": Text(blank=False),
    "publish": Choice(AUDIENCES),
    "background_papers": Either(PARAGRAPH, sequence=PARAGRAPHS),
    "sections": Record(
        dict.fromkeys(SECTIONS, PARAGRAPHS), what="council's sections", required=SECTIONS
    ),
}
COVER = Record(
    FIELDS
    | {
        "periods": Keyed(
            r"[0-9]{4}-[0-9]{2}",
            "a year such as 2023-24",
            Record(FIELDS, what="cover report settings"),
        )
    },
    what="cover report settings",
)


def read_cover(path: Path, period: Period) -> dict[str, Any]:
    """The cover settings for ``period``: the file's fields, checked (``settings``), with that
    period's overrides."""
    settings = read_settings(path, COVER)
    settings |= settings.pop("periods", {}).get(str(period), {})
    for key in REQUIRED:
        if key not in settings:
            raise DataError(f"cover report settings lack {key!r}", file=path)
    if list(settings["sections"]) != list(SECTIONS):
        raise DataError(
            "cover report sections must be the council's ten, in order",
            file=path,
            column="sections",
            hint="; ".join(SECTIONS),
        )
    return settings


def paragraphs(items: Sequence[object] | None, facts: Ledger, where: Where) -> list[str]:
    """The paragraphs whose condition holds, as Markdown with their facts filled in."""
    shown = []
    for index, item in enumerate(items or [], start=1):
        here = Where(where.file, field=f"{where.field}[{index}]")
        if isinstance(item, dict):
            conditions = {k: str(v) for k, v in item.items() if k != "text"}
            if not holds(conditions, facts, here):
                continue
            item = item["text"]
        shown.append(fill_text(str(item), facts, here))
    return shown


def cover_markdown(
    settings: Mapping[str, Any],
    facts: Ledger,
    attachments: Sequence[str],
    path: Path,
) -> str:
    """The body of the cover report: header table, sections 1-10, contact table."""

    def fill(key: str) -> str:
        return fill_text(str(settings[key]), facts, Where(path, field=key))

    header = [
        ("Meeting/Decision maker", fill("meeting")),
        ("Meeting/Decision date", md(long_date(settings["date"]))),
        (
            "Executive forward plan reference",
            fill("forward_plan_reference") if settings.get("forward_plan_reference") else "",
        ),
        ("Title", fill("title")),
        ("Ward", fill("ward")),
        ("An open public item", "Yes" if settings.get("open_public_item", True) else "No"),
        ("List of attachments", "; ".join(md(a) for a in attachments) or "None"),
    ]
    lines = _two_column(header, "Report details")
    for number, (heading, items) in enumerate(settings["sections"].items(), start=1):
        lines += ["", f"## {number} {md(heading)} {{#section-{number}}}", ""]
        where = Where(path, field=f"sections.{heading}")
        for index, paragraph in enumerate(paragraphs(items, facts, where) or ["None."], start=1):
            lines += [f"{number}.{index}\u2003{paragraph}", ""]
    background = settings.get("background_papers") or ["None"]
    if isinstance(background, str):
        background = [background]
    papers = paragraphs(background, facts, Where(path, field="background_papers"))
    lines += _two_column(
        [("Contact person", fill("contact")), ("Background papers", "; ".join(papers))],
        "Contact",
    )
    lines += ["", ALTERNATIVE_FORMAT, ""]
    return "\n".join(lines)


def _two_column(rows: list[tuple[str, str]], caption: str) -> list[str]:
    """A two-column table of Markdown cells (already escaped)."""
    lines = ["| Item | Details |", "|:---|:---|"]
    lines += [f"| {md(k)} | {v} |" for k, v in rows]
    return [*lines, "", f": {md(caption)}"]
