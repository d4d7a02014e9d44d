"""Charts: Altair specifications rendered offline to SVG, each with alt text that says its point.

Altair's default renderer loads vega from a CDN, which breaks offline and in Word and PDF, so a
Figure is rendered by vl-convert to a self-contained SVG file that every format can embed, laid
out in Liberation Sans whatever fonts the machine has. Its PNG twins (Word; PowerPoint, with
larger text) are rasterised from that SVG by typst with the templates' bundled fonts only, so
they too are the same bytes on every machine. Bars carry their values as labels; a chart of
several measures gives each its own panel and axis (``panel=``), never one axis for two
measures.
"""

from __future__ import annotations

import json
import math
import os
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

from ..markup import attribute
from ..markup import text as md
from ..templates import (
    NARROW_SUFFIX,
    PNG_PPI,
    font_folders,
    generated_file,
    scratch_folder,
    typesetter,
)
from .descriptions import describe_bars, describe_lines, value_text
from .tables import SYNTHETIC

# Government Analysis Function categorical palette (afcharts), chosen for contrast and colour
# vision deficiency; order matters: the LA is always the first, darkest colour.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# Liberation Sans is bundled with the templates (metric-compatible with Arial): vl-convert lays
# the chart out with it and typst draws the PNGs with it on every machine; a browser showing the
# SVG uses it or Arial, which has the same widths.
FONT = "Liberation Sans, Arial, sans-serif"
# Text sizes in the chart's own pixels: for reading on a page, and for a slide seen from the
# back of a room.
PAGE_TEXT = 12
SLIDE_TEXT = 22
# A bar's thickness at PAGE_TEXT; on a slide, bars are SLIDE_BARS times as thick and charts
# SLIDE_WIDTH times as wide, for the larger text.
BAR_STEP = 18
SLIDE_BARS = 1.5
SLIDE_WIDTH = 1.5
# Grouped bars with more bars than this stand upright on the page (lying down they would take
# most of a page; see _as_columns), this tall; on a slide they always do, shorter, to leave room
# for the points above them.
UPRIGHT_BARS = 12
PAGE_COLUMN_HEIGHT = 220
SLIDE_COLUMN_HEIGHT = 170
# The most pixels across a slide's chart takes (9 of a slide's 10 inches at 96 to the inch): at
# that size its text is SLIDE_TEXT px, 16.5 pt; render/slide_layout.py shrinks it only to fit
# the room under the points.
SLIDE_PX = 864
# ... and the most pixels down: under a title and three points, what is left of a 5.6-inch slide
# holds this at 0.86 of its size, text 14 pt or more.
SLIDE_TALL = 260
# A phone: the page is 320 CSS px wide, 296 inside its padding (council.css). Each chart is also
# drawn that wide, text at PAGE_TEXT, category labels wrapped at about NARROW_LABEL characters
# (lines NARROW_LINE px apart), and shown at its own size in place of the wide one.
NARROW_PX = 296
NARROW_LABEL = 16
NARROW_LINE = 15
# A panelled chart's plots are never narrowed below this many pixels to fit, in at most FITTING
# tries (an axis's last label can stick out past the plot by a little less each time); a chart
# of one plot Vega fits to the width at once.
LEAST_PLOT = 80
FITTING = 3
# A value label's characters are at most this many ems wide ("%" is 0.89, a digit 0.56), and
# Vega-Lite leaves this many pixels round a chart.
LABEL_EM = 0.6
PADDING = 5
# The point of a chart, said first in its alt text, in fewer characters than this.
ILLUSTRATIVE = "Illustrative, synthetic data. "  # the alt text of a chart of made-up figures
FONTCONFIG = "FONTCONFIG_FILE"  # where fontconfig's users (vl-convert's fonts) read settings


@dataclass(frozen=True)
class Rendition:
    """How a chart is drawn for where it is shown: its text size in px, its bars' thickness and
    plot's width against the page's, the most px across and down it may take (its plot narrows,
    its bars thin, to fit), the length its category labels wrap at, and when and how tall
    grouped bars stand upright, and whether bars that carry their values keep a value axis."""

    text: int
    bars: float = 1
    stretch: float = 1
    width: int | None = None
    height: int | None = None
    wrap: int | None = None
    upright: float = UPRIGHT_BARS
    column_height: int = PAGE_COLUMN_HEIGHT
    value_axis: bool = True


