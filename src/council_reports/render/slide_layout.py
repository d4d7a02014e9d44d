"""Where the parts of a slide with a chart go. pandoc places the points in the layout's band of a
fixed height (three points run over into the chart) and sizes the chart to the rest of the
layout's room whatever its text becomes. Here the points' band is as tall as their text (set in
the bundled fonts by typst, as PowerPoint and LibreOffice set it in Arial, which has the same
widths), the chart goes below it as large as the room under it allows but never larger than it
was drawn (so its text stays the size it was drawn for: charts.SLIDE_TEXT px at 96 to the inch),
and its caption right under the chart. Nothing overlaps; a slide without a chart is left as it is.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..templates import PNG_PPI, typesetter

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "r": R}
EMU_PER_INCH = 914400
EMU_PER_POINT = 12700
# reference.pptx's text (templates/tools/make_reference_pptx.py), where its layout does not say:
# 20 pt, in a box with 0.1 inch of room at either side and 0.05 above and below, a point's text
# 0.375 inch in from its bullet
TEXT_SIZE = 20
SIDE_INSET = 91440
END_INSET = 45720
BULLET_INDENT = 342900
# lines of text are this many times its size apart (Arial's single spacing), a paragraph this
# many lines below the one before (reference.pptx's 20%), and this much more is kept for a
# word processor's rounding
LINE = 1.2
PARAGRAPH = 0.2
SPARE = 0.05
# the room between the points and the chart, between the chart and its caption, and under the
# caption at the slide's foot
GAP = 54864
FOOT = 91440


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.y + self.height


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def text_height(
    paragraphs: list[str], width: int, size: float, templates: Path, *, indent: int = 0
) -> int:
    """How tall ``paragraphs`` stand at ``size`` pt in a text box ``width`` EMU wide, in EMU, as
    PowerPoint and LibreOffice set them: their lines (counted by typst, in Liberation Sans; the
    text is passed as data, never as markup) LINE apart, 20% of a line before each paragraph."""
    if not paragraphs:
        return 0
    count = (  # each line exactly 1 em tall and nothing between: the height is the lines
        f"#set page(width: {(width - 2 * SIDE_INSET - indent) / EMU_PER_POINT}pt, height: auto,"
        " margin: 0pt)\n"
        f'#set text(font: "Liberation Sans", size: {size}pt, top-edge: 1em, bottom-edge: 0em)\n'
        "#set par(leading: 0em, spacing: 0em)\n"
        "#for text in json(bytes(sys.inputs.paragraphs)) [#par(text)]\n"
    )
    svg = typesetter(templates).compile(
        count.encode(), format="svg", sys_inputs={"paragraphs": json.dumps(paragraphs)}
    )
    lines = round(float(re.search(rb'height="([\d.]+)pt"', svg).group(1)) / size)
    points = (lines + PARAGRAPH * len(paragraphs)) * LINE * size * (1 + SPARE)
    return round(points * EMU_PER_POINT) + 2 * END_INSET


def _paragraphs(shape: etree._Element) -> list[str]:
    return [
        "".join(t.text or "" for t in paragraph.iter(f"{{{A}}}t"))
        for paragraph in shape.iterfind("p:txBody/a:p", NS)
    ]


def _placeholder(shape: etree._Element) -> tuple[str, str] | None:
    found = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
    return None if found is None else (found.get("type", "body"), found.get("idx", "0"))


def _place(shape: etree._Element, box: Box) -> None:
    """Put ``shape`` (a text box or a picture) at ``box``, in place of where pandoc or the
    layout put it."""
    properties = shape.find("p:spPr", NS)
    transform = properties.find("a:xfrm", NS)
    if transform is None:
        transform = etree.Element(f"{{{A}}}xfrm")
        properties.insert(0, transform)
    for child in list(transform):
        transform.remove(child)
    etree.SubElement(transform, f"{{{A}}}off", x=str(box.x), y=str(box.y))
    etree.SubElement(transform, f"{{{A}}}ext", cx=str(box.width), cy=str(box.height))


def lay_out(
    root: etree._Element,
    band: Box,
    slide_height: int,
    pictures: dict[str, tuple[int, int]],
    sizes: dict[str, float],
    templates: Path,
) -> None:
    """Place the points, the chart and its caption of a slide (``root``) that has one chart:
    ``band`` is the layout's place for the points (its top, left and width are kept),
    ``pictures`` each picture's size in pixels by its relationship id, ``sizes`` the layout's
    text size in points by placeholder (the points are placeholder 2, the caption 1)."""
    charts = list(root.iter(f"{{{P}}}pic"))
    if len(charts) != 1:
        return
    chart = charts[0]
    shapes = list(root.iter(f"{{{P}}}sp"))
    points = next((s for s in shapes if _placeholder(s) == ("body", "2")), None)
    caption = next(
        (s for s in shapes if s.find("p:nvSpPr/p:cNvSpPr[@txBox='1']", NS) is not None), None
    )
    top = band.y
    if points is not None:
        size = sizes.get("2", TEXT_SIZE)
        height = text_height(_paragraphs(points), band.width, size, templates, indent=BULLET_INDENT)
        _place(points, Box(band.x, band.y, band.width, height))
        top = band.y + height + GAP
    caption_height = 0
    if caption is not None:
        caption_height = text_height(
            _paragraphs(caption), band.width, sizes.get("1", TEXT_SIZE), templates
        )
    room = slide_height - FOOT - caption_height - GAP - top
    blip = chart.find("p:blipFill/a:blip", NS).get(f"{{{R}}}embed")
    pixels = pictures[blip]
    natural = [round(size / PNG_PPI * EMU_PER_INCH) for size in pixels]
    scale = min(1, band.width / natural[0], room / natural[1])
    width, height = round(natural[0] * scale), round(natural[1] * scale)
    picture = Box(band.x + (band.width - width) // 2, top, width, height)
    _place(chart, picture)
    if caption is not None:
        _place(caption, Box(band.x, picture.bottom + GAP, band.width, caption_height))
