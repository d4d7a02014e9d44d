"""Text from data placed in the Markdown document both renderers read, as text and never markup.

Labels in a partner's return, an LA name in an EES file, a service's own statements and the
cover settings are all text: whatever characters they hold, the reader sees those characters,
and no link, image, raw HTML or typst, attribute or shortcode can come from them. Pandoc lets
any ASCII punctuation character be backslash-escaped, so every one that can start markup is;
line breaks and control characters become spaces, so a text cannot end a table row or a block.
"""

from __future__ import annotations

import re

# Markup-starting ASCII punctuation. Quotes, commas, semicolons, question marks, per cent and
# slashes never start markup and are left alone, so quotes still become typographic ones and
# "2023/24" stays readable; a full stop only matters after a leading list number ("1.").
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|:$@^~&])")
_LIST_NUMBER = re.compile(r"^(\s*\w+)\.(?=\s|$)")
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain(value: object) -> str:
    """``value`` as one line of text: runs of white space and control characters are one space."""
    return _BREAKS.sub(" ", str(value))


def text(value: object) -> str:
    """``value`` as pandoc Markdown that reads back as exactly its text, on one line."""
    escaped = _SPECIAL.sub(r"\\\1", plain(value))
    return _LIST_NUMBER.sub(r"\1\\.", escaped)


def attribute(value: object) -> str:
    """``value`` for a quoted Markdown attribute (``fig-alt="..."``): backslashes and quotes
    escaped, on one line."""
    return plain(value).strip().replace("\\", "\\\\").replace('"', '\\"')


def slug(value: object, separator: str = "_") -> str:
    """A readable identifier from a label: ``Looked after`` -> ``looked_after``."""
    words = re.findall(r"[a-z0-9]+", str(value).lower())
    return separator.join(words) or "x"
