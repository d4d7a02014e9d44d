"""The gate: each report read as a councillor reads it, in its built HTML, against its ledger.

For every report in the registry, its test target is built and its prose read sentence by
sentence:

- every number in a paragraph of the HTML is a fact in the ledger (facts.json), as it is shown,
  quoted in the sentence it stands in (dates, years, Acts and the declared constant phrases
  aside, as the lint allows them); a fact that is a table's cell agrees with the table's CSV;
- every comparison the ledger records agrees with the figures it compares ("below" is below,
  "rose" rose), and a comparison word typed in prose stands in a sentence that quotes a computed
  comparison;
- no sentence tells a comparison resting on a synthetic figure as a finding: it says the figures
  are illustrative, or it is not there;
- every table's source line is written from the provenance records beside the data files (each
  source as its record names it, what in it is made up said), never a paragraph of the report
  itself;
- no tool words (notebook, ledger, file names, shortcodes) in the report or its cover, and the
  cover says "attached" only of what its list of attachments holds.

Each sentence is read twice: from the notebook's Markdown, with its conditional passages
resolved by the build's ledger (so it is known which facts it quotes), and in the HTML, where
it must be found as written.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from council_reports.ledger import COMPARISON_WORDS, Fact, Ledger
from council_reports.lint import constants, hand_typed
from council_reports.load.provenance import SUFFIX, provenance_of
from council_reports.present.prose import SHORTCODE, Where, fill_plain, resolve_conditions
from tests.conftest import ROOT, registered

ALLOWED = constants(ROOT / "pyproject.toml")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Comparison words an author may type in prose: each must stand beside a computed comparison.
# Lower case only: "Service Improvement Board" is a name and a quoted "Above" a definition.
TYPED = re.compile(
    r"\b(above|below|rose|fell|increased?|decreased?|higher|lower|highest|lowest|largest|"
    r"smallest|widened|narrowed|improvement)\b"
)
# The same words where they point in the document ("the table below") or sort ("fell outside
# the criteria"), not compare.
POINTING = re.compile(
    r"\b(?:table|tables|chart|figure|list|examples|summarised|listed)\s+(?:above|below)\b"
    r"|,?\s*\b(?:above|below)(?=[.]?$)|\bfell\s+(?:outside|within|into)\b"
)
# What marks a sentence as setting one figure against another; "more than 20 miles" is a
# threshold, not a comparison.
COMPARING = re.compile(r"\b(against|compared?s?|than|a year before|on the year|change)\b", re.I)
THRESHOLD = re.compile(r"\b(?:more|fewer|less|longer|older|younger)\s+than\s+\d", re.I)
ILLUSTRATIVE = "illustrative"
# Words of the tools that make a report, which a reader should never meet.
TOOL_WORDS = re.compile(
    r"notebook|ledger|facts\.json|papermill|council-reports|manifest|shortcode|\byaml\b|pandoc|"
    r"quarto|typst|python|dataframe|\{\{<|\.csv\b|\.yml\b|\.ipynb\b",
    re.I,
)
# A report citing itself as a source: "IRO annual report 2024-25, 7.3".
SELF_CITED = re.compile(r"report \d{4}-\d{2}, \d+(?:\.\d+)*")
# Where the HTML's prose is not: tables, figures, the contents, the title block, table notes.
NOT_PROSE = {"table", "figure", "nav", "header", "figcaption", "caption"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _plain(text: str) -> str:
    """Text as compared: typographic quotes and dashes plain, Markdown's marks and escapes
    gone, white space folded."""
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0xA0: " "})
    text = re.sub(r"\{[#.][^}]*\}", "", text)  # {#heading-id}
    text = re.sub(r"\\(.)", r"\1", text).replace("**", "").replace("*", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class Sentence:
    """A sentence of the report's prose: its text as built and the facts it quotes."""

    text: str
    facts: tuple[str, ...]
    block: str  # the paragraph or list item it is in, as built


def _blocks(markdown: str) -> list[str]:
    """A Markdown cell's paragraphs and list items, each on one line; headings, fences and
    tables left out."""
    blocks, current = [], []
    for line in [*markdown.splitlines(), ""]:
        stripped = line.strip()
        starts = stripped.startswith(("- ", "* ")) or re.match(r"\d+\. ", stripped)
        if not stripped or stripped.startswith(("#", ":::", "|")) or starts:
            if current:
                blocks.append(" ".join(current))
            current = []
            if starts:
                current = [re.sub(r"^(?:[-*]|\d+\.) ", "", stripped)]
            continue
        current.append(stripped)
    return blocks


def _sentences(block: str) -> list[str]:
    """A block's sentences; a clause after a semicolon counts as one, a colon ends none (it
    introduces the list or figure its sentence is about)."""
    return [s for s in re.split(r"(?<=[.;!?])\s+(?=[A-Z0-9{\"])", block) if s.strip()]


