"""Text from data is text: markup, links, images, raw HTML or typst, attributes and shortcodes in a
data cell, a fact or a settings field show as the characters they are, in HTML, Word, PDF and
PowerPoint, and nothing outside the build (the 903 header file, /etc/passwd) is embedded.

Checked as a reader would: the HTML's elements and attributes through a parser, the Word and
PowerPoint packages' parts and relationships, the PDF's text (pdftotext) and link annotations.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import TEMPLATES, copy_project, own_settings

from .conftest import ROOT

pytestmark = pytest.mark.slow

SECRET = "../../../../data/iro/ssda903/2023-24/header.csv"  # from a staging folder to the 903
PAYLOADS = (
    f'<img src="{SECRET}">',
    "![x](/etc/passwd)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "[link](javascript:alert(4))",
    '`#read("report.typ")`{=typst}',
    '#raw(read("report.typ"))',
    "`<b>bold</b>`{=html}",
    "{{< fact la_name >}}",
    "Line one\nLine two | pipe",
    "<https://evil.example/>",
    "[text]{.rag-red onclick=alert(5)}",
    "$\\input{/etc/passwd}$",
    "# Heading",
    "<!-- comment -->",
)
# What must never be in an output: the files' contents, as text or as a base64 data URI.
FOREIGN = ("root:x:0:0", "SYN00", "CHILD,SEX,DOB", base64.b64encode(b"CHILD,SEX").decode()[:8])


def visible(text: str) -> str:
    """Text as a reader compares it: white space folded, typographic quotes made plain."""
    quotes = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
    text = text.translate(str.maketrans(quotes))
    return " ".join(text.split())


class Elements(HTMLParser):
    """Every element, attribute and piece of text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def check_html(path: Path, shown: tuple[str, ...]) -> None:
    page = path.read_text(encoding="utf-8")
    parsed = Elements()
    parsed.feed(page)
    for tag, attributes in parsed.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (path.name, tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "vbscript:")), value
                assert "evil.example" not in value, (tag, value)
                assert not value.startswith("data:") or value.startswith(
                    ("data:image/svg+xml", "data:image/png")
                ), (tag, value[:60])
        assert tag not in ("iframe", "object", "embed", "b"), (path.name, tag)
        if tag == "img":  # only the build's own figures
            assert attributes.get("src", "").startswith(("data:image/svg+xml", "data:image/png"))
    assert not any("alert" in script for script in parsed.scripts), path.name
    for foreign in FOREIGN:
        assert foreign not in page, (path.name, foreign)
    text = visible("".join(parsed.text))
    for payload in shown:
        assert visible(payload) in text, (path.name, payload)


