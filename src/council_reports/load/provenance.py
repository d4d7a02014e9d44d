"""Provenance sidecars: ``<file>.provenance.yml`` beside a data file says where the file came
from (docs/design/publication-model.md, section 3): its kind (published, council or synthetic),
source and owner, and then where exactly (repository, commit and path; or url, release and
sha256, as ``council-reports fetch`` writes them), optionally per column (``columns``) where a
file's columns come from different places.

A sidecar is read as plain text, lists and mappings: no YAML alias (so no alias bomb), no key
twice, nothing nested deeper than a sidecar needs, every value kept as written (a commit id is
never read as a number)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataError
from .files import read_text

KINDS = ("published", "council", "synthetic")
REQUIRED = ("kind", "source", "owner")
SUFFIX = ".provenance.yml"
HINT = "see docs/design/publication-model.md, section 3"
DEPTH = 4  # a column's entry, or a fetched file's list of inputs, is as deep as it goes

Value = str | list["Value"] | dict[str, "Value"]


@dataclass(frozen=True)
class Provenance:
    """Where one data file came from. ``fields`` is the whole sidecar; ``where`` its top-level
    texts (repository, commit, path, licence, url, ...); ``columns`` names the columns that
    came from elsewhere, and how."""

    file: Path
    kind: str
    source: str
    owner: str
    fields: Mapping[str, Value] = field(default_factory=dict)

    @property
    def where(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if isinstance(v, str)}

    @property
    def columns(self) -> dict[str, dict[str, str]]:
        columns = self.fields.get("columns", {})
        return columns if isinstance(columns, dict) else {}  # shape checked on reading

    @property
    def same_as(self) -> dict[str, str]:
        same = self.fields.get("same_as", {})
        return same if isinstance(same, dict) else {}


def sidecar(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SUFFIX)


def _value(node: yaml.Node, path: Path, depth: int, seen: set[int]) -> Value:
    """A YAML node as text, a list or a mapping, refusing aliases, repeated keys and nesting
    deeper than ``DEPTH``."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise DataError("a YAML alias is not allowed", file=path, row=line, hint=HINT)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value.strip()
    if depth >= DEPTH:
        raise DataError("nested too deeply for a provenance record", file=path, row=line)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, path, depth + 1, seen) for item in node.value]
    result: dict[str, Value] = {}
    for key, value in node.value:  # a MappingNode
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            raise DataError("a key must be a name", file=path, row=line, hint=HINT)
        if key.value in result:
            raise DataError(f"key {key.value!r} is given twice", file=path, row=line, hint=HINT)
        result[key.value] = _value(value, path, depth + 1, seen)
    return result


def read_provenance(data_file: Path) -> Provenance:
    """The sidecar of ``data_file``, checked: a mapping with the required texts, a known
    kind, and ``columns`` (if any) mapping each column to texts."""
    path = sidecar(data_file)
    text = read_text(path, hint=f"write {path.name} beside {data_file.name} ({HINT})")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not readable YAML"
        row = mark.line + 1 if mark else None
        raise DataError(f"not readable YAML: {problem}", file=path, row=row, hint=HINT) from None
    fields = _value(node, path, 0, set()) if node is not None else None
    if not isinstance(fields, dict):
        raise DataError("expected a mapping of names to values", file=path, hint=HINT)
    for key in REQUIRED:
        if not isinstance(fields.get(key), str) or not fields[key]:
            raise DataError(f"no {key!r}", file=path, hint=HINT)
    if fields["kind"] not in KINDS:
        raise DataError(
            f"kind {fields['kind']!r} is not one of {', '.join(KINDS)}", file=path, hint=HINT
        )
    for name in ("columns", "same_as"):
        entries = fields.get(name, {})
        shaped = entries.values() if name == "columns" and isinstance(entries, dict) else [entries]
        if not all(
            isinstance(e, dict) and all(isinstance(v, str) for v in e.values()) for e in shaped
        ):
            raise DataError(f"{name!r} must map names to texts", file=path, hint=HINT)
    return Provenance(data_file, fields["kind"], fields["source"], fields["owner"], fields)
