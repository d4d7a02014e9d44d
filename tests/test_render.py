"""The renderers (render/): the pandoc + typst fallback for real on the example documents (report,
cover report, slides), the finishing of Word and PowerPoint files, the exact quarto command
lines, and how a renderer is chosen. What real readers make of the outputs: test_readers.py."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from council_reports.errors import ParameterError, RenderError
from council_reports.render import first_error_line, get_renderer
from council_reports.render.pandoc_typst import PandocTypstRenderer
from council_reports.render.quarto import QuartoRenderer
from council_reports.templates import Extension
from tests.conftest import RAG_FILLS, TEMPLATES, painted

EXAMPLE = Path(__file__).resolve().parents[1] / "templates" / "example"
ALT = "Bath and North East Somerset 18.3%, below England (20.0%) and the South West (20.8%)."
TIMESTAMP = 1760313600  # 2025-10-13


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "doc")
    return tmp_path / "doc" / "example.qmd"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The example documents rendered once by the fallback: report and cover report in every
    format, the slides in PowerPoint."""
    folder = tmp_path_factory.mktemp("rendered") / "doc"
    shutil.copytree(EXAMPLE, folder)
    renderer = PandocTypstRenderer()
    outputs = {
        name: renderer.render(
            folder / f"{name}.qmd",
            ["html", "docx", "pdf"],
            folder,
            timestamp=TIMESTAMP,
            templates=TEMPLATES,
        )
        for name in ("example", "cover-report")
    }
    outputs["slides"] = renderer.render(
        folder / "slides.qmd", ["pptx"], folder, timestamp=TIMESTAMP, templates=TEMPLATES
    )
    return outputs


