"""The council's Quarto format extension (templates/_extensions/council), the tools that make its
reference.docx and reference.pptx, the RAG colours every format draws (and their contrasts), and
the project's _quarto.yml."""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
import zipfile
from pathlib import Path

import yaml
from docx import Document

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "templates" / "_extensions" / "council"
# The metadata keys the typst template honours (the same keys drive the Lua filter and the CSS).
METADATA = {
    "title",
    "subtitle",
    "author",
    "date",
    "council",
    "la-name",
    "period",
    "synthetic",
    "document-type",
    "lang",
    "region",
    "toc",
    "toc-title",
}


def extension_formats() -> dict:
    spec = yaml.safe_load((EXTENSION / "_extension.yml").read_text(encoding="utf-8"))
    return spec["contributes"]["formats"]


def test_typst_show_passes_exactly_the_arguments_the_template_declares():
    template = (EXTENSION / "typst-template.typ").read_text(encoding="utf-8")
    show = (EXTENSION / "typst-show.typ").read_text(encoding="utf-8")
    signature = re.search(r"#let council-report\((.*?)\) = \{", template, re.S).group(1)
    declared = set(re.findall(r"^\s*([a-z-]+):", signature, re.M)) | {"body"}
    passed = set(re.findall(r"^\s*([a-z-]+):", show, re.M))
    assert passed - declared == set()
    assert declared - passed == {"body"}  # the document itself is passed positionally
    # and each argument comes from the metadata key of the same name
    assert set(re.findall(r"\$if\(([a-z-]+)\)\$", show)) == passed == METADATA


def test_pandoc_main_template_includes_both_partials_once():
    template = (EXTENSION / "template.typ").read_text(encoding="utf-8")
    partials = extension_formats()["typst"]["template-partials"]
    assert [f"${name}()$" for name in partials] == re.findall(r"\$[a-z-]+\.typ\(\)\$", template)
    assert template.index("$typst-show.typ()$") < template.index("$body$")


def test_extension_files_exist_and_nothing_is_remote():
    formats = extension_formats()
    assert (EXTENSION / formats["html"]["css"]).is_file()
    assert formats["html"]["embed-resources"] is True
    assert formats["html"]["html-math-method"] == "plain"  # no MathJax from a CDN
    assert (EXTENSION / formats["docx"]["reference-doc"]).is_file()
    for partial in formats["typst"]["template-partials"]:
        assert (EXTENSION / partial).is_file()
    for name in formats["common"]["filters"]:
        assert (EXTENSION / name).is_file()
    assert formats["typst"]["pdf-standard"] == "ua-1"
    [fonts] = formats["typst"]["font-paths"]
    assert {p.name for p in (EXTENSION / fonts).glob("*.ttf")} == {
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    }
    assert (EXTENSION / fonts / "OFL.txt").is_file()
    assert (EXTENSION / formats["pptx"]["reference-doc"]).is_file()
    skip_link = (EXTENSION / formats["html"]["include-before-body"]).read_text(encoding="utf-8")
    assert 'href="#quarto-document-content"' in skip_link  # the id of Quarto's <main>
    assert formats["docx"]["shift-heading-level-by"] == -1  # ## sections are Heading 1 in Word
    for name in (
        "council.css",
        "council.lua",
        "typst-template.typ",
        "template.typ",
        "template.html",
    ):
        text = (EXTENSION / name).read_text(encoding="utf-8")
        assert "@import" not in text and "url(" not in text
        assert not re.search(r"https?://", text), name


def test_reference_docx_carries_the_house_style():
    document = Document(EXTENSION / "reference.docx")
    styles = {style.name: style for style in document.styles}
    assert styles["Heading 1"].font.name == "Arial"
    assert str(styles["Heading 1"].font.color.rgb) == "12436D"
    assert styles["Normal"].font.name == "Arial"
    table = styles["Table"].element.xml
    assert 'w:type="firstRow"' in table and 'w:fill="E8EEF4"' in table  # shaded header row
    assert 'w:fill="EEF3F8"' in styles["Callout"].element.xml
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 2.0
    assert "NUMPAGES" in section.footer._element.xml