PAGE = Rendition(PAGE_TEXT)
SLIDE = Rendition(
    SLIDE_TEXT,
    bars=SLIDE_BARS,
    stretch=SLIDE_WIDTH,
    width=SLIDE_PX,
    height=SLIDE_TALL,
    upright=0,
    column_height=SLIDE_COLUMN_HEIGHT,
    value_axis=False,
)
NARROW = Rendition(PAGE_TEXT, width=NARROW_PX, wrap=NARROW_LABEL, upright=math.inf)


@dataclass(frozen=True)
class Figure:
    """A chart ready to publish: a Vega-Lite spec, a caption and alt text."""

    id: str
    caption: str
    alt: str
    spec: dict[str, Any]
    synthetic: bool = False
    counts: tuple[float, ...] = ()  # the counts of people it draws, for disclosure control

    @property
    def title(self) -> str:
        """The caption as readers see it: marked when the figures are synthetic."""
        return self.caption + (SYNTHETIC if self.synthetic else "")

    def svg(self, templates: Path, rendition: Rendition | None = None) -> str:
        """The chart drawn for a page (by default), a slide or a phone (``SLIDE``, ``NARROW``),
        its text measured in the fonts of the format extension under ``templates``."""
        rendition = rendition or PAGE
        spec = _drawn(self.spec, rendition)
        fitted = bool(rendition.width) and isinstance(spec.get("width"), int)
        if fitted:  # one plot: Vega sizes it so the whole chart is as wide as the rendition,
            # with room on the right for the values labelled past the bars' (or lines') ends
            spec["width"] = rendition.width
            spec["autosize"] = {"type": "fit-x", "contains": "padding"}
            room = _label_room(spec, rendition)
            spec["padding"] = {"left": PADDING, "top": PADDING, "bottom": PADDING, "right": room}
        svg = _vl_convert(templates).vegalite_to_svg(spec)
        for _ in range(FITTING):  # panels' plots as much narrower, bars as much thinner, as the
            # chart is too wide or too tall
            width, height = _svg_size(svg)
            wide = 0 if fitted else width - (rendition.width or width)
            tall = height - (rendition.height or height)
            if wide <= 0 and (tall <= 0 or not _thinner(spec, tall, rendition.text)):
                break
            if wide > 0:
                _narrow_plots(spec, wide)
            svg = _vl_convert(templates).vegalite_to_svg(spec)
        return svg

    def save(self, folder: Path, *, templates: Path, slides: bool = True) -> Path:
        """Write ``<id>.svg`` (HTML, PDF), ``<id>-narrow.svg`` (HTML on a phone) and, for a
        report with slides, ``<id>-slide.png`` (PowerPoint, larger text); return the SVG. The
        PNG twin Word shows is drawn from the SVG when a build makes Word (``png_twins``)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.id}.svg"
        path.write_text(self.svg(templates), encoding="utf-8")
        narrow = folder / f"{self.id}{NARROW_SUFFIX}.svg"
        narrow.write_text(self.svg(templates, NARROW), encoding="utf-8")
        if not slides:
            return path
        slide = folder / f"{self.id}-slide.svg"
        slide.write_text(self.svg(templates, SLIDE), encoding="utf-8")
        try:
            (folder / f"{self.id}-slide.png").write_bytes(rasterise(slide, templates))
        finally:
            slide.unlink()
        return path

    @property
    def description(self) -> str:
        """The alt text as readers get it: what it says of made-up figures is no finding."""
        return ILLUSTRATIVE + self.alt if self.synthetic else self.alt

    def to_markdown(self, path: str) -> str:
        """The figure as Markdown: caption and alt text escaped as text."""
        alt = attribute(self.description)
        return f'![{md(self.title)}]({path}){{#fig-{self.id} fig-alt="{alt}"}}\n'


@dataclass(frozen=True)
class EmptyChart:
    """A chart whose data holds no figures for the year (a breakdown not yet published, a
    record not yet kept): nothing is drawn, and the document says so in its place."""

    id: str
    caption: str
    synthetic: bool = False

    @property
    def title(self) -> str:
        return self.caption + (SYNTHETIC if self.synthetic else "")

    def _repr_markdown_(self) -> str:
        return (
            f"*{md(self.title)}*: there are no figures for this chart in the data yet, so it is "
            "not drawn."
        )

    def __repr__(self) -> str:  # the notebook's plain-text output
        return f"{self.id}: no figures to draw"


def png_twins(folder: Path, templates: Path) -> list[Path]:
    """Write ``<id>.png`` (Word, and PowerPoint where a chart has no slide version) for each
    figure's ``<id>.svg`` in ``folder`` that has none yet; the PNGs written."""
    written = []
    for svg in sorted(folder.glob("*.svg")):
        png = svg.with_suffix(".png")
        if not svg.stem.endswith(NARROW_SUFFIX) and not png.exists():
            png.write_bytes(rasterise(svg, templates))
            written.append(png)
    return written


