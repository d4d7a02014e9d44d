"""Finishing touches to the Word and PowerPoint files either renderer writes: what pandoc's (and
Quarto's) writers cannot express, applied to the file afterwards.

Word: table rows that do not split across pages, the last rows kept with the notes under the
table, cell text in the "Table Text" style, rated cells filled (the "RAG ..." character style
council.lua gives their text carries the fill, from reference.docx), headings kept with what
follows them, a table of contents that shows its entries when the file is opened (pandoc leaves
the field empty) and that Word is told to update on opening (adding page numbers), and every
picture described by its alt text (pandoc gives the inner picture its file path). PowerPoint: a
picture's description is its alt text only (pandoc appends the image's path), every picture has
an id of its own, a slide with one chart is laid out from its text's measured height, and a
table's text is set at a size read from the back of a room. Both: the document's properties
dated from the build's date (pandoc writes 1 January 1970).

The zip is rewritten entry by entry with the same names, order and timestamps, so a
reproducible input stays reproducible.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from lxml import etree

from .slide_layout import Box, lay_out, png_size

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {
    "w": W,
    "p": P,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "dcterms": "http://purl.org/dc/terms/",
}
CORE = "docProps/core.xml"
# A table this short (body rows) is kept on one page as a whole; a longer one only keeps its
# last rows with the notes under it.
SHORT_TABLE = 15
KEPT_LAST_ROWS = 2
# The paragraph after a heading is kept whole (so the heading always goes with it) when it is no
# longer than this, in characters: LibreOffice strands a heading whose next paragraph would split.
KEPT_PARAGRAPH = 700
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def finish(path: Path, *, timestamp: int, templates: Path) -> None:
    """Finish a .docx or .pptx in place, dated ``timestamp`` (seconds since the epoch), a slide's
    text measured in the fonts of the format extension under ``templates``; any other file (or
    one that is not a zip package, such as a stand-in renderer's) is left as it is."""
    if not zipfile.is_zipfile(path):
        return
    dated = {CORE: lambda xml: _dated(xml, timestamp)}
    if path.suffix == ".docx":
        styles = etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
        fills = _character_fills(styles)
        _rewrite(
            path,
            dated
            | {
                "word/document.xml": lambda xml: finish_document(xml, fills),
                "word/settings.xml": _update_fields_on_opening,
            },
        )
    elif path.suffix == ".pptx":
        with zipfile.ZipFile(path) as package:
            edits = {name: _slide_finisher(package, name, templates) for name in _slides(path)}
        _rewrite(path, dated | edits)


def _dated(xml: bytes, timestamp: int) -> bytes:
    """The package's creation and modification dates set to ``timestamp``."""
    root = etree.fromstring(xml)
    when = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        for element in root.iterfind(f"dcterms:{name}", NS):
            element.text = when
    return _serialise(root)


def _slides(path: Path) -> list[str]:
    return [
        name
        for name in zipfile.ZipFile(path).namelist()
        if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)
    ]


def _rewrite(path: Path, edits: dict[str, Callable[[bytes], bytes]]) -> None:
    with zipfile.ZipFile(path) as source:
        entries = [(item, source.read(item.filename)) for item in source.infolist()]
    partial = path.with_name(f".{path.name}.partial")
    with zipfile.ZipFile(partial, "w") as target:
        for item, data in entries:
            edit = edits.get(item.filename)
            target.writestr(item, edit(data) if edit else data)
    partial.replace(path)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Word -----------------------------------------------------------------------------------------


def _character_fills(styles: etree._Element) -> dict[str, str]:
    """Character styles that carry a fill (the "RAG ..." styles): style id -> fill colour."""
    fills = {}
    for style in styles.iterfind("w:style[@w:type='character']", NS):
        shading = style.find("w:rPr/w:shd", NS)
        if shading is not None and shading.get(_w("fill")):
            fills[style.get(_w("styleId"))] = shading.get(_w("fill"))
    return fills


