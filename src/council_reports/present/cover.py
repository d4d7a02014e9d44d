"""The council's cover report, filled from a small per-report YAML and the facts ledger.

The YAML (templates/cover/<report>.yml) holds the committee details and the text of sections
1-10; any ``{fact_id}`` in the text is filled from the ledger, so the cover report quotes the same
numbers as the report. A ``periods:`` map overrides fields for one period (meeting, date...).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..ledger import Ledger
from ..periods import Period

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
REQUIRED = ("meeting", "date", "title", "ward", "attachments", "sections", "contact")


def read_cover(path: Path, period: Period) -> dict[str, Any]:
    """The cover settings for ``period``: the file's fields with that period's overrides."""
    try:
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise DataError("cover report settings not found", file=path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(
            f"not valid YAML: {getattr(error, 'problem', error)}",
            file=path,
            row=mark.line + 1 if mark else None,
        ) from None
    overrides = (settings.pop("periods", None) or {}).get(str(period), {})
    settings |= overrides
    for key in REQUIRED:
        if key not in settings:
            raise DataError(f"cover report settings lack {key!r}", file=path)
    sections = settings["sections"]
    if list(sections) != list(SECTIONS):
        raise DataError(
            "cover report sections must be the council's ten, in order",
            file=path,
            column="sections",
            hint="; ".join(SECTIONS),
        )
    return settings


def cover_markdown(settings: Mapping[str, Any], facts: Ledger, words: Mapping[str, str]) -> str:
    """The body of the cover report: header table, sections 1-10, contact table."""
    fill = lambda text: facts.fill(str(text), **words)  # noqa: E731
    header = [
        ("Meeting/Decision maker", settings["meeting"]),
        ("Meeting/Decision date", long_date(settings["date"])),
        ("Executive forward plan reference", settings.get("forward_plan_reference") or ""),
        ("Title", fill(settings["title"])),
        ("Ward", settings["ward"]),
        ("An open public item", "Yes" if settings.get("open_public_item", True) else "No"),
        ("List of attachments", "; ".join(fill(a) for a in settings["attachments"])),
    ]
    lines = _two_column(header, "Report details")
    for number, (heading, paragraphs) in enumerate(settings["sections"].items(), start=1):
        lines += ["", f"## {number} {heading} {{#section-{number}}}", ""]
        for index, paragraph in enumerate(paragraphs or ["None."], start=1):
            lines += [f"{number}.{index}\u2003{fill(paragraph)}", ""]
    lines += _two_column(
        [
            ("Contact person", settings["contact"]),
            ("Background papers", settings.get("background_papers") or "None"),
        ],
        "Contact",
    )
    lines += ["", ALTERNATIVE_FORMAT, ""]
    return "\n".join(lines)


def _two_column(rows: list[tuple[str, object]], caption: str) -> list[str]:
    lines = ["| Item | Details |", "|:---|:---|"]
    lines += [f"| {k} | {str(v).replace('|', '/')} |" for k, v in rows]
    return [*lines, "", f": {caption}"]


def long_date(value: object) -> str:
    """``2025-10-13`` as the council writes it: ``13 October 2025``."""
    from datetime import date

    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)