def pdf_alt_texts(reader: PdfReader) -> list[str]:
    """/Alt of every element in the PDF's structure tree (where screen readers find alt text)."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.slow
def test_fallback_html_is_one_offline_file_with_alt_text_tables_and_notices(rendered):
    html = rendered["example"]["html"].read_text(encoding="utf-8")
    assert 'lang="en-GB"' in html
    assert f'alt="{ALT}"' in html
    assert "<caption>Absence by area, 2023/24</caption>" in html
    # numbers right-aligned, as the pipe table's ---: asks
    assert '<td style="text-align: right;">18.3%</td>' in html
    assert "7,391,222" in html
    assert "Contains synthetic data." in html
    assert "<p><strong>Note</strong></p>" in html  # callout title in the fallback
    assert "<p><strong>Figures are provisional</strong></p>" in html
    assert 'id="fn1"' in html
    # nothing loaded from elsewhere: every src and href is inline or a fragment
    assert not re.findall(r'(?:src|href)="(?!data:|#)', html)
    cover = rendered["cover-report"]["html"].read_text(encoding="utf-8")
    assert 'class="cover-report"' in cover and 'id="TOC"' not in cover


@pytest.mark.slow
def test_fallback_html_has_landmarks_a_skip_link_and_tables_in_scroll_regions(rendered):
    html = rendered["example"]["html"].read_text(encoding="utf-8")
    body = html[html.index("<body>") :]
    assert body.index('<a class="skip-link" href="#main">') < body.index("<header")
    assert body.index('<nav id="TOC" aria-labelledby="toc-title">') < body.index('<main id="main"')
    assert body.index("</main>") > body.index('id="fn1"')  # footnotes are in the main landmark
    regions = re.findall(r'<div class="table-scroll"([^>]*)>\s*<table', html)
    assert len(regions) == 2
    assert all('role="region"' in r and 'tabindex="0"' in r for r in regions)
    assert 'aria-label="Training KPI ratings (targets)"' in regions[1]
    # rated cells carry their state as a class (council.css fills it) and keep their letter
    assert re.search(r'<td class="rag-amber"[^>]*><span class="rag-amber">74 A</span></td>', html)
    assert re.search(r'<td class="rag-blue"[^>]*><span class="rag-blue">N/A B</span></td>', html)


@pytest.mark.slow
def test_fallback_docx_uses_the_council_styles_and_keeps_alt_text(rendered):
    path = rendered["example"]["docx"]
    document = Document(path)
    table = document.tables[0]
    assert table.style.name == "Table"
    assert [c.text for c in table.rows[1].cells] == [
        "Persistent absence",
        "18.3%",
        "20.8%",
        "20.0%",
    ]
    styles = [p.style.name for p in document.paragraphs]
    # the report's top-level sections (##) are Heading 1, under the Title
    assert {"Title", "Heading 1", "Heading 2", "Callout", "Table Caption"} <= set(styles)
    assert styles.index("Title") < styles.index("Heading 1")
    assert document.styles["Heading 1"].font.name == "Arial"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page ")
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert f'descr="{ALT}"' in body
    # Word gets the figure's PNG twin
    assert any(n.endswith(".png") for n in zipfile.ZipFile(path).namelist())


@pytest.mark.slow
def test_fallback_docx_tables_fit_the_page_hold_together_and_fill_rated_cells(rendered):
    document = Document(rendered["example"]["docx"])
    absence, ratings = document.tables
    for table in (absence, ratings):
        xml = table._tbl.xml
        grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]
        assert sum(grid) <= 9638 and len(set(grid)) > 1  # A4 less 2 cm margins; not equal slices
        assert xml.count("<w:cantSplit/>") == len(table.rows)  # no row splits across pages
        assert "<w:tblHeader" in xml  # the header row repeats on every page
        assert {c.paragraphs[0].style.name for r in table.rows for c in r.cells} == {"Table Text"}
    fills = {
        cell.text: re.search(r'<w:shd [^>]*w:fill="(\w+)"', cell._tc.xml)
        for row in ratings.rows[1:]
        for cell in row.cells[1:]
    }
    assert {text: found and found.group(1) for text, found in fills.items()} == {
        "92 G": "025328",
        "74 A": "D58000",
        "61 R": "D02717",
        "N/A B": "062146",
    }


@pytest.mark.slow
def test_fallback_docx_contents_show_their_entries_and_word_updates_them(rendered):
    path = rendered["example"]["docx"]
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    contents = body[body.index("<w:sdt>") : body.index("</w:sdt>")]
    entries = re.findall(r'<w:hyperlink w:anchor="([\w-]+)"[^>]*><w:r><w:t[^>]*>([^<]*)<', contents)
    assert entries == [
        ("summary", "Summary"),
        ("persistent-absence", "Persistent absence"),
        ("ratings", "Training ratings"),
    ]
    assert 'w:dirty="true"' not in contents
    assert "TOC \\o" in contents  # still a field Word can update (adding page numbers)
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings  # and does, on opening


@pytest.mark.slow
def test_fallback_pptx_has_the_council_look_titles_and_alt_text_only_in_descriptions(rendered):
    path = rendered["slides"]["pptx"]
    package = zipfile.ZipFile(path)
    slides = sorted(
        (n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
        key=lambda n: int(re.search(r"\d+", n).group()),
    )
    assert len(slides) == 4  # title, synthetic data, two content slides
    for name in slides[1:]:
        xml = package.read(name).decode()
        assert re.search(r'<p:ph type="title"\s*/>.*?<a:t>[^<]+</a:t>', xml, re.S), name
    chart = package.read(slides[2]).decode()
    assert (
        'descr="Bath and North East Somerset 18.3%, below England (20.0%) and the South West '
        '(20.8%)."' in chart
    )
    texts = re.findall(r"<a:t>([^<]*)</a:t>", chart)
    assert not any("below England (20.0%) and the South West" in t for t in texts)
    assert "Persistent absence by area, 2023/24" in texts  # the caption is the figure's title
    ids = re.findall(r'<p:cNvPr[^>]* id="(\d+)"', chart)
    assert "0" not in ids and len(ids) == len(set(ids))
    theme = package.read("ppt/theme/theme1.xml").decode()
    assert 'name="Bath &amp; North East Somerset Council"' in theme and "12436D" in theme
    master = package.read("ppt/slideMasters/slideMaster1.xml").decode()
    assert 'name="Council logo"' in master


@pytest.mark.slow
def test_fallback_pdf_is_tagged_pdf_ua_with_title_language_and_alt_text(rendered):
    path = rendered["example"]["pdf"]
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    assert reader.metadata.title == "Example council report"
    assert reader.metadata.author == "Bath & North East Somerset Council"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "pdfuaid:part>1<" in reader.xmp_metadata.rdf_root.toxml()
    assert pdf_alt_texts(reader) == [ALT]
    # rated cells are filled: each RAG colour is painted on the page
    assert painted(path) >= RAG_FILLS
    text = "".join(page.extract_text() for page in reader.pages)
    assert "18.3%" in text and "7,391,222" in text
    assert "Contains synthetic data" in text
    assert "Figures are provisional" in text
    fonts = {
        font["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic"}


@pytest.mark.slow
def test_fallback_cover_report_starts_with_the_council_and_has_no_contents(rendered):
    text = PdfReader(rendered["cover-report"]["pdf"]).pages[0].extract_text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[1] == "Bath & North East Somerset Council"  # after the synthetic-data header
    assert "Contents" not in text
    assert "1 THE ISSUE" in text and "10 CONSULTATION" in text
    assert "Meeting/Decision maker" in text


@pytest.mark.slow
def test_fallback_is_byte_identical_run_to_run_and_folder_to_folder(example, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "staging"
    shutil.copytree(example.parent, elsewhere)

    def digests(document: Path) -> dict[str, str]:
        outputs = PandocTypstRenderer().render(
            document,
            ["html", "docx", "pdf"],
            document.parent,
            timestamp=TIMESTAMP,
            templates=TEMPLATES,
        )
        return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in outputs.items()}

    first = digests(example)
    assert first == digests(example) == digests(elsewhere / "example.qmd")
    assert sorted(p.name for p in example.parent.iterdir()) == [
        "cover-report.qmd",
        "example.docx",
        "example.html",
        "example.pdf",
        "example.qmd",
        "figures",
        "slides.qmd",
    ]  # the intermediate .typ is gone


@pytest.mark.slow
def test_fallback_typst_failure_is_one_line_and_keeps_the_typst_source(example):
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("figures/persistent-absence.svg", "figures/gone.svg"))
    with pytest.raises(RenderError, match=r"typst failed: .*gone\.svg") as error:
        PandocTypstRenderer().render(
            example, ["pdf"], example.parent, timestamp=0, templates=TEMPLATES
        )
    assert "\n" not in str(error.value)
    assert example.with_suffix(".typ").is_file()


def test_fallback_takes_its_options_from_the_extension(example):
    extension = Extension.load(TEMPLATES)
    renderer = PandocTypstRenderer()
    metadata = {"toc": True}
    html = renderer.arguments("html", extension, metadata)
    assert html[:6] == ["--from", "markdown", "--to", "html5", "--standalone", "--wrap=none"]
    assert html[6] == "--sandbox"
    assert ["--lua-filter", str(extension.folder / "council.lua")] == html[7:9]
    assert "--embed-resources" in html
    assert html[-2:] == ["--template", str(extension.folder / "template.html")]
    assert "--toc" in html and "--toc-depth=2" in html and "toc-title=Contents" in html
    docx = renderer.arguments("docx", extension, {"toc": False})
    assert "--toc" not in docx
    assert "--shift-heading-level-by=-1" in docx  # the report's ## sections are Heading 1
    assert "--toc-depth=1" in renderer.arguments("docx", extension, {"toc": True})
    pptx = renderer.arguments("pptx", extension, {})
    assert pptx[-2:] == ["--reference-doc", str(extension.folder / "reference.pptx")]
    assert docx[-2:] == ["--reference-doc", str(extension.folder / "reference.docx")]
    assert renderer.arguments("pdf", extension, {})[-2:] == [
        "--template",
        str(extension.folder / "template.typ"),
    ]
    with pytest.raises(RenderError, match="pandoc-typst cannot render 'epub'"):
        renderer.render(example, ["epub"], example.parent, timestamp=0, templates=TEMPLATES)


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
    assert renderer.command(example, "docx") == [
        "quarto",
        "render",
        "example.qmd",
        "--to",
        "council-docx",
        "--output",
        "example.docx",
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
    assert renderer.command(example, "pptx")[4:] == ["council-pptx", "--output", "example.pptx"]
    # presentations: revealjs as well as PowerPoint where Quarto is present
    assert renderer.slide_formats == ("pptx", "revealjs")
    assert renderer.command(example, "revealjs")[4:] == [
        "council-revealjs",
        "--output",
        "example.html",
    ]
    assert PandocTypstRenderer.slide_formats == ("pptx",)
    with pytest.raises(RenderError, match="quarto renderer cannot render 'epub'"):
        renderer.command(example, "epub")


def test_quarto_render_runs_in_a_project_of_its_own_beside_the_extension(example, monkeypatch):
    calls = []
    folder = example.parent

    def fake_run(command, cwd, **kwargs):
        calls.append((command, Path(cwd), kwargs["env"]["SOURCE_DATE_EPOCH"]))
        assert (Path(cwd) / "_extensions" / "council" / "_extension.yml").is_file()
        assert "type: default" in (Path(cwd) / "_quarto.yml").read_text()
        (Path(cwd) / ".quarto").mkdir(exist_ok=True)
        (Path(cwd) / command[-1]).write_text("output")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    out_dir = folder / "out"
    out_dir.mkdir()
    outputs = QuartoRenderer().render(
        example, ["html", "pdf"], out_dir, timestamp=42, templates=TEMPLATES
    )
    assert [c[0][4] for c in calls] == ["council-html", "council-typst"]
    assert {c[1] for c in calls} == {folder}
    assert {c[2] for c in calls} == {"42"}
    assert outputs == {"html": out_dir / "example.html", "pdf": out_dir / "example.pdf"}
    assert outputs["pdf"].read_text() == "output"
    # what the render staged is gone; the document's own files are untouched
    assert sorted(p.name for p in folder.iterdir()) == [
        "cover-report.qmd",
        "example.qmd",
        "figures",
        "out",
        "slides.qmd",
    ]


def test_quarto_keeps_a_project_file_that_was_already_there(example, monkeypatch):
    (example.parent / "_quarto.yml").write_text("project:\n  title: mine\n")
    word = (
        Extension.load(TEMPLATES).folder / "reference.docx"
    ).read_bytes()  # stands in for Quarto's

    def fake_run(command, cwd, **kwargs):
        (Path(cwd) / command[-1]).write_bytes(word)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    outputs = QuartoRenderer().render(
        example, ["docx"], example.parent, timestamp=0, templates=TEMPLATES
    )
    assert (example.parent / "_quarto.yml").read_text() == "project:\n  title: mine\n"
    assert not (example.parent / "_extensions").exists()
    # Quarto's Word file is finished like pandoc's (render/office.py): still a Word document
    assert Document(outputs["docx"]).styles["Table Text"].font.size.pt == 8.5


def test_quarto_failure_is_one_line(example, monkeypatch):
    stderr = "\nprocessing file: example.qmd\nERROR: bad yaml\nStack trace:\n  at x"
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **kw: subprocess.CompletedProcess(command, 1, "", stderr),
    )
    with pytest.raises(RenderError, match=r"quarto render failed: ERROR: bad yaml$"):
        QuartoRenderer().render(example, ["html"], example.parent, timestamp=0, templates=TEMPLATES)
    assert not (example.parent / "_extensions").exists()


def test_first_error_line_prefers_the_error():
    assert first_error_line("\n  progress\nerror: file not found\nmore") == "error: file not found"
    assert first_error_line("\n  only this\n") == "only this"
    assert first_error_line("") == ""


def test_renderer_selection(monkeypatch):
    monkeypatch.delenv("COUNCIL_REPORTS_RENDERER", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert get_renderer().name == "pandoc-typst"
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/quarto")
    assert get_renderer().name == "quarto"
    assert get_renderer("pandoc-typst").name == "pandoc-typst"
    monkeypatch.setenv("COUNCIL_REPORTS_RENDERER", "pandoc-typst")
    assert get_renderer().name == "pandoc-typst"
    with pytest.raises(ParameterError, match=r"unknown renderer 'word'.*pandoc-typst, quarto"):
        get_renderer("word")
    monkeypatch.setenv("COUNCIL_REPORTS_RENDERER", "word")
    with pytest.raises(ParameterError, match="renderers: pandoc-typst, quarto"):
        get_renderer()
    monkeypatch.delenv("COUNCIL_REPORTS_RENDERER")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="'quarto' is not available"):
        get_renderer("quarto")
