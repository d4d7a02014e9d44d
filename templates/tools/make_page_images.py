"""Make docs/pages/: what the first page of a report looks like in each format, as the README
shows it. Drawn by the real readers: poppler for the PDF, LibreOffice for Word and PowerPoint,
Chromium for the HTML page (at a desktop width and at 320 CSS px, as a phone shows it).

    .venv/bin/python templates/tools/make_page_images.py build/attendance/2023-24/800 ...

Each build folder gives docs/pages/<report>-pdf.png, -docx.png, -html.png, -html-320.png and,
for a report with slides, -pptx.png (its first slide with a chart). A .pptx file given instead
of a folder gives docs/pages/<name>-pptx.png alone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "docs" / "pages"
WIDTH = 700  # pixels across a page image


def page_image(pdf: Path, page: int, target: Path) -> None:
    """One page of a PDF as a PNG ``WIDTH`` pixels wide (poppler)."""
    stem = target.with_suffix("")
    subprocess.run(
        [
            *("pdftoppm", "-png", "-f", str(page), "-l", str(page), "-scale-to-x", str(WIDTH)),
            *("-scale-to-y", "-1", "-singlefile", str(pdf), str(stem)),
        ],
        check=True,
    )


def chart_slide(pptx: Path) -> int:
    """The number of the first slide with a picture (a chart) on it, else 1."""
    with zipfile.ZipFile(pptx) as package:
        numbers = sorted(
            int(found.group(1))
            for name in package.namelist()
            if (found := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", name))
            and b"<p:pic>" in package.read(name)
        )
    return numbers[0] if numbers else 1


def office_pdf(document: Path, scratch: Path) -> Path:
    """The PDF LibreOffice makes of a Word or PowerPoint file."""
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={(scratch / 'profile').as_uri()}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(scratch), str(document)),
        ],
        check=True,
        capture_output=True,
    )
    return scratch / f"{document.stem}.pdf"


def screenshots(html: Path, desktop: Path, phone: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        for target, width in ((desktop, 1000), (phone, 320)):
            page = browser.new_page(
                viewport={"width": width, "height": 1300 if width > 320 else 640}
            )
            page.goto(html.resolve().as_uri())
            page.screenshot(path=str(target))
            page.close()
        browser.close()


def main(folders: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in folders:
        folder = Path(name)
        if folder.suffix == ".pptx":
            with tempfile.TemporaryDirectory() as scratch:
                drawn = office_pdf(folder, Path(scratch))
                page_image(drawn, chart_slide(folder), OUT / f"{folder.stem}-pptx.png")
            continue
        report = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["report"]
        with tempfile.TemporaryDirectory() as scratch:
            page_image(folder / "report.pdf", 1, OUT / f"{report}-pdf.png")
            page_image(
                office_pdf(folder / "report.docx", Path(scratch)), 1, OUT / f"{report}-docx.png"
            )
            if (folder / "slides.pptx").is_file():
                slides = folder / "slides.pptx"
                page_image(
                    office_pdf(slides, Path(scratch)),
                    chart_slide(slides),
                    OUT / f"{report}-pptx.png",
                )
        screenshots(
            folder / "report.html", OUT / f"{report}-html.png", OUT / f"{report}-html-320.png"
        )
        print(f"{report}: page images in {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