def tool(name: str):
    path = ROOT / "templates" / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_docx_is_what_the_tool_makes_byte_for_byte(tmp_path):
    tool_module = tool("make_reference_docx")
    document = tool_module.pandoc_reference()
    tool_module.restyle(document)
    tool_module.save_reproducibly(document, tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == (EXTENSION / "reference.docx").read_bytes()
    assert Document(io.BytesIO((tmp_path / "reference.docx").read_bytes())).styles


def test_quarto_project_renders_only_the_examples_in_the_council_formats():
    project = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert project["project"]["type"] == "default"
    for document in project["project"]["render"]:
        assert (ROOT / document).is_file() and document.startswith("templates/example/")
    bases = set(extension_formats()) - {"common"}
    assert {name.removeprefix("council-") for name in project["format"]} <= bases


def test_reference_pptx_is_what_the_tool_makes_byte_for_byte():
    made = tool("make_reference_pptx").build()
    assert made == (EXTENSION / "reference.pptx").read_bytes()
    package = zipfile.ZipFile(io.BytesIO(made))
    master = package.read("ppt/slideMasters/slideMaster1.xml").decode()
    assert 'name="Council logo"' in master and "Bath &amp; North East Somerset Council" in master
    assert '<a:srgbClr val="12436D"/>' in master  # titles in council blue
    theme = package.read("ppt/theme/theme1.xml").decode()
    assert '<a:latin typeface="Arial"/>' in theme


# RAG fills: the same in every format's style file, and as distinct as four fills can be.
RAG_STATES = ("red", "amber", "green", "blue")


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of #rrggbb."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one) + 0.05, luminance(other) + 0.05), reverse=True)
    return lighter / darker


def css_rag() -> dict[str, tuple[str, str]]:
    css = (EXTENSION / "council.css").read_text(encoding="utf-8")
    found = re.findall(r"td\.rag-(\w+) \{ background: (#\w{6}); color: (#\w{6});", css)
    return {state: (fill.upper(), text.upper()) for state, fill, text in found}


def test_rag_colours_are_the_same_in_html_pdf_and_word():
    css = css_rag()
    assert set(css) == set(RAG_STATES)
    typst = (EXTENSION / "typst-template.typ").read_text(encoding="utf-8")
    for state, (fill, text) in css.items():
        row = re.search(rf"{state}: \(fill: rgb\(\"(#\w+)\"\), text: ([^)]+\)?)\)", typst)
        assert row and row.group(1).upper() == fill, state
        expected_text = "white" if text == "#FFFFFF" else f'rgb("{text}")'
        assert row.group(2).upper() == expected_text.upper(), state
        word = Document(EXTENSION / "reference.docx").styles[f"RAG {state.capitalize()}"]
        assert f'w:fill="{fill[1:]}"' in word.element.xml, state
        assert str(word.font.color.rgb) == text[1:], state


def test_rag_contrasts_are_the_best_four_fills_allow():
    """What docs/formats.md promises. Every fill is at least 3:1 against white (WCAG 1.4.11) and
    its text at least 4.5:1 on it (1.4.3). Four fills and white cannot all be 3:1 from each
    other (ratios multiply along the luminance scale, 21:1 from white to black), so the fills
    are spaced evenly in luminance: each pair at least 1.7:1, and amber/green and red/blue
    (non-neighbours) at least 3:1. The letter or word in the cell always carries the state."""
    css = css_rag()
    for state, (fill, text) in css.items():
        assert contrast(fill, "#FFFFFF") >= 3.0, state
        assert contrast(fill, text) >= 4.5, state
    pairs = {
        frozenset(p): contrast(css[p[0]][0], css[p[1]][0])
        for p in itertools.combinations(RAG_STATES, 2)
    }
    assert min(pairs.values()) >= 1.7
    assert pairs[frozenset(("amber", "green"))] >= 3.0
    assert pairs[frozenset(("red", "blue"))] >= 3.0
    assert pairs[frozenset(("amber", "blue"))] >= 5.0


def test_five_colours_cannot_all_be_three_to_one_apart():
    """The arithmetic behind the RAG compromise: white and four fills 3:1 apart in a row would
    span 3^4 = 81:1, and the whole scale from white to black is 21:1."""
    assert contrast("#FFFFFF", "#000000") < 3.0**4