def _child(parent: etree._Element, name: str) -> etree._Element:
    """``parent``'s child ``w:name``, made as its first child when missing (where the schema
    puts every properties element this module adds)."""
    found = parent.find(f"w:{name}", NS)
    if found is None:
        found = etree.Element(_w(name))
        parent.insert(0, found)
    return found


def _set(properties: etree._Element, name: str, before: tuple[str, ...] = ()) -> None:
    """Switch on ``w:name`` in a properties element, ahead of the elements the schema puts
    after it (``before``)."""
    if properties.find(f"w:{name}", NS) is None:
        _insert(properties, etree.Element(_w(name)), before)


def _insert(properties: etree._Element, element: etree._Element, before: tuple[str, ...]) -> None:
    """Add ``element`` ahead of the first of the elements the schema puts after it
    (``before``), or last."""
    for later in before:
        found = properties.find(f"w:{later}", NS)
        if found is not None:
            found.addprevious(element)
            return
    properties.append(element)


# what follows w:keepNext in w:pPr, and w:cantSplit in w:trPr (ECMA-376 order)
_AFTER_KEEP_NEXT = (
    *("keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers"),
    *("pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct"),
    *("topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid"),
    *("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc"),
    *("textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle"),
    *("rPr", "sectPr", "pPrChange"),
)
_AFTER_CANT_SPLIT = ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")


def finish_document(xml: bytes, fills: dict[str, str]) -> bytes:
    root = etree.fromstring(xml)
    width = _text_width(root)
    for table in root.iter(_w("tbl")):
        _fit_grid(table, width)
        _finish_table(table, fills)
    _keep_headings(root)
    _describe_pictures(root)
    _fill_contents(root)
    return _serialise(root)


def _keep_headings(root: etree._Element) -> None:
    """Each heading kept with the paragraph after it, and that paragraph kept whole when it is
    short: LibreOffice leaves a heading at the foot of a page, keep-with-next or not, when the
    paragraph after it would be split across the page break."""
    paragraphs = [e for e in root.find("w:body", NS) if e.tag in (_w("p"), _w("tbl"))]
    for heading, following in pairwise(paragraphs):
        style = heading.find("w:pPr/w:pStyle", NS)
        if style is None or not re.fullmatch(r"Heading\d", style.get(_w("val"), "")):
            continue
        _set(_child(heading, "pPr"), "keepNext", _AFTER_KEEP_NEXT)
        text = "".join(t.text or "" for t in following.iter(_w("t")))
        if following.tag == _w("p") and len(text) <= KEPT_PARAGRAPH:
            _set(_child(following, "pPr"), "keepLines", _AFTER_KEEP_NEXT[1:])