def rasterise(svg: Path, templates: Path) -> bytes:
    """A PNG of an SVG drawn by typst with the bundled fonts only (the machine's fonts are never
    looked at), at ``PNG_PPI``."""
    source = f"#set page(width: auto, height: auto, margin: 0pt)\n#image({json.dumps(svg.name)})\n"
    compiler = typesetter(templates)
    return compiler.compile(source.encode(), root=str(svg.parent), format="png", ppi=PNG_PPI)


@cache
def _vl_convert(templates: Path) -> ModuleType:
    """vl-convert measuring text in Liberation Sans, the same on every machine.

    It lays a chart out in the fonts its font list holds, and it makes that list once, when it
    first starts: the machine's fonts (as fontconfig lists them, the user's own too) and its own
    embedded Liberation Sans. It is started here reading fontconfig settings that list no
    machine font, so a font a machine calls "Arial" or "Liberation Sans" never changes a chart,
    and text is measured in the embedded fonts, held in memory (a font file is opened and
    mapped again for each of the hundreds of labels a chart measures, which doubled the time a
    chart took). The templates' fonts, the same typeface, are registered for any other style.
    """
    previous = os.environ.get(FONTCONFIG)
    os.environ[FONTCONFIG] = str(_no_machine_fonts())
    try:
        import vl_convert

        for folder in font_folders(templates):
            vl_convert.register_font_directory(str(folder))  # starts its font list
    finally:
        if previous is None:
            del os.environ[FONTCONFIG]
        else:
            os.environ[FONTCONFIG] = previous
    return vl_convert


def _no_machine_fonts() -> Path:
    """fontconfig settings whose one font folder is empty."""
    empty = scratch_folder("no-fonts")
    return generated_file(
        "no-fonts.conf", f"<fontconfig><dir>{escape(str(empty))}</dir></fontconfig>\n"
    )


def _drawn(spec: dict[str, Any], rendition: Rendition) -> dict[str, Any]:
    """The spec as ``rendition`` draws it: every text at its size (axis, legend, panel headers,
    bar labels), bars as much thicker and plots as much wider, grouped bars upright when there
    are more of them than it lets lie down, long labels wrapped."""
    drawn = json.loads(json.dumps(spec))
    config = drawn["config"]
    size = {"labelFontSize": rendition.text, "titleFontSize": rendition.text}
    for part in ("axis", "legend", "header"):
        config[part] = config[part] | size
    config["text"] = config["text"] | {"fontSize": rendition.text}
    if rendition.width:  # a chart narrowed to fit: its plot gives way, its labels never do
        config["axis"] = config["axis"] | {"labelLimit": 0}
    _scale(drawn, rendition)
    if _grouped(drawn) and _bars(drawn) > rendition.upright:
        _as_columns(drawn, rendition.column_height)
    if rendition.wrap:
        _wrap_labels(drawn, rendition.wrap)
    if not rendition.value_axis:
        _without_value_axis(drawn)
    return drawn


