"""Make templates/_extensions/council/reference.pptx: pandoc's reference presentation in the
council's look. Arial throughout; titles in council blue, left-aligned, under a council-blue
rule; the council's name top right, in a shape named "Council logo" where the council's logo
image goes; the Government Analysis Function palette as the theme's accent colours; body text
at 20 pt or more, so it reads from the back of a room; and a "Content with Caption" layout
(pandoc's for a slide with points and a chart) that puts the points in a band under the title
and gives the chart the full width below, its caption at 18 pt (render/slide_layout.py then
fits the band to the points). Run it after changing the look; the result is committed and
byte-identical run to run.

    .venv/bin/python templates/tools/make_reference_pptx.py
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pypandoc
from lxml import etree

OUT = Path(__file__).resolve().parents[1] / "_extensions" / "council" / "reference.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
COUNCIL = "Bath & North East Somerset Council"
BLUE = "12436D"
TEXT = "0B0C0C"
LINK = "1D70B8"
# afcharts' categorical palette, as the charts use it (present/charts.py)
ACCENTS = ("12436D", "28A197", "801650", "F46A25", "3D3D3D", "A285D1")
FONT = "Arial"
# Geometry in EMU on pandoc's 16:9 slide (9,144,000 x 5,143,500).
MARGIN = 457200
WIDTH = 9144000 - 2 * MARGIN
TITLE = (MARGIN, 190500, 6400800, 700000)
RULE = (MARGIN, 920000, WIDTH, 27432)
LOGO = (7010400, 228600, 9144000 - MARGIN - 7010400, 620000)
BODY = (MARGIN, 1050000, WIDTH, 3550000)
POINTS = (MARGIN, 1000000, WIDTH, 950000)  # Content with Caption: the points
CHART = (MARGIN, 1950000, WIDTH, 2700000)  # ... and the chart below them


def pandoc_reference() -> dict[str, bytes]:
    data = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.pptx"],
        check=True,
        capture_output=True,
    ).stdout
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def a(name: str) -> str:
    return f"{{{A}}}{name}"


def xfrm(shape: etree._Element, box: tuple[int, int, int, int]) -> None:
    """Place a shape at ``box`` (x, y, width, height)."""
    properties = shape.find("p:spPr", NS)
    for old in properties.findall("a:xfrm", NS):
        properties.remove(old)
    transform = etree.Element(a("xfrm"))
    etree.SubElement(transform, a("off"), x=str(box[0]), y=str(box[1]))
    etree.SubElement(transform, a("ext"), cx=str(box[2]), cy=str(box[3]))
    properties.insert(0, transform)


def solid(colour: str) -> etree._Element:
    fill = etree.Element(a("solidFill"))
    etree.SubElement(fill, a("srgbClr"), val=colour)
    return fill


def theme(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", COUNCIL)
    colours = {"dk2": BLUE, "hlink": LINK, "folHlink": "4C2C92"}
    colours |= {f"accent{i}": colour for i, colour in enumerate(ACCENTS, start=1)}
    for name, colour in colours.items():
        slot = scheme.find(f"a:{name}", NS)
        slot.clear()
        etree.SubElement(slot, a("srgbClr"), val=colour)
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", NS):
        latin.set("typeface", FONT)
    root.find(".//a:fontScheme", NS).set("name", COUNCIL)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def text_box(shape_id: int, name: str, box: tuple[int, int, int, int], text: str) -> etree._Element:
    """A text box in the master: the council's name, where its logo goes."""
    shape = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square" anchor="ctr" rtlCol="0"><a:normAutofit/></a:bodyPr>'
        '<a:lstStyle/><a:p><a:pPr algn="r"/><a:r><a:rPr lang="en-GB" sz="1400" b="1">'
        f'<a:solidFill><a:srgbClr val="{BLUE}"/></a:solidFill><a:latin typeface="{FONT}"/>'
        f"</a:rPr><a:t></a:t></a:r></a:p></p:txBody></p:sp>"
    )
    shape.find(".//a:t", NS).text = text
    xfrm(shape, box)
    return shape


def rule(shape_id: int, box: tuple[int, int, int, int]) -> etree._Element:
    shape = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="Council rule"'
        ' descr=""/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{BLUE}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
        "</p:sp>"
    )
    xfrm(shape, box)
    return shape


def master(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    tree = root.find("p:cSld/p:spTree", NS)
    for shape in tree.findall("p:sp", NS):
        placeholder = shape.find(".//p:ph", NS)
        if placeholder.get("type") == "title":
            xfrm(shape, TITLE)
            shape.find("p:txBody/a:bodyPr", NS).set("anchor", "b")
        elif placeholder.get("type") == "body":
            xfrm(shape, BODY)
    ids = [int(e.get("id")) for e in root.iter(f"{{{P}}}cNvPr")]
    tree.append(rule(max(ids) + 1, RULE))
    tree.append(text_box(max(ids) + 2, "Council logo", LOGO, COUNCIL))
    title = root.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    title_run = title.find("a:defRPr", NS)
    title_run.set("sz", "2800")
    title_run.set("b", "1")
    title_run.replace(title_run.find("a:solidFill", NS), solid(BLUE))
    for level in range(1, 10):  # 20 pt points, 18 pt below them
        style = root.find(f"p:txStyles/p:bodyStyle/a:lvl{level}pPr/a:defRPr", NS)
        style.set("sz", "2000" if level == 1 else "1800")
        style.replace(style.find("a:solidFill", NS), solid(TEXT))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def content_with_caption(xml: bytes) -> bytes:
    """Pandoc's layout for points beside a picture: points in a band, the chart full width."""
    root = etree.fromstring(xml)
    for shape in root.find("p:cSld/p:spTree", NS).findall("p:sp", NS):
        placeholder = shape.find(".//p:ph", NS)
        kind, index = placeholder.get("type"), placeholder.get("idx")
        if kind == "title":
            xfrm(shape, TITLE)
            shape.find("p:txBody/a:lstStyle", NS).clear()  # the master's title style
            shape.find("p:txBody/a:bodyPr", NS).set("anchor", "b")
        elif kind == "body" and index == "2":
            xfrm(shape, POINTS)
            body = shape.find("p:txBody/a:lstStyle", NS)
            body.clear()
            level = etree.SubElement(body, a("lvl1pPr"), marL="342900", indent="-342900")
            etree.SubElement(level, a("buFont"), typeface="Arial")
            etree.SubElement(level, a("buChar"), char="•")
            etree.SubElement(level, a("defRPr"), sz="2000")
        elif index == "1":  # the chart, and its caption (pandoc's caption takes this style)
            xfrm(shape, CHART)
            caption = shape.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
            caption.set("sz", "1800")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def layout_name(xml: bytes) -> str:
    return etree.fromstring(xml).find("p:cSld", NS).get("name")


def build() -> bytes:
    parts = pandoc_reference()
    parts["ppt/theme/theme1.xml"] = theme(parts["ppt/theme/theme1.xml"])
    parts["ppt/slideMasters/slideMaster1.xml"] = master(parts["ppt/slideMasters/slideMaster1.xml"])
    for name, xml in parts.items():
        layout = name.startswith("ppt/slideLayouts/slideLayout") and name.endswith(".xml")
        if layout and layout_name(xml) == "Content with Caption":
            parts[name] = content_with_caption(xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return buffer.getvalue()


def main() -> None:
    OUT.write_bytes(build())


if __name__ == "__main__":
    main()