def _describe_pictures(root: etree._Element) -> None:
    """Every picture described by its alt text: pandoc puts the alt text on the drawing and the
    image's file path on the picture inside it, which some readers announce instead."""
    for drawing in root.iter(f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"):
        outer = drawing.find("wp:docPr", NS)
        for inner in drawing.iter(f"{{{NS['pic']}}}cNvPr"):
            inner.set("descr", outer.get("descr", "") if outer is not None else "")


def _text_width(root: etree._Element) -> int:
    """The page's text width in twips (A4 less 2 cm margins unless the section says)."""
    section = root.find("w:body/w:sectPr", NS)
    size = section.find("w:pgSz", NS) if section is not None else None
    margins = section.find("w:pgMar", NS) if section is not None else None
    page = int(size.get(_w("w"))) if size is not None else 11906
    if margins is None:
        return page - 2 * 1134
    return page - int(margins.get(_w("left"), 1134)) - int(margins.get(_w("right"), 1134))


def _fit_grid(table: etree._Element, width: int) -> None:
    """Scale the column grid to the table's width on this page: pandoc sizes it for a 5.5-inch
    text width, and word processors that lay out by the grid (LibreOffice) would otherwise
    squeeze every column and break words."""
    columns = table.findall("w:tblGrid/w:gridCol", NS)
    total = sum(int(column.get(_w("w"), "0")) for column in columns)
    share = table.find("w:tblPr/w:tblW", NS)
    if not total or share is None or share.get(_w("type")) != "pct":
        return
    target = width * int(share.get(_w("w"))) / 5000
    for column in columns:
        column.set(_w("w"), str(round(int(column.get(_w("w"))) * target / total)))


def _finish_table(table: etree._Element, fills: dict[str, str]) -> None:
    rows = table.findall("w:tr", NS)
    header = [row for row in rows if row.find("w:trPr/w:tblHeader", NS) is not None]
    short = len(rows) - len(header) <= SHORT_TABLE
    for number, row in enumerate(rows, start=1):
        _set(_child(row, "trPr"), "cantSplit", _AFTER_CANT_SPLIT)
        keep = (short and number < len(rows)) or number > len(rows) - KEPT_LAST_ROWS
        for paragraph in row.iterfind("w:tc/w:p", NS):
            properties = _child(paragraph, "pPr")
            style = _child(properties, "pStyle")
            if style.get(_w("val"), "Compact") == "Compact":
                style.set(_w("val"), "TableText")
            if keep:  # the rows stay with what follows: the next row, or the table's notes
                _set(properties, "keepNext", _AFTER_KEEP_NEXT)
        for cell in row.iterfind("w:tc", NS):
            styles = {s.get(_w("val")) for s in cell.iterfind(".//w:rPr/w:rStyle", NS)}
            fill = next((fills[s] for s in sorted(styles) if s in fills), None)
            if fill:
                _shade(cell, fill)


def _shade(cell: etree._Element, fill: str) -> None:
    properties = _child(cell, "tcPr")
    for old in properties.findall("w:shd", NS):
        properties.remove(old)
    shading = etree.Element(_w("shd"), {_w("val"): "clear", _w("color"): "auto", _w("fill"): fill})
    # w:shd comes after tcW, gridSpan, vMerge/hMerge and tcBorders, before noWrap and the rest
    later = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
    _insert(properties, shading, later)


def _contents_levels(instruction: str) -> int:
    found = re.search(r'\\o\s+"1-(\d)"', instruction)
    return int(found.group(1)) if found else 3


def _fill_contents(root: etree._Element) -> None:
    """Write the entries of the table of contents into its field, each a link to its heading, so
    the contents show without Word updating the field (page numbers come when it does)."""
    for block in root.iter(_w("sdt")):
        gallery = block.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS)
        if gallery is None or gallery.get(_w("val")) != "Table of Contents":
            continue
        instruction = block.find(".//w:instrText", NS)
        if instruction is None:
            continue
        field = instruction.getparent().getparent()  # the paragraph holding the field
        levels = _contents_levels(instruction.text or "")
        entries = _headings(root, levels)
        if not entries:
            continue
        for char in field.iter(_w("fldChar")):
            char.attrib.pop(_w("dirty"), None)
        end = next(c for c in field.iter(_w("fldChar")) if c.get(_w("fldCharType")) == "end")
        end_run = end.getparent()
        end_run.remove(end)
        closing = etree.Element(_w("r"))
        closing.append(end)
        paragraphs = [field] + [etree.Element(_w("p")) for _ in entries[1:]]
        for paragraph, (level, anchor, text) in zip(paragraphs, entries, strict=True):
            properties = _child(paragraph, "pPr")
            _child(properties, "pStyle").set(_w("val"), f"toc{level}")
            link = etree.SubElement(
                paragraph, _w("hyperlink"), {_w("anchor"): anchor, _w("history"): "1"}
            )
            run = etree.SubElement(link, _w("r"))
            etree.SubElement(run, _w("t"), {_XML_SPACE: "preserve"}).text = text
        paragraphs[-1].append(closing)
        for paragraph in reversed(paragraphs[1:]):
            field.addnext(paragraph)