def _without_value_axis(node: Any) -> None:
    """Bars that carry their values need no value axis (on a slide, the height it saves goes
    to the bars' text): it is taken off."""
    if isinstance(node, dict):
        x = node.get("encoding", {}).get("x")
        mark = node.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if isinstance(x, dict) and x.get("type") == "quantitative" and kind in ("bar", "text"):
            x["axis"] = None
        for child in node.values():
            _without_value_axis(child)
    elif isinstance(node, list):
        for child in node:
            _without_value_axis(child)


def _scale(node: Any, rendition: Rendition) -> None:
    """Bars ``rendition.bars`` times as thick, plots ``rendition.stretch`` times as wide."""
    if isinstance(node, dict):
        height, width = node.get("height"), node.get("width")
        if isinstance(height, dict) and "step" in height:
            height["step"] = round(height["step"] * rendition.bars)
        if isinstance(width, int):
            node["width"] = round(width * rendition.stretch)
        for child in node.values():
            _scale(child, rendition)
    elif isinstance(node, list):
        for child in node:
            _scale(child, rendition)


def _narrow_plots(node: Any, excess: float) -> None:
    """Every plot ``excess`` px narrower (never below LEAST_PLOT)."""
    if isinstance(node, dict):
        if isinstance(node.get("width"), int):
            node["width"] = max(LEAST_PLOT, math.floor(node["width"] - excess))
        for child in node.values():
            _narrow_plots(child, excess)
    elif isinstance(node, list):
        for child in node:
            _narrow_plots(child, excess)


def _svg_size(svg: str) -> tuple[float, float]:
    """An SVG's width and height in px."""
    found = re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', svg)
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)


def _thinner(spec: dict[str, Any], excess: float, text: int) -> bool:
    """Bars thinner by a share of ``excess`` px each, never thinner than their ``text`` (with a
    little room); whether they became any thinner."""
    step = spec.get("spec", spec).get("height")
    if not (isinstance(step, dict) and "step" in step):
        return False
    thinnest = text + 3
    thinner = max(thinnest, step["step"] - math.ceil(excess / max(1, _bars(spec))))
    changed = thinner < step["step"]
    step["step"] = thinner
    return changed