def check_package(path: Path, shown: tuple[str, ...], media: int = 0) -> None:
    """A Word or PowerPoint file: no foreign content in any part, no media but the build's
    figures, links only to the web or mail, and the payloads in its text."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        parts = {name: package.read(name).decode("utf-8", "replace") for name in names}
    assert sum("/media/" in name for name in names) == media, [n for n in names if "/media/" in n]
    for name, content in parts.items():
        for foreign in FOREIGN:
            assert foreign not in content, (path.name, name, foreign)
        if name.endswith(".rels"):
            for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', content):
                assert target.startswith(("http://", "https://", "mailto:")), target
                assert "evil.example" not in target and "javascript" not in target.lower()
    text = visible(
        " ".join(
            re.sub(r"<[^>]+>", "", content)
            for name, content in parts.items()
            if name.endswith(".xml") and ("document" in name or "/slides/" in name)
        )
    )
    for payload in shown:
        assert (
            visible(payload).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in text
            or visible(payload) in text
        ), (path.name, payload)


def check_pdf(path: Path, shown: tuple[str, ...]) -> None:
    from pypdf import PdfReader

    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    raw = path.read_bytes()
    for foreign in FOREIGN:
        assert foreign not in text, (path.name, foreign)
    assert "#set " not in text and "#let " not in text  # the typst source was never read in
    assert b"/JavaScript" not in raw and b"/Launch" not in raw
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not uri or uri.startswith(("http://", "https://", "mailto:", "#")), uri
            assert "evil.example" not in uri
    # a PDF wraps a long word at a slash: compare with the line breaks and spaces taken out
    folded = "".join(visible(text).split())
    for payload in shown:
        assert "".join(visible(payload).split()) in folded, (path.name, payload)


def test_payloads_in_tables_facts_and_settings_render_as_text(tmp_path):
    """Every payload as a table's labels, caption and note, as a fact quoted in a notebook's
    prose and in settings text, as settings text itself and as document metadata, rendered by
    the embedded renderer to every format from a folder where the 903 file is one link away."""
    from council_reports.ledger import Ledger
    from council_reports.present.document import document
    from council_reports.present.prose import Where, fill_markdown, fill_text
    from council_reports.present.tables import Table
    from council_reports.render.pandoc_typst import PandocTypstRenderer

    secret = tmp_path / "data" / "iro" / "ssda903" / "2023-24" / "header.csv"
    secret.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "iro" / "ssda903" / "2023-24" / "header.csv", secret)
    stage = tmp_path / "build" / "iro" / "2024-25" / ".800.staging-x"
    stage.mkdir(parents=True)
    assert (stage / SECRET).resolve() == secret.resolve()

    frame = pd.DataFrame({"Label": PAYLOADS, "Children": range(len(PAYLOADS))})
    table = (
        Table.from_frame(frame, id="labels", caption=PAYLOADS[0], stub=["Label"])
        .note(PAYLOADS[5])
        .counts(columns=["Children"])
    )
    facts = Ledger()
    for number, payload in enumerate(PAYLOADS):
        facts.word(f"p{number}", payload, label="payload", source="data")
    here = Where("corpus")
    prose = [fill_markdown(f"In prose, {{{{< fact p{n} >}}}}.", facts, here) for n in range(16)]
    settings = [fill_text(f"In settings, {{{{< fact p{n} >}}}}.", facts, here) for n in range(16)]
    typed = [fill_text(p, facts, here) for p in PAYLOADS if "{{<" not in p]
    body = "\n\n".join([table.to_markdown(), *prose, *settings, *typed, "## A slide", *typed])
    metadata = {
        "title": PAYLOADS[2],
        "subtitle": PAYLOADS[0],
        "author": PAYLOADS[5],
        "lang": "en-GB",
        "toc": True,
        "document-type": "report",
    }
    (stage / "report.qmd").write_text(document(metadata, body), encoding="utf-8")
    rendered = PandocTypstRenderer().render(
        stage / "report.qmd",
        ["html", "docx", "pdf", "pptx"],
        stage,
        timestamp=0,
        templates=TEMPLATES,
    )
    assert len(pd.read_html(rendered["html"])[0]) == len(PAYLOADS)  # a newline broke no row
    check_html(rendered["html"], PAYLOADS)
    check_package(rendered["docx"], PAYLOADS)
    check_package(rendered["pptx"], ())
    check_pdf(rendered["pdf"], PAYLOADS)


ASIAN = "Asian / Asian British"  # an EES ethnic group, shown in the report's tables


def set_in_csv(path: Path, column: str, value: str, where=lambda row: True) -> None:
    """Set ``column`` where ``where(row)`` holds; a file without the columns is left alone."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    try:
        chosen = frame.apply(where, axis=1) if len(frame) else []
    except KeyError:
        return
    if column not in frame.columns:
        return
    frame.loc[chosen, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def build(root: Path, report: str, period: str, monkeypatch, capsys) -> Path:
    from council_reports.cli import main

    monkeypatch.setenv("COUNCIL_REPORTS_ROOT", str(root))
    monkeypatch.chdir(root)
    arguments = ["build", report, "--la", "800", "--period", period, "--renderer", "pandoc-typst"]
    code = main(arguments)
    assert code == 0, capsys.readouterr().err
    return root / "build" / report / period / "800"


def check_build(target: Path, shown: dict[str, tuple[str, ...]]) -> None:
    for document in ("report", "cover-report"):
        check_html(target / f"{document}.html", shown[document])
        word = [p for p in (target / "figures").glob("*.png") if not p.stem.endswith("-slide")]
        figures = len(word) if document == "report" else 0  # the PNG twins Word shows
        check_package(target / f"{document}.docx", shown[document], media=figures)
        check_pdf(target / f"{document}.pdf", shown[document])
    json.loads((target / "facts.json").read_text(encoding="utf-8"))  # still data


def test_attendance_from_poisoned_ees_files_and_cover_settings(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path)
    data = root / "data" / "attendance"
    # the published figures name facts after the LA (whose name is poisoned here): not needed
    (data / "published.csv").unlink(missing_ok=True)
    la_name, region, label, group = PAYLOADS[0], PAYLOADS[4], PAYLOADS[5], PAYLOADS[2]
    for path in data.glob("*.csv"):
        if path.name.endswith(".meta.csv"):
            if path.name == "absence_by_geography.meta.csv":
                set_in_csv(
                    path, "label", label, lambda r: r["col_name"] == "sess_authorised_percent"
                )
            continue
        set_in_csv(path, "la_name", la_name, lambda row: row["old_la_code"] == "800")
        set_in_csv(path, "region_name", region, lambda row: row["region_code"] == "E12000009")
        set_in_csv(path, "breakdown", group, lambda row: row["breakdown"] == ASIAN)
    cover_path = own_settings(monkeypatch, "attendance", tmp_path / "settings") / "cover.yml"
    cover = yaml.safe_load(cover_path.read_text(encoding="utf-8"))
    cover["ward"] = PAYLOADS[6]
    cover["contact"] = PAYLOADS[1]
    cover["meeting"] = PAYLOADS[3]
    cover["sections"]["CONSULTATION"] = [PAYLOADS[8], PAYLOADS[10], PAYLOADS[11]]
    cover_path.write_text(
        yaml.safe_dump(cover, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    target = build(root, "attendance", "2023-24", monkeypatch, capsys)
    check_build(
        target,
        {
            "report": (la_name, region, label, group),
            "cover-report": (
                la_name,
                region,
                *PAYLOADS[6:7],
                PAYLOADS[1],
                PAYLOADS[3],
                PAYLOADS[8],
                PAYLOADS[10],
                PAYLOADS[11],
            ),
        },
    )


def test_iro_from_poisoned_service_records(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path)
    service = root / "data" / "iro" / "service"
    set_in_csv(service / "development_areas.csv", "action", PAYLOADS[0])
    set_in_csv(service / "development_areas.csv", "area", PAYLOADS[10], lambda row: row.name == 1)
    set_in_csv(service / "internal_audit.csv", "objective", PAYLOADS[2])
    set_in_csv(service / "internal_audit.csv", "overall", PAYLOADS[5])
    target = build(root, "iro", "2024-25", monkeypatch, capsys)
    shown = (PAYLOADS[0], PAYLOADS[10], PAYLOADS[2], PAYLOADS[5])
    check_build(target, {"report": shown, "cover-report": ()})


def test_bcssp_from_poisoned_partner_returns(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    root = copy_project(tmp_path)
    year = root / "data" / "bcssp" / "2023-24"
    book = load_workbook(year / "childrens_social_care.xlsx")
    book["Contacts"]["A8"] = PAYLOADS[3]
    book["Contact outcomes"]["A7"] = PAYLOADS[12]
    book.save(year / "childrens_social_care.xlsx")
    police = year / "police.csv"
    police.write_text(
        police.read_text(encoding="utf-8").replace(
            "Number of Child Suspects of Crimes", '"' + PAYLOADS[10] + '"'
        ),
        encoding="utf-8",
    )
    target = build(root, "bcssp", "2023-24", monkeypatch, capsys)
    check_build(target, {"report": (PAYLOADS[3], PAYLOADS[12], PAYLOADS[10]), "cover-report": ()})
