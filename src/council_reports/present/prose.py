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
a passage may have several conditions, and shows when all of them pass.
A public build hides some figures (``c``), and ``c`` never stands as a word in a sentence: a
passage that quotes a figure the build may hide is guarded, and the public's own words are
written beside it::

    ::: {.content-visible unless-hidden="complaints complaints_upheld"}
    The service received {{< fact complaints >}} formal complaints ...
    :::
    ::: {.content-visible when-hidden="complaints complaints_upheld"}
    The service received formal complaints; their number is not published ...
    :::

``when-hidden`` shows the passage when any of the facts it lists is hidden, ``unless-hidden``
when none is (always, for the committee). Quoting a hidden fact anywhere else is an error that
names the cell and the fact.

Both renderers read the filled document, so they fill facts the same way, and a prose edit
needs no kernel. A fact's text is escaped as text: a word from the data is never markup.

Before anything is published, ``form_errors`` finds shortcodes that are not well formed
(``{{ fact x }}``, a missing ``>``) and ``unknown_ids`` every id a text quotes or depends on
that the ledger does not hold, in passages hidden this year as well as those shown: the build
reports them all at once (``council_reports.authoring``).
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProseError
from ..ledger import STYLES, Fact, Ledger
from ..markup import plain
from ..markup import text as as_text
from ..numbers import SUPPRESSED

SHORTCODE = re.compile(r"\{\{<\s*(.*?)\s*>\}\}", re.S)
# A well-formed shortcode: nothing inside it that opens or closes another.
WELL_FORMED = re.compile(r"\{\{<\s*([^<>{}]*?)\s*>\}\}")
# A shortcode that is not well formed ({{ fact x }}, {{< fact x }}, {< fact x >}): an opening
# to its closing on the line, or either alone.
BROKEN = re.compile(r"(?:\{\{|\{<)[^\n{}]*?(?:\}\}|>\})|(?:\{\{|\{<)[^\n]{0,30}|\}\}|>\}")
_OPENER = re.compile(r"^\s*:{3,}\s*(\{.*\}|[^\s:].*)\s*$")
_CLOSER = re.compile(r"^\s*:{3,}\s*$")
_ATTRIBUTE = re.compile(r'([\w-]+)=(?:"([^"]*)"|(\S+?))(?=[\s}])')
CONDITIONS = ("when-fact", "unless-fact", "when-hidden", "unless-hidden")


@dataclass(frozen=True)
class Where:
    """Where a piece of prose was written, for error messages: a file and a notebook cell or a
    settings field."""

    file: str | Path
    cell: int | None = None
    field: str | None = None
    cell_id: str | None = None  # a notebook cell's own id, which survives cells moving

    def error(self, message: str, hint: str | None = None, line: int | None = None) -> ProseError:
        return ProseError(
            message,
            file=self.file,
            cell=self.cell,
            cell_id=self.cell_id,
            row=line,
            column=self.field,
            hint=hint,
        )


def _words(arguments: str, where: Where) -> list[str]:
    """The words of one ``{{< fact id [style] >}}`` shortcode: a ProseError unless it is
    one."""
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
            hint="write {{< fact id >}}, or after the id one of: " + ", ".join(STYLES[1:]),
        )
    return words


def _shortcode(arguments: str, facts: Ledger, where: Where) -> str:
    """The plain text of one ``{{< fact id [style] >}}`` shortcode; a hidden figure
    (``c``) is never printed as a word."""
    words = _words(arguments, where)
    fact = _fact(words[1], facts, where)
    if fact.value == SUPPRESSED:
        guard = (
            f'::: {{.content-visible unless-hidden="{fact.id}"}}, and write what the public '
            f'reads in a passage with when-hidden="{fact.id}"'
            if where.cell is not None  # a notebook's Markdown
            else f'"unless-hidden: {fact.id}", and write what the public reads in one with '
            f'"when-hidden: {fact.id}" (or none)'
        )
        raise where.error(
            f"{{{{< {arguments} >}}}} would print a hidden figure as c in a sentence",
            hint=f"guard it with {guard}",
        )
    return fact.text(words[2] if len(words) == 3 else "")


