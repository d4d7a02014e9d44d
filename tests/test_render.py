"""The renderers (render/): the pandoc + typst fallback for real, the quarto command line."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from council_reports.errors import ParameterError, RenderError
from council_reports.render import get_renderer
from council_reports.render.pandoc_typst import PandocTypstRenderer
from council_reports.render.quarto import QuartoRenderer

EXAMPLE = Path(__file__).resolve().parents[1] / "templates" / "example"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "doc")
    return tmp_path / "doc" / "example.qmd"


@pytest.mark.slow
def test_fallback_renders_every_format_with_alt_text_and_tables(example):
    outputs = PandocTypstRenderer().render(
        example, ["html", "docx", "pdf"], example.parent, timestamp=1760313600
    )
    html = outputs["html"].read_text(encoding="utf-8")
    assert 'lang="en-GB"' in html
    assert 'alt="Bar chart of persistent absence' in html
    assert "<td>18.3%</td>" in html or ">18.3%<" in html
    assert "Contains synthetic data." in html
    assert 'src="http' not in html and 'href="http' not in html
    document = Document(outputs["docx"])
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "18.3%" in cells
    xml = (outputs["docx"]).read_bytes()
    import zipfile

    body = zipfile.ZipFile(outputs["docx"]).read("word/document.xml").decode()
    assert 'descr="Bar chart of persistent absence' in body
    assert xml[:2] == b"PK"
    pdf = PdfReader(outputs["pdf"])
    assert pdf.metadata.title == "Example council report"
    assert "18.3%" in "".join(page.extract_text() for page in pdf.pages)


@pytest.mark.slow
def test_fallback_is_byte_identical_run_to_run(example, tmp_path):
    def digests() -> dict[str, str]:
        outputs = PandocTypstRenderer().render(
            example, ["html", "docx", "pdf"], example.parent, timestamp=1760313600
        )
        return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in outputs.items()}

    assert digests() == digests()


def test_quarto_command_line(example):
    renderer = QuartoRenderer()
    assert renderer.command(example, "html") == [
        "quarto",
        "render",
        "example.qmd",
        "--to",
        "council-html",
        "--output",
        "example.html",
    ]
    assert renderer.command(example, "pdf") == [
        "quarto",
        "render",
        "example.qmd",
        "--to",
        "council-typst",
        "--output",
        "example.pdf",
    ]
    assert renderer.command(example, "docx")[4] == "council-docx"
    assert renderer.command(example, "pptx")[4:] == ["council-pptx", "--output", "example.pptx"]


def test_quarto_render_runs_the_commands_beside_the_extension(example, monkeypatch):
    calls = []

    def fake_run(command, cwd, **kwargs):
        calls.append((command, Path(cwd), kwargs["env"]["SOURCE_DATE_EPOCH"]))
        assert (Path(cwd) / "_extensions" / "council" / "_extension.yml").is_file()
        (Path(cwd) / command[-1]).write_text("output")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    outputs = QuartoRenderer().render(example, ["html", "pdf"], example.parent, timestamp=42)
    assert [c[0][4] for c in calls] == ["council-html", "council-typst"]
    assert {c[2] for c in calls} == {"42"}
    assert outputs["pdf"].name == "example.pdf"
    assert not (example.parent / "_extensions").exists()


def test_quarto_failure_is_one_line(example, monkeypatch):
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **kw: subprocess.CompletedProcess(
            command, 1, "", "\nERROR: bad yaml\nmore"
        ),
    )
    with pytest.raises(RenderError, match="quarto render failed: ERROR: bad yaml"):
        QuartoRenderer().render(example, ["html"], example.parent, timestamp=0)


def test_renderer_selection(monkeypatch):
    monkeypatch.delenv("COUNCIL_REPORTS_RENDERER", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert get_renderer().name == "pandoc-typst"
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/quarto")
    assert get_renderer().name == "quarto"
    monkeypatch.setenv("COUNCIL_REPORTS_RENDERER", "pandoc-typst")
    assert get_renderer().name == "pandoc-typst"
    with pytest.raises(ParameterError, match=r"unknown renderer 'word'.*pandoc-typst, quarto"):
        get_renderer("word")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="'quarto' is not available"):
        get_renderer("quarto")
