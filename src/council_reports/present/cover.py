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

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..ledger import Ledger
from ..markup import text as md
from ..numbers import long_date
from ..periods import Period
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
CONDITION_KEYS = {"text", "when-fact", "unless-fact", "is", "when-hidden", "unless-hidden"}


_SETTINGS: dict[tuple[str, int, int], Any] = {}


def read_settings(path: Path) -> dict[str, Any]:
    """A settings YAML (cover report or slides) as a mapping; a bad file is one DataError. Read
    once while the file is unchanged (a batch reads one cover file for every year)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError("settings not found", file=path) from None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _SETTINGS:
        _SETTINGS[key] = _parse_settings(path)
    return copy.deepcopy(_SETTINGS[key])


def _parse_settings(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
    try:
        settings = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except FileNotFoundError:
        raise DataError("settings not found", file=path) from None
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text", file=path, hint="save the file as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(
            f"not valid YAML: {getattr(error, 'problem', error)}",
            file=path,
            row=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(settings, dict):
        raise DataError("settings must be a mapping of names to values", file=path, row=1)
    return settings


def read_cover(path: Path, period: Period) -> dict[str, Any]:
    """The cover settings for ``period``: the file's fields with that period's overrides."""
    settings = read_settings(path)
    overrides = (settings.pop("periods", None) or {}).get(str(period), {})
    settings |= overrides
    for key in REQUIRED:
        if key not in settings:
            raise DataError(f"cover report settings lack {key!r}", file=path)
    sections = settings["sections"]
    if not isinstance(sections, dict) or list(sections) != list(SECTIONS):
        raise DataError(
            "cover report sections must be the council's ten, in order",
            file=path,
            column="sections",
            hint="; ".join(SECTIONS),
        )
    for heading, paragraphs in sections.items():
        for index, paragraph in enumerate(paragraphs or [], start=1):
            _check_paragraph(paragraph, path, f"sections.{heading}[{index}]")
    return settings


def _check_paragraph(paragraph: object, path: Path, field: str) -> None:
    if isinstance(paragraph, str):
        return
    if (
        not isinstance(paragraph, dict)
        or "text" not in paragraph
        or set(paragraph) - (CONDITION_KEYS)
    ):
        raise DataError(
            "a paragraph is text, or a mapping with text and when-fact/unless-fact (and is) or "
            "when-hidden/unless-hidden",
            file=path,
            column=field,
        )


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