def _label_room(spec: dict[str, Any], rendition: Rendition) -> int:
    """Pixels for the widest value label past the end of its bar or line (LABEL_EM of the text
    size a character, more than any digit or sign of Liberation Sans takes, and its offset)."""
    labels = [str(row.get("__label", "")) for rows in spec["datasets"].values() for row in rows]
    return math.ceil(max(map(len, labels), default=0) * LABEL_EM * rendition.text) + 2 * PADDING


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The layers of a chart (a panelled chart's are in its inner spec)."""
    return spec.get("layer") or spec.get("spec", {}).get("layer", [])


def _bars(spec: dict[str, Any]) -> int:
    """How many bars a chart draws: a row of its data each."""
    return sum(len(rows) for rows in spec.get("datasets", {}).values())


def _grouped(spec: dict[str, Any]) -> bool:
    """Whether a spec is grouped horizontal bars (a bar per series in each group)."""
    return any("yOffset" in layer.get("encoding", {}) for layer in spec.get("layer", []))


def _as_columns(spec: dict[str, Any], height: int) -> None:
    """Grouped bars turned upright, ``height`` px tall: groups along the width, where a chart of
    many bars still has room for its text (lying down, it would be squeezed into the height left
    under a slide's title, or take most of a page)."""
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        encoding["x"], encoding["y"] = encoding["y"], encoding["x"]
        encoding["xOffset"] = encoding.pop("yOffset")
        encoding["x"]["axis"] = {"labelAngle": 0}
        if layer["mark"]["type"] == "text":
            layer["mark"] = {"type": "text", "align": "center", "baseline": "bottom", "dy": -3}
    spec["width"] = {"step": spec["height"]["step"]}
    spec["height"] = height


# A Vega expression of our own (text from the data is only ever its input): the label broken
# into lines after the last space within {} characters, a longer word kept whole.
WRAP = (
    r"split(trim(replace(datum.label, regexp('(\\S(?:.{{0,{}}}\\S)?|\\S+)(\\s+|$)', 'g'), "
    r"'$1\n')), '\n')"
)


def _wrap_labels(spec: dict[str, Any], width: int) -> None:
    """Category labels wrapped at about ``width`` characters and panel headers and axis titles,
    which run across the chart, at twice that; each bar as thick as its label's lines need, the
    legend in one column and years along the bottom slanted, so the chart fits a narrow width."""
    config = spec["config"]
    config["header"] = config["header"] | {"labelExpr": WRAP.format(2 * width - 2)}
    config["legend"] = config["legend"] | {"columns": 1}
    lines = 1
    for layer in _layers(spec):
        encoding = layer.get("encoding", {})
        y, x = encoding.get("y", {}), encoding.get("x", {})
        for axis in (x, y):  # an axis title (the report's words) in lines as long as a header's
            if isinstance(axis.get("title"), str):
                axis["title"] = textwrap.wrap(axis["title"], 2 * width)
        if y.get("type") == "nominal":
            y["axis"] = (y.get("axis") or {}) | {"labelExpr": WRAP.format(width - 2)}
            labels = {str(row[y["field"]]) for rows in spec["datasets"].values() for row in rows}
            lines = max([lines, *(len(textwrap.wrap(label, width)) for label in labels)])
        if x.get("type") == "ordinal":
            x["axis"] = (x.get("axis") or {}) | {"labelAngle": -45, "labelAlign": "right"}
    step = spec.get("spec", spec).get("height")
    if isinstance(step, dict) and "step" in step:
        offset = _layers(spec)[0]["encoding"].get("yOffset", {})
        series = len(offset.get("sort") or [None])  # the bars that share a group's label
        step["step"] = max(step["step"], math.ceil(lines * NARROW_LINE / series) + 2)


def _legend(order: list[str]) -> dict[str, Any]:
    """No legend for a single series: the axis title already names it."""
    return {"legend": None} if len(order) == 1 else {}


def _theme(chart: Any) -> dict[str, Any]:
    # altair's schema check costs 50 ms a chart; vl-convert compiles every spec anyway and
    # tests/test_charts.py checks each report's charts against the schema
    spec = chart.to_dict(validate=False)
    text = {"labelFontSize": PAGE_TEXT, "titleFontSize": PAGE_TEXT}
    spec["config"] = {
        "font": FONT,
        "range": {"category": list(PALETTE)},
        "axis": text | {"grid": False, "labelLimit": 360},
        "legend": text | {"orient": "bottom", "labelLimit": 0},
        "header": text | {"labelLimit": 0, "labelAngle": 0, "labelAnchor": "start"},
        "text": {"fontSize": PAGE_TEXT},
        "view": {"stroke": None},
        "background": "white",
    }
    return spec


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
    panel: str | None = None,
    synthetic: bool = False,
) -> Figure | EmptyChart:
    """Horizontal bars, each labelled with its value: one group per ``category``, one bar per
    ``series`` (``series`` may be ``category``: one bar per group). ``panel`` names a column of
    measures: each gets a panel of its own, headed by its name, with its own axis. With no
    value to draw, an EmptyChart."""
    import altair as alt

    columns = list(dict.fromkeys([category, series, value, *([panel] if panel else [])]))
    data = frame[columns].dropna().copy()
    if data.empty:
        return EmptyChart(id, caption, synthetic)
    data["__label"] = [value_text(v, unit, decimals) for v in data[value]]
    order = list(dict.fromkeys(data[series]))
    categories = list(dict.fromkeys(data[category]))
    grouped = series != category and len(order) > 1
    y = {"y": alt.Y(f"{category}:N", title=None, sort=categories)}
    if grouped:
        y["yOffset"] = alt.YOffset(f"{series}:N", sort=order)
    suffix = "%" if unit == "%" else ""
    axis = alt.Axis(tickCount=5, labelExpr=f"datum.label + '{suffix}'" if suffix else "datum.label")
    x_title = None if panel else (f"{title} ({unit})" if unit == "%" else title)
    x = alt.X(f"{value}:Q", title=x_title, axis=axis, scale=alt.Scale(zero=True))
    # no legend when the axis already names each bar
    legend = _legend(order) if grouped else {"legend": None}
    colour = alt.Color(f"{series}:N", sort=order, title=None, **legend)
    base = alt.Chart(data).encode(x=x, color=colour, **y)
    labels = base.mark_text(align="left", dx=3).encode(
        text=alt.Text("__label:N"), color=alt.ColorValue("#0B0C0C")
    )
    # a bar's thickness: the text beside it, with room (scaled with the text in _drawn); with
    # several series the step is each bar's (Vega-Lite's offset step)
    chart = alt.layer(base.mark_bar(), labels).properties(width=440, height=alt.Step(BAR_STEP))
    if panel:
        panels = list(dict.fromkeys(data[panel]))
        header = alt.Header(labelOrient="top", labelAnchor="start", labelFontWeight="bold")
        chart = chart.facet(
            row=alt.Row(f"{panel}:N", sort=panels, title=None, header=header)
        ).resolve_scale(x="independent", y="independent")
    alt_text = describe_bars(
        data,
        category=category,
        series=series,
        value=value,
        unit=unit,
        decimals=decimals,
        panel=panel,
    )
    return Figure(id, caption, alt_text, _theme(chart), synthetic)


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
) -> Figure | EmptyChart:
    """A line per ``series`` across the ordered ``x`` values (years): every value of the first
    series (the LA) labelled, and the last of each other at its end. Every ``x`` value of
    ``frame`` has its place on the axis; a series with no figure for one (a year no figures were
    collected, before an LA existed) is drawn as separate lines either side of it, never one line
    across it. With no value to draw, an EmptyChart."""
    import altair as alt

    if frame[[x, series, value]].dropna().empty:
        return EmptyChart(id, caption, synthetic)
    years = list(dict.fromkeys(frame[x]))
    data = _broken_at_gaps(frame[[x, series, value]], x=x, series=series, value=value)
    data["__label"] = [value_text(v, unit, decimals) for v in data[value]]
    order = list(dict.fromkeys(data[series]))
    legend = _legend(order)
    # one domain for both channels, so their legends merge into one (each channel's own sort
    # would give two)
    domain = alt.Scale(domain=order)
    base = alt.Chart(data).encode(
        x=alt.X(
            f"{x}:O",
            title=None,
            sort=years,
            scale=alt.Scale(domain=years),
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y(f"{value}:Q", title=title),
        color=alt.Color(f"{series}:N", scale=domain, title=None, **legend),
    )
    broken = data["__run"].max() > 0
    lines = base.mark_line(point=True).encode(
        strokeDash=alt.StrokeDash(f"{series}:N", scale=domain, title=None, **legend),
        **({"detail": alt.Detail("__run:N")} if broken else {}),
    )
    # every point of the first series (the LA) labelled, above it; the others at their end
    points = (
        base.transform_filter(alt.datum[series] == order[0])
        .mark_text(align="center", baseline="bottom", dy=-8)
        .encode(text=alt.Text("__label:N"))
    )
    ends = (
        base.transform_filter((alt.datum[x] == years[-1]) & (alt.datum[series] != order[0]))
        .mark_text(align="left", dx=6)
        .encode(text=alt.Text("__label:N"))
    )
    chart = alt.layer(lines, points, ends).properties(width=460, height=260)
    alt_text = describe_lines(
        data, x=x, series=series, value=value, unit=unit, decimals=decimals, years=years
    )
    return Figure(id, caption, alt_text, _theme(chart), synthetic)


def _broken_at_gaps(frame: pd.DataFrame, *, x: str, series: str, value: str) -> pd.DataFrame:
    """The rows with a figure, each numbered by its run (``__run``): a series' consecutive
    years with figures, a new run after every year without one, so no line crosses a gap."""
    runs, run = [], 0
    previous: dict[str, bool] = {}
    for name, number in zip(frame[series], frame[value], strict=True):
        has = not pd.isna(number)
        if has and previous.get(name) is False:
            run += 1
        previous[name] = has
        runs.append(run)
    data = frame.assign(__run=runs)
    return data.loc[data[value].notna()].copy()