def _headings(root: etree._Element, levels: int) -> list[tuple[int, str, str]]:
    """(level, bookmark, text) of each heading the contents list, in order."""
    body = root.find("w:body", NS)
    found = []
    bookmark = None
    for element in body:
        if element.tag == _w("bookmarkStart"):
            bookmark = element.get(_w("name"))
            continue
        if element.tag == _w("p"):
            style = element.find("w:pPr/w:pStyle", NS)
            match = re.fullmatch(r"Heading(\d)", style.get(_w("val")) if style is not None else "")
            if match and int(match.group(1)) <= levels and bookmark:
                text = "".join(t.text or "" for t in element.iter(_w("t")))
                found.append((int(match.group(1)), bookmark, text))
        if element.tag != _w("bookmarkEnd"):
            bookmark = None
    return found


# what follows w:updateFields in w:settings (ECMA-376 order)
_AFTER_UPDATE_FIELDS = (
    *("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr"),
    *("attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats"),
    *("doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown"),
    *("smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags"),
    *("decimalSymbol", "listSeparator"),
)


def _update_fields_on_opening(xml: bytes) -> bytes:
    """Word updates the document's fields when it opens it (after asking), so the contents get
    their page numbers: only Word's own pagination can give them. LibreOffice ignores the
    setting and shows the entries as they are."""
    root = etree.fromstring(xml)
    for element in root.findall("w:updateFields", NS):
        root.remove(element)
    _insert(root, etree.Element(_w("updateFields"), {_w("val"): "true"}), _AFTER_UPDATE_FIELDS)
    return _serialise(root)


# PowerPoint -----------------------------------------------------------------------------------


_IMAGE_PATH = re.compile(r"\s*figures/[\w-]+\.(?:png|svg)$")

# A table's text on a slide, in hundredths of a point: pandoc leaves it to the table style,
# which readers draw small; this reads from the back of a room and leaves a table of up to
# seven rows room below its slide's points; a table of FEW_ROWS or fewer is set larger, to
# fill its slide. Each column is at least as wide as its longest word, and shares what is left
# of the table's width by the length of its longest text (within these bounds, in letters), not
# equally as pandoc writes them.
TABLE_TEXT = 1800
FEW_ROWS, FEW_ROWS_TEXT = 4, 2000
COLUMN_CHARACTERS = (6, 40)
EMU = 914400  # to the inch
LETTER = 0.6  # a letter's width in ems, generously (Arial's average is about 0.45)
CELL_MARGINS = 2 * 91440  # a table cell's left and right margins, EMU (the default)


