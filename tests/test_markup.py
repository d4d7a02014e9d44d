"""Text from data placed in Markdown (markup.py): whatever it holds, pandoc reads it back as
exactly that text. Checked with pandoc itself, the reader both renderers use."""

from __future__ import annotations

import json
import subprocess

import pypandoc
import pytest

from council_reports.markup import attribute, plain, slug, text

HOSTILE = [
    '<img src="../../../../data/iro/ssda903/2023-24/header.csv">',
    "![x](/etc/passwd)",
    "[link](javascript:alert(1))",
    '`#read("report.typ")`{=typst}',
    "{{< include /etc/passwd >}}",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "1. not a list",
    "# not a heading",
    "- not an item",
    ": not a caption",
    "::: not a div",
    "$x$ @cite **bold** ~sub~ ^sup^ a|b \\ & &amp; <!-- c -->",
    "[^1] --- (a) A. B",
]


def _read_back(markdown: str) -> str:
    """What pandoc makes of ``markdown`` as plain text (smart quotes off)."""
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown-smart", "-t", "json"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    blocks = json.loads(result.stdout)["blocks"]
    assert [block["t"] for block in blocks] == ["Para"], blocks  # one paragraph, nothing else

    def words(node: object) -> str:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str":
                return node["c"]
            if kind == "Space":
                return " "
            if kind in ("RawInline", "Link", "Image", "Code", "Math", "Note", "Cite"):
                raise AssertionError(f"markup from text: {kind}")
            return words(node.get("c", []))
        if isinstance(node, list):
            return "".join(words(item) for item in node)
        return ""

    return words(blocks)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_reads_back_as_itself(hostile):
    assert _read_back(text(hostile)) == hostile


def test_line_breaks_and_control_characters_become_spaces():
    assert plain("two\nlines\r\n\tand\x00more\u2028") == "two lines and more "
    assert _read_back(text("a | b\n| c |")) == "a | b | c |"


def test_attribute_values_are_quoted_safely():
    assert attribute('alt "quoted" \\ back\nslash') == 'alt \\"quoted\\" \\\\ back slash'


def test_slugs_are_readable_ids():
    assert slug("Bath and North East Somerset 2023/24") == "bath_and_north_east_somerset_2023_24"
    assert slug("%") == "x"
