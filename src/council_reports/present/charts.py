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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

from ..errors import RenderError
from ..markup import attribute
from ..markup import text as md
from ..numbers import change_unit, format_value
from ..templates import Extension, generated_file, scratch_folder
from .tables import SYNTHETIC

# Government Analysis Function categorical palette (afcharts), chosen for contrast and colour
# vision deficiency; order matters: the LA is always the first, darkest colour.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# Liberation Sans is bundled with the templates (metric-compatible with Arial): vl-convert lays
# the chart out with it and typst draws the PNGs with it on every machine; a browser showing the
# SVG uses it or Arial, which has the same widths.
FONT = "Liberation Sans, Arial, sans-serif"
# Text sizes in the chart's own pixels: for reading on a page, and for a slide seen from the
# back of a room (the chart fills about 9 inches of a 10-inch slide).
PAGE_TEXT = 12
SLIDE_TEXT = 22
# A bar's thickness at PAGE_TEXT; on a slide, bars are SLIDE_BARS times as thick and charts
# SLIDE_WIDTH times as wide, for the larger text.
BAR_STEP = 18
SLIDE_BARS = 1.5
SLIDE_WIDTH = 1.5
# Grouped bars on a slide stand upright, this tall (see _as_columns).
COLUMN_HEIGHT = 300
# PNG resolution: twice the SVG's size (an SVG pixel is 1/96 inch).
PNG_PPI = 192
# Where a chart sits on a slide, in inches (the reference presentation's "Content with Caption"
# layout, less the caption under it), and the smallest its text may be there, in points: a slide
# chart is drawn no larger than lets PowerPoint show its text at that size when it fits the
# chart to its place (wider or taller, it would be shrunk).
SLIDE_CHART = (9.0, 2.39)
SLIDE_TEXT_MIN = 14
# The point of a chart, said first in its alt text, in fewer characters than this.
ALT_LIMIT = 250
BENCHMARK = "England"
ILLUSTRATIVE = "Illustrative, synthetic data. "  # the alt text of a chart of made-up figures
FONTCONFIG = "FONTCONFIG_FILE"  # where fontconfig's users (vl-convert's fonts) read settings


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

    def svg(self, templates: Path, text_size: int = PAGE_TEXT) -> str:
        """The chart as SVG, its text measured in the fonts of the format extension under
        ``templates``."""
        return _vl_convert(templates).vegalite_to_svg(_sized(self.spec, text_size))

    def save(self, folder: Path, *, templates: Path, slides: bool = True) -> Path:
        """Write ``<id>.svg`` (HTML, PDF), its ``<id>.png`` twin (Word) and, for a report with
        slides, ``<id>-slide.png`` (PowerPoint, larger text); return the SVG."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.id}.svg"
        path.write_text(self.svg(templates), encoding="utf-8")
        (folder / f"{self.id}.png").write_bytes(rasterise(path, templates))
        if not slides:
            return path
        slide = folder / f"{self.id}-slide.svg"
        slide.write_text(self.slide_svg(templates), encoding="utf-8")
        try:
            (folder / f"{self.id}-slide.png").write_bytes(rasterise(slide, templates))
        finally:
            slide.unlink()
        return path

    @property
    def description(self) -> str:
        """The alt text as readers get it: what it says of made-up figures is no finding."""
        return ILLUSTRATIVE + self.alt if self.synthetic else self.alt

    def slide_svg(self, templates: Path) -> str:
        """The chart for a slide: larger text, no value axis on bars that carry their values,
        and its plot narrowed until PowerPoint, fitting it to its place (``SLIDE_CHART``),
        shows its text at ``SLIDE_TEXT_MIN`` points or more."""
        converter = _vl_convert(templates)
        spec = _sized(self.spec, SLIDE_TEXT)
        drawn = converter.vegalite_to_svg(spec)
        # the largest the chart may be, in SVG pixels (96 to the inch), less a little for the
        # PNG's rounding
        widest, tallest = (
            side * 96 * SLIDE_TEXT * 0.75 / SLIDE_TEXT_MIN * 0.98 for side in SLIDE_CHART
        )
        excess = _svg_size(drawn)[0] - widest
        if excess > 0:
            spec = _narrowed(spec, math.ceil(excess))
            drawn = converter.vegalite_to_svg(spec)
        while _svg_size(drawn)[1] > tallest and _closer(spec):  # bars closer, to the text
            drawn = converter.vegalite_to_svg(spec)
        return drawn

    def to_markdown(self, path: str) -> str:
        """The figure as Markdown: caption and alt text escaped as text."""
        alt = attribute(self.description)
        return f'![{md(self.title)}]({path}){{#fig-{self.id} fig-alt="{alt}"}}\n'


def rasterise(svg: Path, templates: Path) -> bytes:
    """A PNG of an SVG drawn by typst with the bundled fonts only (the machine's fonts are never
    looked at), at ``PNG_PPI``."""
    source = f"#set page(width: auto, height: auto, margin: 0pt)\n#image({json.dumps(svg.name)})\n"
    compiler = _rasteriser(templates)
    return compiler.compile(source.encode(), root=str(svg.parent), format="png", ppi=PNG_PPI)


@cache
def _rasteriser(templates: Path) -> Any:
    """One typst compiler for every PNG, holding the bundled fonts: a compiler per PNG would
    read them again each time, half the cost of a twin. It reads each SVG afresh."""
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False,
        font_paths=[str(folder) for folder in _font_folders(templates)],
    )
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)


@cache
def _font_folders(templates: Path) -> tuple[Path, ...]:
    extension = Extension.load(templates)
    folders = tuple(f for f in extension.files("typst", "font-paths") if f.is_dir())
    if not folders:
        raise RenderError("the format extension names no font folder for the charts")
    return folders


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

        for folder in _font_folders(templates):
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


def _sized(spec: dict[str, Any], text_size: int) -> dict[str, Any]:
    """The spec with every text at ``text_size`` (axis, legend, panel headers, bar labels) and
    bars as much thicker, so labels still sit beside their bars."""
    if text_size == PAGE_TEXT:
        return spec
    sized = json.loads(json.dumps(spec))
    config = sized["config"]
    for part in ("axis", "legend", "header"):
        config[part] = config[part] | {"labelFontSize": text_size, "titleFontSize": text_size}
    config["axis"]["labelLimit"] = 0  # labels whole: the plot narrows instead (slide_svg)
    config["text"] = config["text"] | {"fontSize": text_size}

    def scale_steps(node: Any) -> None:
        if isinstance(node, dict):
            height, width = node.get("height"), node.get("width")
            if isinstance(height, dict) and "step" in height:
                height["step"] = round(height["step"] * SLIDE_BARS)
            if isinstance(width, int):
                node["width"] = round(width * SLIDE_WIDTH)
            for child in node.values():
                scale_steps(child)
        elif isinstance(node, list):
            for child in node:
                scale_steps(child)

    scale_steps(sized)
    if _grouped(sized):
        return _as_columns(sized)
    _without_value_axis(sized)
    return sized


def _svg_size(svg: str) -> tuple[float, float]:
    """The width and height an SVG says it is, in its pixels."""
    sizes = []
    for side in ("width", "height"):
        found = re.search(rf'<svg[^>]*\s{side}="([\d.]+)', svg)
        sizes.append(float(found[1]) if found else 0.0)
    return sizes[0], sizes[1]


def _closer(spec: dict[str, Any]) -> bool:
    """Bring a bar chart's bars a pixel closer (its step), never closer than its text is
    tall; whether they moved."""
    moved = False

    def step(node: Any) -> None:
        nonlocal moved
        if isinstance(node, dict):
            height = node.get("height")
            if isinstance(height, dict) and height.get("step", 0) > SLIDE_TEXT + 2:
                height["step"] -= 1
                moved = True
            for child in node.values():
                step(child)
        elif isinstance(node, list):
            for child in node:
                step(child)

    step(spec)
    return moved


def _narrowed(spec: dict[str, Any], pixels: int) -> dict[str, Any]:
    """The spec with every plot ``pixels`` narrower (never under a third of its width)."""
    narrowed = json.loads(json.dumps(spec))

    def narrow(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("width"), int):
                node["width"] = max(node["width"] - pixels, node["width"] // 3)
            for child in node.values():
                narrow(child)
        elif isinstance(node, list):
            for child in node:
                narrow(child)

    narrow(narrowed)
    return narrowed


def _without_value_axis(node: Any) -> None:
    """Bars that carry their values need no value axis on a slide: it is taken off (the
    height it saves goes to the bars' text)."""
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


def _grouped(spec: dict[str, Any]) -> bool:
    """Whether a spec is grouped horizontal bars (a bar per series in each group)."""
    return any("yOffset" in layer.get("encoding", {}) for layer in spec.get("layer", []))


def _as_columns(spec: dict[str, Any]) -> dict[str, Any]:
    """Grouped bars turned upright, for a slide: groups along the slide's width, where a chart
    of many bars still has room for its text (lying down, it would be squeezed into the height
    left under the title)."""
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        encoding["x"], encoding["y"] = encoding["y"], encoding["x"]
        encoding["xOffset"] = encoding.pop("yOffset")
        encoding["x"]["axis"] = {"labelAngle": 0}
        if layer["mark"]["type"] == "text":
            layer["mark"] = {"type": "text", "align": "center", "baseline": "bottom", "dy": -3}
    spec["width"] = {"step": spec["height"]["step"]}
    spec["height"] = COLUMN_HEIGHT
    return spec


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


# Alt text: the point of the chart first (largest and smallest, against England, the change on
# the year before), in under ALT_LIMIT characters; the table beside the chart has every figure.


def _value(number: float, unit: str, decimals: int) -> str:
    return format_value(number, unit, decimals)


def _against(lead: float, benchmark: float, decimals: int) -> str:
    difference = round(lead - benchmark, decimals)
    return "above" if difference > 0 else "below" if difference < 0 else "in line with"


def _fit(sentences: list[str]) -> str:
    """As many of the sentences, in order, as fit in ALT_LIMIT characters (at least the first)."""
    text = sentences[0]
    for sentence in sentences[1:]:
        if len(text) + 1 + len(sentence) >= ALT_LIMIT:
            break
        text += " " + sentence
    return text


def _benchmarked(
    data: pd.DataFrame, *, group: str, against: str, value: str
) -> tuple[str, list[tuple[str, float, float]]] | None:
    """(the lead, [(group, its value, England's)]) when England is among ``against`` (the
    series, or the bars of a panel): the lead is the first of them (the LA)."""
    names = list(dict.fromkeys(data[against]))
    if BENCHMARK not in names or names[0] == BENCHMARK:
        return None
    table = data.pivot_table(index=group, columns=against, values=value, sort=False)
    table = table.dropna(subset=[names[0], BENCHMARK])
    rows = [
        (str(g), float(table.at[g, names[0]]), float(table.at[g, BENCHMARK])) for g in table.index
    ]
    return (names[0], rows) if rows else None


def _against_england(
    lead: str, rows: list[tuple[str, float, float]], unit: str, decimals: int, measures: str
) -> str:
    """Where the lead stands against England in each group, the largest gap first; with more
    than two groups, a count of them first."""
    sentences = []
    if len(rows) > 2:
        counts = {"below": 0, "above": 0, "in line with": 0}
        for _, mine, england in rows:
            counts[_against(mine, england, decimals)] += 1
        said = [f"{word} England on {n} of {len(rows)}" for word, n in counts.items() if n]
        sentences.append(f"{lead} was " + ", ".join(said) + f" {measures}.")
    for name, mine, england in sorted(rows, key=lambda r: -abs(r[1] - r[2])):
        where = _against(mine, england, decimals)
        subject = "" if len(rows) > 2 or name == lead else f"{lead} "
        sentences.append(
            f"{name}: {subject}{_value(mine, unit, decimals)}, {where} England "
            f"({_value(england, unit, decimals)})."
        )
    return _fit(sentences)


def describe_bars(
    data: pd.DataFrame,
    *,
    category: str,
    series: str,
    value: str,
    unit: str,
    decimals: int,
    panel: str | None = None,
) -> str:
    """The point of a bar chart. With England among the bars: where the LA (the first series,
    or the first bar of each panel) stands against it, the largest gap first. Otherwise: the
    largest and the smallest bar."""
    if panel and series == category:
        compared = _benchmarked(data, group=panel, against=category, value=value)
        if compared:
            return _against_england(*compared, unit, decimals, "measures")
    elif not panel and series != category:
        compared = _benchmarked(data, group=category, against=series, value=value)
        if compared:
            return _against_england(*compared, unit, decimals, "groups")
    ranked = data.sort_values(value, ascending=False, kind="stable")
    several = data[series].nunique() > 1
    parts = [c for c in dict.fromkeys([panel, series if several else None, category]) if c]
    names = [", ".join(str(row[c]) for c in parts) for _, row in ranked.iterrows()]
    values = [_value(v, unit, decimals) for v in ranked[value]]
    if len(names) == 1:
        return f"{names[0]}: {values[0]}."
    most, least = ("Largest", "smallest") if unit == "count" else ("Highest", "lowest")
    sentences = [f"{most}: {names[0]} ({values[0]}); {least}: {names[-1]} ({values[-1]})."]
    if len(names) > 2:
        sentences.append(f"Next {most.lower()}: {names[1]} ({values[1]}).")
    return _fit(sentences)


def _runs(values: list[float], decimals: int) -> list[tuple[int, int, int]]:
    """The stretches of a series that move one way: (sign, first index, last index), where the
    sign is 1 (rising), -1 (falling) or 0 (level), read from the values as shown."""
    runs: list[tuple[int, int, int]] = []
    for index in range(1, len(values)):
        step = round(values[index] - values[index - 1], decimals)
        sign = (step > 0) - (step < 0)
        if runs and runs[-1][0] == sign:
            runs[-1] = (sign, runs[-1][1], index)
        else:
            runs.append((sign, index - 1, index))
    return runs


def _shape(name: str, years: list[str], values: list[float], unit: str, decimals: int) -> list[str]:
    """The shape of a line over the years, in words: where it went from its first year to its
    last, through every turn (a fall and a recovery both said), or, with many turns, its
    highest and lowest."""
    shown = [_value(v, unit, decimals) for v in values]
    if len(values) == 1:
        return [f"{name}: {shown[0]} in {years[0]}."]
    runs = _runs(values, decimals)
    verbs = {1: "rose", -1: "fell"}
    if len(runs) > 3:
        high, low = values.index(max(values)), values.index(min(values))
        return [
            f"{name} went from {shown[0]} in {years[0]} to {shown[-1]} in {years[-1]}, rising "
            f"and falling in between.",
            f"Highest: {shown[high]} in {years[high]}; lowest: {shown[low]} in {years[low]}.",
        ]
    parts = []
    for number, (sign, first, last) in enumerate(runs):
        if sign == 0:
            parts.append(f"stayed at {shown[last]} from {years[first]} to {years[last]}")
        else:
            start = f" from {shown[first]} in {years[first]}" if number == 0 else ""
            parts.append(f"{verbs[sign]}{start} to {shown[last]} in {years[last]}")
    return [f"{name} " + ", then ".join(parts) + "."]


def describe_lines(
    data: pd.DataFrame, *, x: str, series: str, value: str, unit: str, decimals: int
) -> str:
    """The point of a line chart over years: the shape of the first series (the LA) from its
    first year to its last, every rise and fall said; where it ends against England; and the
    change on the year before."""
    order = list(dict.fromkeys(data[series]))
    lead = data[data[series] == order[0]]
    years, values = list(lead[x]), [float(v) for v in lead[value]]
    sentences = _shape(order[0], years, values, unit, decimals)
    if len(values) > 1:
        change = round(values[-1] - values[-2], decimals)
        said = format_value(change, change_unit(unit), decimals, signed=True)
        before = _value(values[-2], unit, decimals)
        sentences.append(
            f"On {years[-2]} ({before}): " + ("no change." if change == 0 else f"{said}.")
        )
    if BENCHMARK in order[1:]:
        england = data[(data[series] == BENCHMARK) & (data[x] == years[-1])][value]
        if not england.empty:
            where = _against(values[-1], float(england.iloc[0]), decimals)
            sentences.insert(
                1,
                f"That is {where} England ({_value(float(england.iloc[0]), unit, decimals)}).",
            )
    return _fit(sentences)


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
) -> Figure:
    """Horizontal bars, each labelled with its value: one group per ``category``, one bar per
    ``series`` (``series`` may be ``category``: one bar per group). ``panel`` names a column of
    measures: each gets a panel of its own, headed by its name, with its own axis."""
    import altair as alt

    columns = list(dict.fromkeys([category, series, value, *([panel] if panel else [])]))
    data = frame[columns].dropna().copy()
    data["__label"] = [_value(v, unit, decimals) for v in data[value]]
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
    # a bar's thickness: the text beside it, with room (scaled with the text in _sized); with
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
) -> Figure:
    """A line per ``series`` across the ordered ``x`` values (years): every value of the first
    series (the LA) labelled, and the last of each other at its end."""
    import altair as alt

    data = frame[[x, series, value]].dropna().copy()
    data["__label"] = [_value(v, unit, decimals) for v in data[value]]
    order = list(dict.fromkeys(data[series]))
    years = list(dict.fromkeys(data[x]))
    legend = _legend(order)
    # one domain for both channels, so their legends merge into one (each channel's own sort
    # would give two)
    domain = alt.Scale(domain=order)
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:O", title=None, sort=years, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{value}:Q", title=title),
        color=alt.Color(f"{series}:N", scale=domain, title=None, **legend),
    )
    lines = base.mark_line(point=True).encode(
        strokeDash=alt.StrokeDash(f"{series}:N", scale=domain, title=None, **legend)
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
    alt_text = describe_lines(data, x=x, series=series, value=value, unit=unit, decimals=decimals)
    return Figure(id, caption, alt_text, _theme(chart), synthetic)
