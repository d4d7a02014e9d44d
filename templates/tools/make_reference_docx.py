"""Make templates/_extensions/council/reference.docx: pandoc's reference document restyled in the
council's house style (Arial, dark blue headings, A4 margins, tables with a shaded header row,
a boxed "Callout" paragraph style, page numbers in the footer), with the styles council.lua and
render/office.py use: "Table Text" for table cells, "Table Notes" for the notes under them,
"RAG Red" ... "RAG Blue" for rated cells (the fill office.py moves to the cell) and
"TOC 1"/"TOC 2" for the contents it fills in. Sizes and spacing follow the
typst template, so Word and PDF run to about the same number of pages. Run it after changing
the style; the result is committed, so nothing is generated at render time, and it is
byte-identical run to run (fixed document dates and zip timestamps).

    .venv/bin/python templates/tools/make_reference_docx.py
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OUT = Path(__file__).resolve().parents[1] / "_extensions" / "council" / "reference.docx"
FONT = "Arial"
BLUE = RGBColor(0x12, 0x43, 0x6D)  # council blue: 10.2:1 on white
GREY = RGBColor(0x4B, 0x4B, 0x4B)  # 8.7:1 on white
LINK = RGBColor(0x1D, 0x70, 0xB8)  # 5.2:1 on white
HEADER_FILL = "E8EEF4"
CALLOUT_FILL = "EEF3F8"
SIZES = {"Title": 20, "Subtitle": 13, "Heading 1": 15, "Heading 2": 12.5, "Heading 3": 11}
TEXT_SIZE = 10.5  # the PDF's (typst-template.typ)
TABLE_SIZE = 8.5  # the PDF's; council.lua lays out Word tables for it
# RAG fills and their text colours: the same as council.css and typst-template.typ.
RAG = {
    "Red": ("D02717", "FFFFFF"),
    "Amber": ("D58000", "0B0C0C"),
    "Green": ("025328", "FFFFFF"),
    "Blue": ("062146", "FFFFFF"),
}
TEXT_STYLES = (
    "Normal",
    "Body Text",
    "First Paragraph",
    "Compact",
    "Caption",
    "Image Caption",
    "Table Caption",
    "Author",
    "Date",
    "Footnote Text",
    "TOC Heading",
)
FIXED_DATE = datetime(2025, 1, 1)


def pandoc_reference() -> Document:
    """pandoc's own reference.docx, the base every style is taken from."""
    data = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout
    return Document(io.BytesIO(data))


def restyle(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    # By name as pandoc's file spells them (python-docx's own lookup expects Word's lower-case
    # built-in names such as "caption").
    styles = {style.name: style for style in document.styles}
    for name in TEXT_STYLES:
        styles[name].font.name = FONT
    styles["Normal"].font.size = Pt(TEXT_SIZE)
    for name in ("Body Text", "First Paragraph"):
        spacing = styles[name].paragraph_format
        spacing.space_before, spacing.space_after = Pt(0), Pt(7)
    styles["TOC Heading"].font.color.rgb = BLUE
    for name, size in SIZES.items():
        font = styles[name].font
        font.name, font.size, font.color.rgb, font.bold = FONT, Pt(size), BLUE, True
    for name in ("Title", "Subtitle"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Author", "Date"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        styles[name].font.color.rgb = GREY
    for name in ("Table Caption", "Image Caption"):
        font = styles[name].font
        font.bold, font.italic, font.color.rgb = True, False, BLUE
    styles["Hyperlink"].font.color.rgb = LINK
    table_style(styles["Table"])
    table_text_style(document, styles["Compact"])
    table_notes_style(document, styles["Normal"])
    rag_styles(document)
    contents_styles(document, styles["Normal"])
    callout_style(document)
    page_number_footer(document)


def table_style(style: BaseStyle) -> None:
    """pandoc's "Table" style: light rules between rows, a shaded bold header row."""
    element = style.element
    for old in element.findall(f"{W}tblStylePr"):
        element.remove(old)
    margins = element.find(f"{W}tblPr/{W}tblCellMar")
    margins.addprevious(  # tblBorders comes before tblCellMar in the schema's order
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            '<w:insideH w:val="single" w:sz="4" w:color="B1B4B6"/>'
            '<w:bottom w:val="single" w:sz="4" w:color="B1B4B6"/>'
            "</w:tblBorders>"
        )
    )
    element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            "<w:rPr><w:b/></w:rPr>"
            '<w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="12" w:color="12436D"/>'
            f'</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
            '<w:vAlign w:val="bottom"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )
    style.font.size = Pt(10)


def table_text_style(document: Document, compact: BaseStyle) -> None:
    """ "Table Text": the paragraphs in table cells (pandoc writes them as "Compact", which tight
    lists use too), in the table's size, kept whole on a page."""
    style = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = compact
    style.font.name, style.font.size = FONT, Pt(TABLE_SIZE)
    spacing = style.paragraph_format
    spacing.space_before, spacing.space_after, spacing.keep_together = Pt(1.5), Pt(1.5), True


def table_notes_style(document: Document, normal: BaseStyle) -> None:
    """ "Table Notes": the notes and source under a table, small and grey."""
    style = document.styles.add_style("Table Notes", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = normal
    style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(8), GREY
    spacing = style.paragraph_format
    spacing.space_before, spacing.space_after = Pt(3), Pt(9)


def rag_styles(document: Document) -> None:
    """ "RAG Red" ... "RAG Blue": the text of a rated cell, on its fill (which render/office.py
    puts on the whole cell)."""
    for name, (fill, text) in RAG.items():
        style = document.styles.add_style(f"RAG {name}", WD_STYLE_TYPE.CHARACTER)
        style.font.bold, style.font.color.rgb = True, RGBColor.from_string(text)
        style.element.get_or_add_rPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
        )


def contents_styles(document: Document, normal: BaseStyle) -> None:
    """ "TOC 1" and "TOC 2" (Word's built-in "toc 1", "toc 2"): the entries of the contents."""
    for level in (1, 2):
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3)
        style.font.name = FONT


def callout_style(document: Document) -> None:
    """ "Callout": the paragraphs of a note or warning, boxed with a blue bar on the left."""
    style = document.styles.add_style("Callout", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = next(s for s in document.styles if s.name == "Body Text")
    style.font.name = FONT
    properties = style.element.get_or_add_pPr()
    properties.append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            '<w:left w:val="single" w:sz="24" w:space="8" w:color="12436D"/></w:pBdr>'
        )
    )
    properties.append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{CALLOUT_FILL}"/>')
    )
    style.paragraph_format.left_indent = Cm(0.3)  # python-docx puts w:ind after pBdr and shd


def page_number_footer(document: Document) -> None:
    """ "Page N of M" at the right of every page's footer."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Page ")
    field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.name, run.font.size, run.font.color.rgb = FONT, Pt(9), GREY


def field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run._r.append(
        parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>')
    )
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    run._r.append(parse_xml(f"<w:t {nsdecls('w')}>1</w:t>"))
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def save_reproducibly(document: Document, path: Path) -> None:
    """Save with fixed dates in the document and in the zip, so the bytes never change."""
    properties = document.core_properties
    properties.author = "Bath & North East Somerset Council"
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))


def main() -> None:
    document = pandoc_reference()
    restyle(document)
    save_reproducibly(document, OUT)


if __name__ == "__main__":
    main()
