"""The council's Quarto format extension (templates/_extensions/council), the tool that makes its
reference.docx, and the project's _quarto.yml."""

from __future__ import annotations

import importlib.util
import io
import re
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
    for name in ("council.css", "council.lua", "typst-template.typ", "template.typ"):
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


def test_reference_docx_is_what_the_tool_makes_byte_for_byte(tmp_path):
    path = ROOT / "templates" / "tools" / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    document = tool.pandoc_reference()
    tool.restyle(document)
    tool.save_reproducibly(document, tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == (EXTENSION / "reference.docx").read_bytes()
    assert Document(io.BytesIO((tmp_path / "reference.docx").read_bytes())).styles


def test_quarto_project_renders_only_the_examples_in_the_council_formats():
    project = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert project["project"]["type"] == "default"
    for document in project["project"]["render"]:
        assert (ROOT / document).is_file() and document.startswith("templates/example/")
    bases = set(extension_formats()) - {"common"}
    assert {name.removeprefix("council-") for name in project["format"]} <= bases
