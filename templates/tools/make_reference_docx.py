"""Make templates/_extensions/council/reference.docx: pandoc's reference document restyled in
the council's house style (Arial, dark blue headings, A4 margins). Run it after changing the
style; the result is committed so nothing is generated at render time.

    .venv/bin/python templates/tools/make_reference_docx.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "_extensions" / "council" / "reference.docx"
BLUE = RGBColor(0x12, 0x43, 0x6D)
FONT = "Arial"
HEADINGS = {"Title": 22, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        default = Path(scratch) / "reference.docx"
        subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                "-o",
                str(default),
                "--print-default-data-file",
                "reference.docx",
            ],
            check=True,
        )
        document = Document(str(default))
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.2)
    styles = document.styles
    for name in (
        "Normal",
        "Body Text",
        "First Paragraph",
        "Compact",
        "Table",
        "Caption",
        "Image Caption",
        "Table Caption",
    ):
        if name in [s.name for s in styles]:
            styles[name].font.name = FONT
    styles["Normal"].font.size = Pt(11)
    for name, size in HEADINGS.items():
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLUE
        style.font.bold = True
    for name in ("Table Caption", "Image Caption"):
        styles[name].font.bold = True
        styles[name].font.italic = False
        styles[name].font.color.rgb = BLUE
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.core_properties.author = "Bath & North East Somerset Council"
    document.save(str(OUT))


if __name__ == "__main__":
    main()
