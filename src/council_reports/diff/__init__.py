"""Compare two builds (two years of a report, a build against the one the committee saw) or two
build folders (a branch's build/ against its base's), for a reviewer.

    review = compare_paths(Path("build/review/base"), Path("build"))
    review.kinds()                 # {"facts", "tables", ...}: what changed
    views.to_markdown(review)      # a pull-request comment; to_html: one page; to_json

``builds`` reads a build as untrusted input (checked against its manifest, every file's shape
checked: a folder that is not a sound build is one DataError); ``changes`` matches facts by id
and table cells by table, row key and column key, groups the changes by the report's sections
and ranks them by size; ``views`` writes them with every text from the builds escaped.
"""

from .changes import KINDS, BuildDiff, Review, compare, compare_paths, compare_roots
from .views import to_html, to_json, to_markdown

__all__ = [
    "KINDS",
    "BuildDiff",
    "Review",
    "compare",
    "compare_paths",
    "compare_roots",
    "to_html",
    "to_json",
    "to_markdown",
]
