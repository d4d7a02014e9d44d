"""Charts: Altair specifications rendered offline to SVG, each with alt text written from its data.

Altair's default renderer loads vega from a CDN, which breaks offline and in Word and PDF, so a
Figure is rendered by vl-convert to a self-contained SVG file that every format can embed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from ..errors import RenderError
from ..markup import attribute
from ..markup import text as md
from ..numbers import format_value
from ..templates import Extension
from .tables import SYNTHETIC

# Government Analysis Function categorical palette (afcharts), chosen for contrast and colour
# vision deficiency; order matters: the LA is always the first, darkest colour.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# Arial where the reader has it; otherwise Liberation Sans, metric-compatible and bundled with the
# templates, so PNG (Word) and PDF charts have their text on every machine.
FONT = "Arial, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Figure:
    """A chart ready to publish: a Vega-Lite spec, a caption and alt text."""

    id: str
    caption: str
    alt: str
    spec: dict[str, Any]
    synthetic: bool = False

    @property
    def title(self) -> str:
        """The caption as readers see it: marked when the figures are synthetic."""
        return self.caption + (SYNTHETIC if self.synthetic else "")

    def svg(self) -> str:
        return _vl_convert().vegalite_to_svg(self.spec)

    def save(self, folder: Path) -> Path:
        """Write ``<id>.svg`` (HTML, PDF) and its ``<id>.png`` twin (Word); return the SVG."""
        vl_convert = _vl_convert()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.id}.svg"
        path.write_text(self.svg(), encoding="utf-8")
        (folder / f"{self.id}.png").write_bytes(vl_convert.vegalite_to_png(self.spec, scale=2))
        return path

    def to_markdown(self, path: str) -> str:
        """The figure as Markdown: caption and alt text escaped as text."""
        return f'![{md(self.title)}]({path}){{#fig-{self.id} fig-alt="{attribute(self.alt)}"}}\n'


@cache
def _vl_convert() -> ModuleType:
    """vl-convert with the templates' fonts: it measures and draws text only in fonts it has, and
    a machine without Arial would otherwise get PNGs with no text at all."""
    import vl_convert

    folders = [f for f in Extension.load().files("typst", "font-paths") if f.is_dir()]
    if not folders:
        raise RenderError("the format extension names no font folder for the charts")
    for folder in folders:
        vl_convert.register_font_directory(str(folder))
    return vl_convert


def _legend(order: list[str]) -> dict[str, Any]:
    """No legend for a single series: the axis title already names it."""
    return {"legend": None} if len(order) == 1 else {}


def _theme(chart: Any) -> dict[str, Any]:
    spec = chart.to_dict()
    spec["config"] = {
        "font": FONT,
        "range": {"category": list(PALETTE)},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": False, "labelLimit": 360},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "labelLimit": 0},
        "view": {"stroke": None},
        "background": "white",
    }
    return spec


def describe(
    frame: pd.DataFrame,
    *,
    kind: str,
    title: str,
    category: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
) -> str:
    """Alt text from the data: what the chart is, then every value it shows, series by series."""
    groups = []
    for name, rows in frame.groupby(series, sort=False):
        points = ", ".join(
            f"{row[category]} {format_value(row[value], unit, decimals)}"
            for _, row in rows.iterrows()
        )
        groups.append(f"{name}: {points}")
    return f"{kind} of {title}. " + "; ".join(groups) + "."


def _figure(
    frame: pd.DataFrame,
    draw: Callable[[Any, list[str], list[str]], Any],
    *,
    kind: str,
    id: str,
    caption: str,
    title: str,
    category: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    synthetic: bool = False,
) -> Figure:
    """A Figure from tidy data: ``draw(chart, series order, category order)`` encodes it; the
    alt text lists every value the chart shows."""
    import altair as alt

    data = frame[[category, series, value]].dropna()
    chart = draw(
        alt.Chart(data), list(dict.fromkeys(data[series])), list(dict.fromkeys(data[category]))
    )
    alt_text = describe(
        data,
        kind=kind,
        title=title,
        category=category,
        series=series,
        value=value,
        unit=unit,
        decimals=decimals,
    )
    return Figure(id, caption, alt_text, _theme(chart), synthetic)


def bar_chart(
    frame: pd.DataFrame,
    *,
    id: str,
    caption: str,
    title: str,
    category: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    synthetic: bool = False,
) -> Figure:
    """Grouped horizontal bars: one group per ``category``, one bar per ``series``."""
    import altair as alt

    axis_title = f"{title} ({unit})" if unit == "%" else title

    def draw(chart: Any, order: list[str], categories: list[str]) -> Any:
        return (
            chart.mark_bar()
            .encode(
                y=alt.Y(f"{category}:N", title=None, sort=categories),
                yOffset=alt.YOffset(f"{series}:N", sort=order),
                x=alt.X(f"{value}:Q", title=axis_title),
                color=alt.Color(f"{series}:N", sort=order, title=None, **_legend(order)),
            )
            .properties(width=460)
        )

    return _figure(
        frame,
        draw,
        kind="Bar chart",
        id=id,
        caption=caption,
        title=title,
        category=category,
        series=series,
        value=value,
        unit=unit,
        decimals=decimals,
        synthetic=synthetic,
    )


def line_chart(
    frame: pd.DataFrame,
    *,
    id: str,
    caption: str,
    title: str,
    x: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    synthetic: bool = False,
) -> Figure:
    """A line per ``series`` across the ordered ``x`` values (years)."""
    import altair as alt

    def draw(chart: Any, order: list[str], categories: list[str]) -> Any:
        legend = _legend(order)
        return (
            chart.mark_line(point=True)
            .encode(
                x=alt.X(f"{x}:O", title=None, sort=categories),
                y=alt.Y(f"{value}:Q", title=title),
                # one domain for both channels, so their legends merge into one (each channel's
                # own sort would give two)
                color=alt.Color(f"{series}:N", scale=alt.Scale(domain=order), title=None, **legend),
                strokeDash=alt.StrokeDash(
                    f"{series}:N", scale=alt.Scale(domain=order), title=None, **legend
                ),
            )
            .properties(width=460, height=260)
        )

    return _figure(
        frame,
        draw,
        kind="Line chart",
        id=id,
        caption=caption,
        title=title,
        category=x,
        series=series,
        value=value,
        unit=unit,
        decimals=decimals,
        synthetic=synthetic,
    )