def _fact(id: str, facts: Ledger, where: Where) -> Fact:
    if id not in facts:
        raise unknown_fact(id, facts, where)
    return facts[id]


def _suggestion(id: str, facts: Ledger) -> str:
    """The hint for an id the ledger does not hold: the closest one it does, if any is close."""
    close = difflib.get_close_matches(id, [fact.id for fact in facts], n=1, cutoff=0.8)
    return f"did you mean {close[0]}?" if close else "see facts.json for the ids"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def form_errors(text: str, where: Where) -> list[ProseError]:
    """Each shortcode in ``text`` that is not well formed, or not one we have, with its line:
    ``{{ fact x }}`` and a missing ``>`` would otherwise be published as they are."""
    found = []
    for match in WELL_FORMED.finditer(text):
        try:
            _words(match[1], where)
        except ProseError as error:
            found.append(where.error(error.message, error.hint, _line(text, match.start())))
    remains = WELL_FORMED.sub(lambda match: " " * len(match[0]), text)
    for match in BROKEN.finditer(remains):
        found.append(
            where.error(
                f"a shortcode is not well formed: {match[0].strip()!r}",
                hint="write {{< fact id >}}",
                line=_line(text, match.start()),
            )
        )
    return sorted(found, key=lambda error: error.row or 0)


def _quoted(text: str) -> Iterator[tuple[str, int]]:
    """Every fact id ``text`` quotes (well-formed shortcodes) or depends on (``when-fact``,
    ``unless-fact``, each id ``when-hidden`` and ``unless-hidden`` list), shown or hidden, with
    its line."""
    for match in WELL_FORMED.finditer(text):
        try:
            words = shlex.split(match[1])
        except ValueError:  # not readable: form_errors says so
            continue
        if len(words) > 1 and words[0] == "fact":
            yield words[1], _line(text, match.start())
    for number, line in enumerate(text.splitlines(), start=1):
        opener = _OPENER.match(line)
        if opener:
            for key, quoted, bare in _ATTRIBUTE.findall(opener[1] + "}"):
                if key in CONDITIONS:
                    ids = (quoted or bare).split() if key.endswith("-hidden") else [quoted or bare]
                    yield from ((id, number) for id in ids)


def unknown_fact(id: str, facts: Ledger, where: Where, line: int | None = None) -> ProseError:
    """The error for an id the ledger does not hold, with the closest id it does."""
    return where.error(f"no fact {id!r} in the ledger", hint=_suggestion(id, facts), line=line)


def unknown_ids(text: str, facts: Ledger, where: Where) -> list[ProseError]:
    """Each id ``text`` quotes or depends on that the ledger does not hold, in passages hidden
    this year as well as shown ones, with the closest id it does hold."""
    return [unknown_fact(id, facts, where, line) for id, line in _quoted(text) if id not in facts]


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
    """Whether a passage with these attributes (``when-fact``/``unless-fact``, ``is``;
    ``when-hidden``/``unless-hidden``) shows: every condition it has must pass (``is`` reads
    the ``when-fact``, or the ``unless-fact`` when it is the only one)."""
    return all(_holds(key, attributes, facts, where) for key in CONDITIONS if key in attributes)


def _holds(key: str, attributes: dict[str, str], facts: Ledger, where: Where) -> bool:
    if key.endswith("-hidden"):
        named = [_fact(id, facts, where) for id in attributes[key].split()]
        if not named:
            raise where.error(f"{key} names no fact", hint=f'{key}="id ..."')
        result = any(fact.value == SUPPRESSED for fact in named)
    else:
        fact = _fact(attributes[key], facts, where)
        word_of = "when-fact" if "when-fact" in attributes else "unless-fact"
        reads = "is" in attributes and key == word_of
        result = fact.text() == attributes["is"] if reads else fact.holds()
    return result if key.startswith("when") else not result


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