def notebook_sentences(report, folder: Path, facts: Ledger) -> list[Sentence]:
    """The notebook's prose as this build shows it, sentence by sentence."""
    notebook = json.loads((ROOT / "notebooks" / report.notebook).read_text(encoding="utf-8"))
    found = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "markdown":
            continue
        where = Where(report.notebook, number)
        shown = resolve_conditions("".join(cell["source"]), facts, where)
        for block in _blocks(shown):
            built = _plain(fill_plain(block, facts, where))
            for sentence in _sentences(block):
                ids = tuple(re.split(r"\s+", m.strip())[1] for m in SHORTCODE.findall(sentence))
                found.append(Sentence(_plain(fill_plain(sentence, facts, where)), ids, built))
    return found


class _Text(HTMLParser):
    """A page's text as a reader meets it (no scripts or styles), and the text of each of its
    tables' source lines."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.sources: list[str] = []
        self._hidden = 0
        self._notes = 0
        self._line: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif "table-notes" in (dict(attrs).get("class") or "") or (self._notes and tag == "div"):
            self._notes += 1
        elif tag == "p" and self._notes:
            self._line = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag == "div" and self._notes:
            self._notes -= 1
        elif tag == "p" and self._line is not None:
            line = _plain("".join(self._line))
            if line.startswith(("Source: ", "Sources: ")):
                self.sources.append(line.split(": ", 1)[1].removesuffix("."))
            self._line = None

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
            if self._line is not None:
                self._line.append(data)


def page_text(path: Path) -> _Text:
    page = _Text()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


class _Prose(HTMLParser):
    """The text of the HTML's paragraphs and list items, outside tables, figures and the
    contents."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._outside: list[bool] = []  # each open element: whether it is no prose
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = dict(attrs).get("class") or ""
        outside = tag in NOT_PROSE or "table-notes" in classes or tag in ("script", "style")
        self._outside.append(outside)
        if tag in ("p", "li") and not any(self._outside):
            self._flush()
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag in ("p", "li"):
            self._flush()
        if self._outside:
            self._outside.pop()

    def handle_data(self, data: str) -> None:
        if self._open is not None and not any(self._outside):
            self._open.append(data)

    def _flush(self) -> None:
        if self._open:
            self.blocks.append(_plain("".join(self._open)))
        self._open = None


def html_blocks(path: Path) -> list[str]:
    prose = _Prose()
    prose.feed(path.read_text(encoding="utf-8"))
    prose.close()
    return [block for block in prose.blocks if block]


def _numbers(text: str) -> list[str]:
    """The numbers typed in ``text`` as the lint finds them, without their percent sign."""
    return [number.removesuffix("%") for _, number in hand_typed(text, ALLOWED)]


def _tokens(fact: Fact) -> set[str]:
    """The numbers a fact shows, in any of its styles."""
    return {t for style in ("", "signed", "abs") for t in NUMBER.findall(fact.text(style))}


def _agrees(fact: Fact, facts: Ledger) -> bool:
    """Whether a comparison word says what its figures show: the first side against the
    second, or one change by its sign, as they are shown (rounded) and at the finer of their
    decimals or the coarser."""
    sides = [facts[id] for id in fact.of]
    if any(not isinstance(side.value, int | float) for side in sides):
        return True  # nothing to compare: a word for a missing figure says so
    if len(sides) == 1:
        signs = {(sides[0].value > 0) - (sides[0].value < 0)}
    else:
        signs = set()
        for places in {min(s.decimals for s in sides), max(s.decimals for s in sides)}:
            difference = round(sides[0].value, places) - round(sides[1].value, places)
            signs.add((difference > 0) - (difference < 0))
    return COMPARISON_WORDS[fact.value] in signs


@pytest.fixture(scope="module", params=registered(), ids=lambda report: report.id)
def reading(request, built):
    report = request.param
    folder = built(report.id, str(report.test_target[1]), report.test_target[0], to="html")
    facts = Ledger.load(folder / "facts.json")
    return report, folder, facts, notebook_sentences(report, folder, facts)


def test_every_number_in_the_prose_is_a_fact_quoted_where_it_stands(reading):
    report, folder, facts, sentences = reading
    written = {s.block for s in sentences}
    unsourced = []
    for block in html_blocks(folder / "report.html"):
        if _numbers(block) and block not in written:
            unsourced.append(("a paragraph the notebook does not write", block))
    for sentence in sentences:
        shown = set().union(*(_tokens(facts[id]) for id in sentence.facts))
        unsourced += [(n, sentence.text) for n in _numbers(sentence.text) if n not in shown]
    assert not unsourced, (report.id, unsourced[:5])


def test_a_fact_from_a_table_agrees_with_the_table(reading):
    report, folder, facts, _ = reading
    cells = {}
    for path in (folder / "tables").glob("*.csv"):
        if path.name == "index.csv":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for line in csv.DictReader(handle):
                cells[(line["table"], line["row"], line["column"])] = line
    checked = 0
    for fact in facts:
        cell = fact.method in ("", "table cell")  # not one worked out from the table's cells
        if not fact.source.startswith("table ") or fact.unit in ("text", "flag") or not cell:
            continue
        table = fact.source.removeprefix("table ")
        same = [
            line
            for (id, _, _), line in cells.items()
            if id == table and (line["value"] or line["symbol"]) and _same_figure(line, fact)
        ]
        assert same, (report.id, fact.id, fact.text())
        checked += 1
    assert checked > 20


