"""The Target: what one build is for, decided once when builds are planned and then passed
whole, to the report's checks, to its notebook (as its one parameter) and to the renderers.

    Target(report="iro", la="800", period=Period(2024), data_dir=Path("data/iro"),
           templates=Path("templates"), audience="public")

Nothing downstream decides the audience again or parses the period again: a Target is checked
when it is made, and the notebook gets it back from the same JSON (``parameter`` and
``from_parameter``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..audiences import AUDIENCES, COMMITTEE, PUBLIC
from ..errors import ParameterError
from ..periods import Period

_CODE = re.compile(r"^[A-Za-z0-9]{1,12}$")  # an LA code: 800, E06000022


@dataclass(frozen=True)
class Target:
    """One report for one LA, period and audience, and where its data and templates are."""

    report: str
    la: str
    period: Period
    data_dir: Path  # the report's data folder (data/<report>)
    templates: Path  # the project's templates folder: the council's format extension
    audience: str = COMMITTEE  # or PUBLIC: small counts suppressed (present.disclosure)
    attachments: tuple[str, ...] = ()  # titles of the documents that go with the report
    slides: bool = False  # whether the report has a presentation
    timestamp: int = 0  # the one date its outputs carry (SOURCE_DATE_EPOCH or the meeting's)

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ParameterError(
                f"the audience {self.audience!r} is not one we build for",
                hint="publish: " + " or ".join(AUDIENCES),
            )
        if not _CODE.match(self.la):
            raise ParameterError(
                f"LA {self.la[:20]!r} is not an LA code", hint="a code such as 800 or E06000022"
            )

    @property
    def public(self) -> bool:
        return self.audience == PUBLIC

    @property
    def place(self) -> str:
        """Where the build goes under build/: ``report/period/la``, and
        ``public/report/period/la`` for the public (so neither replaces the other)."""
        place = f"{self.report}/{self.period}/{self.la}"
        return f"{PUBLIC}/{place}" if self.public else place

    @property
    def name(self) -> str:
        audience = " (public)" if self.public else ""
        return f"{self.report} {self.period} {self.la}{audience}"

    def parameter(self, relative_to: Path | None = None) -> dict[str, Any]:
        """The Target as the notebook's parameter: JSON-able, its folders relative to
        ``relative_to`` (where the notebook runs) when given."""

        def folder(path: Path) -> str:
            return os.path.relpath(path, relative_to) if relative_to else str(path)

        value = {f.name: getattr(self, f.name) for f in fields(self)}
        return value | {
            "period": str(self.period),
            "data_dir": folder(self.data_dir),
            "templates": folder(self.templates),
            "attachments": list(self.attachments),
        }

    @classmethod
    def from_parameter(cls, value: Mapping[str, Any]) -> Target:
        """The Target a notebook's ``target`` parameter describes; a ParameterError lists what
        it lacks."""
        names = [f.name for f in fields(cls)]
        if not isinstance(value, Mapping) or not {"report", "la", "period"} <= set(value):
            raise ParameterError(
                "the notebook's target is not a build target",
                hint="a mapping with " + ", ".join(names),
            )
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ParameterError(
                f"unknown target field {', '.join(unknown)}", hint="fields: " + ", ".join(names)
            )
        return cls(
            **{
                **value,
                "la": str(value["la"]),
                "period": Period.parse(str(value["period"])),
                "data_dir": Path(value.get("data_dir", f"data/{value['report']}")),
                "templates": Path(value.get("templates", "templates")),
                "attachments": tuple(value.get("attachments", ())),
            }
        )
