"""Prose with facts inline, filled from the ledger when the document is put together.

Authors write Markdown (a notebook's Markdown cells) or plain text (cover report and slide
settings) and quote a recorded fact with a Quarto-style shortcode::

    Persistent absence was {{< fact pa_la >}}; it {{< fact pa_direction >}} by
    {{< fact pa_change abs >}}.

A passage can depend on a recorded condition or word, as a fenced div::

    ::: {.content-visible when-fact="pa_vs_england" is="above"}
    Persistent absence was above the national rate.
    :::

``when-fact`` shows the passage when the fact holds (a true condition, a non-empty word, a
non-zero number) or, with ``is``, when its text is that word; ``unless-fact`` is the opposite;
a passage may have both, and shows when both pass.
Both renderers read the filled document, so they fill facts the same way, and a prose edit
needs no kernel. A fact's text is escaped as text: a word from the data is never markup.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProseError
from ..ledger import STYLES, Fact, Ledger
from ..markup import plain
from ..markup import text as as_text

SHORTCODE = re.compile(r"\{\{<\s*(.*?)\s*>\}\}", re.S)
_OPENER = re.compile(r"^\s*:{3,}\s*(\{.*\}|[^\s:].*)\s*$")
_CLOSER = re.compile(r"^\s*:{3,}\s*$")
_ATTRIBUTE = re.compile(r'([\w-]+)=(?:"([^"]*)"|(\S+?))(?=[\s}])')
CONDITIONS = ("when-fact", "unless-fact")


@dataclass(frozen=True)
class Where:
    """Where a piece of prose was written, for error messages: a file and a notebook cell or a
    settings field."""

    file: str | Path
    cell: int | None = None
    field: str | None = None

    def error(self, message: str, hint: str | None = None) -> ProseError:
        return ProseError(message, file=self.file, cell=self.cell, column=self.field, hint=hint)


def _shortcode(arguments: str, facts: Ledger, where: Where) -> str:
    """The plain text of one ``{{< fact id [signed|abs] >}}`` shortcode."""
    try:
        words = shlex.split(arguments)
    except ValueError as error:
        raise where.error(f"cannot read the shortcode {{{{< {arguments} >}}}}: {error}") from None
    if not words or words[0] != "fact":
        raise where.error(
            f"unknown shortcode {{{{< {arguments} >}}}}",
            hint="quote a recorded fact as {{< fact id >}}",
        )
    if len(words) not in (2, 3) or (len(words) == 3 and words[2] not in STYLES):
        raise where.error(
            f"cannot read {{{{< {arguments} >}}}}",
            hint="write {{< fact id >}}, {{< fact id signed >}} or {{< fact id abs >}}",
        )
    return _fact(words[1], facts, where).text(words[2] if len(words) == 3 else "")


def _fact(id: str, facts: Ledger, where: Where) -> Fact:
    if id not in facts:
        raise where.error(f"no fact {id!r} in the ledger", hint="see facts.json for the ids")
    return facts[id]


def fill_plain(template: str, facts: Ledger, where: Where) -> str:
    """Settings text with its facts filled in, as plain text (a title, a file's name)."""
    return plain(SHORTCODE.sub(lambda match: _shortcode(match[1], facts, where), template)).strip()


def fill_text(template: str, facts: Ledger, where: Where) -> str:
    """Settings text (cover report, slides) as Markdown: text, never markup, facts filled in."""
    return as_text(fill_plain(template, facts, where))


def fill_markdown(markdown: str, facts: Ledger, where: Where) -> str:
    """An author's Markdown with its conditional passages resolved and its facts filled in."""
    shown = resolve_conditions(markdown, facts, where)
    return SHORTCODE.sub(lambda match: as_text(_shortcode(match[1], facts, where)), shown)


def holds(attributes: dict[str, str], facts: Ledger, where: Where) -> bool:
    """Whether a passage with these attributes (``when-fact``/``unless-fact``, ``is``) shows:
    every condition given must pass (``is`` reads the ``when-fact``, or the ``unless-fact``
    when it is the only one)."""
    word_of = "when-fact" if "when-fact" in attributes else "unless-fact"
    for key in CONDITIONS:
        if key in attributes:
            fact = _fact(attributes[key], facts, where)
            reads = "is" in attributes and key == word_of
            result = fact.text() == attributes["is"] if reads else fact.holds()
            if result != (key == "when-fact"):
                return False
    return True


def resolve_conditions(markdown: str, facts: Ledger, where: Where) -> str:
    """Remove the fences of conditional divs, and their content when the condition fails;
    other fenced divs are kept as written."""
    kept: list[str] = []
    stack: list[tuple[bool, bool]] = []  # per open div: (conditional?, shown?)
    for line in markdown.splitlines():
        visible = all(shown for _, shown in stack)
        if _CLOSER.match(line) and stack:
            conditional, _ = stack.pop()
            if not conditional and visible:
                kept.append(line)
            continue
        opener = _OPENER.match(line)
        if opener:
            attributes = {
                key: quoted if quoted else bare
                for key, quoted, bare in _ATTRIBUTE.findall(opener[1] + "}")
            }
            conditional = any(key in attributes for key in CONDITIONS)
            shown = holds(attributes, facts, where) if conditional and visible else visible
            stack.append((conditional, shown))
            if not conditional and visible:
                kept.append(line)
            continue
        if visible:
            kept.append(line)
    if stack:
        raise where.error("a fenced div (:::) is not closed", hint="end it with a ::: line")
    return "\n".join(kept)