def _finish_slide_table(table: etree._Element) -> None:
    """A slide's table: its text at TABLE_TEXT (FEW_ROWS_TEXT when it has few rows), its
    columns as wide as their text needs."""
    ns = {"a": NS["a"]}
    size = FEW_ROWS_TEXT if len(table.findall("a:tr", ns)) <= FEW_ROWS else TABLE_TEXT
    for run in table.iterfind(".//a:r", ns):
        properties = run.find("a:rPr", ns)
        if properties is None:
            properties = etree.Element(f"{{{NS['a']}}}rPr")
            run.insert(0, properties)
        properties.set("sz", str(size))
    columns = table.findall("a:tblGrid/a:gridCol", ns)
    words = [1] * len(columns)  # each column's longest word, and its longest text, in letters
    texts = [COLUMN_CHARACTERS[0]] * len(columns)
    for row in table.iterfind("a:tr", ns):
        for index, cell in enumerate(row.iterfind("a:tc", ns)):
            text = "".join(cell.itertext())
            words[index] = max([words[index], *map(len, text.split())])
            texts[index] = max(texts[index], min(len(text), COLUMN_CHARACTERS[1]))
    width = sum(int(column.get("w", "0")) for column in columns)
    letter = size / 100 / 72 * EMU * LETTER  # a letter's width at the table's size
    least = [round(n * letter) + CELL_MARGINS for n in words]  # no word broken
    spare = max(width - sum(least), 0)
    more = [max(text - word, 0) for text, word in zip(texts, words, strict=True)]
    for column, floor, extra in zip(columns, least, more, strict=True):
        share = spare * extra // sum(more) if sum(more) else spare // len(columns)
        column.set("w", str(floor * width // sum(least) if sum(least) > width else floor + share))


def _slide_finisher(
    package: zipfile.ZipFile, name: str, templates: Path
) -> Callable[[bytes], bytes]:
    """``finish_slide`` for one slide of ``package``, with what laying it out needs: its
    layout's band for the points and text sizes, the slide's height and its pictures' sizes in
    pixels."""
    size = etree.fromstring(package.read("ppt/presentation.xml")).find("p:sldSz", NS)
    parts = related(package, name)
    layout = next(target for kind, target in parts.values() if kind == "slideLayout")
    layout = etree.fromstring(package.read(layout))
    band, sizes = _points_band(layout), _text_sizes(layout)
    pictures = {
        rid: png_size(package.read(target))
        for rid, (kind, target) in parts.items()
        if kind == "image" and target.endswith(".png")
    }

    def finish(xml: bytes) -> bytes:
        return finish_slide(
            xml,
            band=band,
            height=int(size.get("cy")),
            pictures=pictures,
            sizes=sizes,
            templates=templates,
        )

    return finish


def related(package: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (kind, the related part's name in the package)."""
    folder, file = posixpath.split(name)
    rels = etree.fromstring(package.read(posixpath.join(folder, "_rels", f"{file}.rels")))
    return {
        rel.get("Id"): (
            rel.get("Type").rsplit("/", 1)[1],
            posixpath.normpath(posixpath.join(folder, rel.get("Target"))),
        )
        for rel in rels
    }


def _points_band(layout: etree._Element) -> Box | None:
    """Where a layout puts a slide's points beside a chart: its placeholder 2 (reference.pptx's
    "Content with Caption"), if it has one."""
    for shape in layout.iter(f"{{{P}}}sp"):
        placeholder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        transform = shape.find("p:spPr/a:xfrm", NS)
        if placeholder is not None and placeholder.get("idx") == "2" and transform is not None:
            offset, extent = transform.find("a:off", NS), transform.find("a:ext", NS)
            x, y = int(offset.get("x")), int(offset.get("y"))
            return Box(x, y, int(extent.get("cx")), int(extent.get("cy")))
    return None


def _text_sizes(layout: etree._Element) -> dict[str, float]:
    """The size of a layout's text in points, by placeholder, where the layout sets it."""
    sizes = {}
    for shape in layout.iter(f"{{{P}}}sp"):
        placeholder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        size = shape.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
        if placeholder is not None and size is not None and size.get("sz"):
            sizes[placeholder.get("idx", "0")] = int(size.get("sz")) / 100
    return sizes


def finish_slide(
    xml: bytes,
    *,
    band: Box | None = None,
    height: int = 0,
    pictures: dict[str, tuple[int, int]] | None = None,
    sizes: dict[str, float] | None = None,
    templates: Path | None = None,
) -> bytes:
    """A slide with its pictures described by their alt text only, an id for every shape, and,
    when its layout has a band for points and the slide has one chart, laid out
    (``slide_layout``)."""
    root = etree.fromstring(xml)
    for table in root.iter(f"{{{NS['a']}}}tbl"):
        _finish_slide_table(table)
    for picture in root.iter(f"{{{P}}}pic"):
        described = picture.find("p:nvPicPr/p:cNvPr", NS)
        description = described.get("descr") if described is not None else None
        if description is not None:  # pandoc writes "<title>\n\n<path>": keep the alt text
            described.set("descr", _IMAGE_PATH.sub("", description))
    # every shape an id of its own (pandoc gives a picture 0 and its caption the group's 1)
    shapes = list(root.iter(f"{{{P}}}cNvPr"))
    next_id = max((int(shape.get("id", "0")) for shape in shapes), default=0) + 1
    seen: set[str] = set()
    for shape in shapes:
        if shape.get("id") in seen | {None, "0"}:
            shape.set("id", str(next_id))
            next_id += 1
        seen.add(shape.get("id"))
    if band is not None and pictures and templates is not None:
        lay_out(root, band, height, pictures, sizes or {}, templates)
    return _serialise(root)