def _same_figure(line: dict[str, str], fact: Fact) -> bool:
    if line["symbol"]:
        return line["symbol"] == fact.value
    if not isinstance(fact.value, int | float):
        return False
    try:  # a table's cell may be words ("7th highest of 11"), not the figure of a number fact
        value = float(line["value"])
    except ValueError:
        return False
    return math.isclose(value, round(fact.value, fact.decimals), abs_tol=1e-9)


def test_every_comparison_agrees_with_its_figures(reading):
    report, _, facts, sentences = reading
    compared = [f for f in facts if f.of and f.unit == "text" and f.value in COMPARISON_WORDS]
    wrong = [(f.id, f.value, [facts[i].text() for i in f.of]) for f in compared]
    wrong = [w for w, f in zip(wrong, compared, strict=True) if not _agrees(f, facts)]
    assert not wrong, (report.id, wrong)
    bare = []
    for sentence in sentences:
        quoted = [facts[id] for id in sentence.facts]
        backed = any(f.of or (f.unit == "text" and f.method) for f in quoted)
        text = re.sub(r'"[^"]*"', "", sentence.text)  # a word quoted is defined, not used
        text = POINTING.sub("", text[:1].lower() + text[1:])
        words = set(TYPED.findall(text))
        said = " ".join(f.text().lower() for f in quoted)
        if words - set(said.split()) and not backed:
            bare.append(sentence.text)
    assert not bare, (report.id, bare)


def test_no_comparison_rests_on_a_synthetic_figure(reading):
    report, _, facts, sentences = reading
    told = []
    for sentence in sentences:
        if ILLUSTRATIVE in sentence.text:
            continue
        quoted = [facts[id] for id in sentence.facts]
        made_up = [f for f in quoted if f.synthetic]
        compares = [f for f in made_up if f.of and f.unit in ("text", "pp")]
        numbers = [f for f in quoted if f.unit not in ("text", "flag")]
        text = THRESHOLD.sub("", sentence.text)
        typed = COMPARING.search(text) and len(numbers) > 1 and made_up
        if compares or typed:
            told.append((sentence.text, [f.id for f in made_up]))
    assert not told, (report.id, told)


def _recorded_sources(report) -> set[str]:
    """Every source the provenance records beside the report's data files and the shared data
    it reads (its inputs: the reference data, the national files) name."""
    names = set()
    records = []
    for folder in (report.data, *report.inputs):
        records += (ROOT / "data" / folder).rglob(f"*{SUFFIX}")
    for record in records:
        provenance = provenance_of(record.with_name(record.name.removesuffix(SUFFIX)))
        names |= {part.source for part in (provenance, *provenance.parts)}
    return names


def test_every_source_line_is_written_from_the_provenance_records(reading):
    report, folder, _, _ = reading
    recorded = sorted(_recorded_sources(report), key=len, reverse=True)
    sources = page_text(folder / "report.html").sources
    assert sources, report.id
    wrong = []
    for line in sources:
        rest = line
        for name in recorded:  # each source as its record names it, with what is made up
            rest = re.sub(re.escape(name) + r"(?: \(made up: [^)]*\))?", "", rest)
        if rest.replace(";", "").strip() or SELF_CITED.search(line):
            wrong.append(line)
    assert not wrong, (report.id, wrong)


def test_no_tool_words_and_attached_only_what_is_attached(reading):
    report, folder, _, _ = reading
    texts = {name: page_text(folder / name) for name in ("report.html", "cover-report.html")}
    tools = {
        name: sorted({m.group(0) for m in TOOL_WORDS.finditer(" ".join(text.parts))})
        for name, text in texts.items()
    }
    assert not any(tools.values()), (report.id, tools)
    row = re.search(
        r"List of attachments</t[dh]>\s*<td[^>]*>(.*?)</td>",
        (folder / "cover-report.html").read_text(encoding="utf-8"),
        re.S,
    )
    listed = _plain(re.sub(r"<[^>]+>", ";", row.group(1))).lower()
    sentences = [s for b in html_blocks(folder / "cover-report.html") for s in _sentences(b)]
    claims = [s for s in sentences if re.search(r"\battached\b", s)]
    unlisted = [claim for claim in claims if not _names_one_of(claim.lower(), listed)]
    assert not unlisted, (report.id, unlisted)


def _names_one_of(claim: str, listed: str) -> bool:
    """Whether a sentence names something in the list of attachments: three words in a row of
    one of its items."""
    words = re.findall(r"[\w']+", claim)
    items = [" ".join(re.findall(r"[\w']+", item)) for item in listed.split(";")]
    runs = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    return any(run in item for run in runs for item in items)
