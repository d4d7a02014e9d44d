"""The council's Quarto format extension (templates/_extensions/council)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docx import Document

EXTENSION = Path(__file__).resolve().parents[1] / "templates" / "_extensions" / "council"


def test_typst_show_passes_exactly_the_arguments_the_template_declares():
    template = (EXTENSION / "typst-template.typ").read_text(encoding="utf-8")
    show = (EXTENSION / "typst-show.typ").read_text(encoding="utf-8")
    signature = re.search(r"#let council-report\((.*?)\) = \{", template, re.S).group(1)
    declared = set(re.findall(r"^\s*([a-z-]+):", signature, re.M)) | {"body"}
    passed = set(re.findall(r"^\s*([a-z-]+):", show, re.M))
    assert passed - declared == set()
    assert declared - passed == {"body"}  # the document itself is passed positionally


def test_extension_files_exist_and_nothing_is_remote():
    spec = yaml.safe_load((EXTENSION / "_extension.yml").read_text(encoding="utf-8"))
    formats = spec["contributes"]["formats"]
    assert (EXTENSION / formats["html"]["css"]).is_file()
    assert (EXTENSION / formats["docx"]["reference-doc"]).is_file()
    for partial in formats["typst"]["template-partials"]:
        assert (EXTENSION / partial).is_file()
    for name in formats["common"]["filters"]:
        assert (EXTENSION / name).is_file()
    css = (EXTENSION / "council.css").read_text(encoding="utf-8")
    assert "@import" not in css and "http" not in css


def test_reference_docx_carries_the_house_style():
    styles = Document(EXTENSION / "reference.docx").styles
    assert styles["Heading 1"].font.name == "Arial"
    assert str(styles["Heading 1"].font.color.rgb) == "12436D"
