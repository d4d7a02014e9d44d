"""Settings files (YAML) read as untrusted input and checked against a schema.

A settings file is text anyone may edit, so it is read as data only (``yamlfile``: no alias, no
key twice) and checked before anything uses it: every value of the type its key takes (text, a
date that exists, yes or no, one of a set of words, a list, a mapping of known keys). Each
problem is one DataError naming the file, the line and the key
(``templates/cover/iro.yml:7:date: ...``).

The schema is a few small classes rather than pydantic or JSON Schema: pydantic is not among the
project's packages, importing jsonschema costs seconds (docs: TECH-NOTES) while a no-op build
reads every settings file, and neither reports a YAML line or quotes the value as it was typed
(``publish is yes, a yes/no value``), which these do in a hundred lines.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .characters import problem
from .errors import DataError
from .keys import file_state
from .yamlfile import Where, compose

_KINDS = {
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "empty",
}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _described(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = _KINDS.get(node.tag, "text")
    return f"{node.value!r}, {kind}" if node.value else kind


def _is(node: yaml.Node, tag: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == f"tag:yaml.org,2002:{tag}"


class Schema:
    """What a node must be; ``read`` returns its value as plain Python, checked."""

    expected = "a value"

    def read(self, node: yaml.Node, where: Where) -> Any:
        raise NotImplementedError

    def refuse(self, node: yaml.Node, where: Where, hint: str | None = None) -> DataError:
        name = where.key.rsplit(".", 1)[-1] or "the file"
        return where.error(node, f"{name} is {_described(node)}, not {self.expected}", hint)


@dataclass
class Text(Schema):
    """One piece of text (a number or yes/no only when quoted); ``blank`` allows ``""``."""

    blank: bool = True
    expected: str = field(default="text", init=False)

    def read(self, node: yaml.Node, where: Where) -> str:
        if not _is(node, "str"):
            scalar = isinstance(node, yaml.ScalarNode)
            hint = "put it in quotes to keep it as text" if scalar else "write it as one text"
            raise self.refuse(node, where, hint)
        if not self.blank and not node.value.strip():
            raise where.error(node, f"{where.key.rsplit('.', 1)[-1]} is blank", "write it")
        found = problem(node.value)
        if found:
            raise where.error(node, *found)
        return node.value


class Date(Schema):
    """A day of the calendar, written 2025-10-13 (quoted or not)."""

    expected = "a date"
    hint = "write a date as 2025-10-13"

    def read(self, node: yaml.Node, where: Where) -> date:
        if not (_is(node, "timestamp") or _is(node, "str")):
            raise self.refuse(node, where, self.hint)
        name, written = where.key.rsplit(".", 1)[-1], node.value
        if not _DAY.fullmatch(written):
            raise where.error(node, f"{name} {written!r} is not written as a date", self.hint)
        try:
            return date.fromisoformat(written)
        except ValueError:
            raise where.error(
                node, f"{name} {written!r} is not a day of the calendar", self.hint
            ) from None


class Flag(Schema):
    expected = "true or false"

    def read(self, node: yaml.Node, where: Where) -> bool:
        if not _is(node, "bool"):
            raise self.refuse(node, where, "write true or false")
        return node.value.lower() in ("true", "yes", "on", "y")


@dataclass
class Choice(Schema):
    """One of a few words, written as text."""

    words: tuple[str, ...]

    def __post_init__(self) -> None:
        self.expected = "one of " + ", ".join(self.words)

    def read(self, node: yaml.Node, where: Where) -> str:
        if not _is(node, "str") or node.value not in self.words:
            name = where.key.rsplit(".", 1)[-1]
            raise self.refuse(node, where, " or ".join(f"{name}: {w}" for w in self.words))
        return node.value


@dataclass
class ListOf(Schema):
    """A list of items (empty or left blank: no items)."""

    item: Schema
    expected: str = field(default="a list", init=False)

    def read(self, node: yaml.Node, where: Where) -> list[Any]:
        if _is(node, "null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.refuse(node, where, "write each item on its own line after '- '")
        return [self.item.read(item, where.at(n)) for n, item in enumerate(node.value, start=1)]


@dataclass
class Record(Schema):
    """A mapping of known keys (``what`` names them in messages), some required."""

    fields: Mapping[str, Schema]
    what: str
    required: tuple[str, ...] = ()
    expected: str = field(default="a mapping", init=False)

    def read(self, node: yaml.Node, where: Where) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise self.refuse(node, where, f"{self.what}: " + ", ".join(self.fields))
        found: dict[str, Any] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in self.fields:
                raise where.at(name).error(
                    key,
                    f"{name!r} is not one of the {self.what}",
                    f"{self.what}: " + ", ".join(self.fields),
                )
            found[name] = self.fields[name].read(value, where.at(name))
        for name in self.required:
            if name not in found:
                raise where.error(
                    node, f"{name!r} is missing", f"{self.what}: " + ", ".join(self.fields)
                )
        return found


@dataclass
class Either(Schema):
    """A value whose shape says what it is: text (or another scalar), a mapping or a list."""

    scalar: Schema
    mapping: Schema | None = None
    sequence: Schema | None = None

    def __post_init__(self) -> None:
        shapes = [s.expected for s in (self.scalar, self.mapping, self.sequence) if s]
        self.expected = " or ".join(shapes)

    def read(self, node: yaml.Node, where: Where) -> Any:
        chosen = {yaml.MappingNode: self.mapping, yaml.SequenceNode: self.sequence}.get(
            type(node), self.scalar
        )
        if chosen is None:
            raise self.refuse(node, where)
        return chosen.read(node, where)


@dataclass
class Keyed(Schema):
    """A mapping whose keys match ``pattern`` (periods such as 2023-24), each value ``value``."""

    pattern: str
    keys: str  # what the keys are, for messages: "a year such as 2023-24"
    value: Schema
    expected: str = field(default="a mapping", init=False)

    def read(self, node: yaml.Node, where: Where) -> dict[str, Any]:
        if _is(node, "null"):
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise self.refuse(node, where, f"keys are {self.keys}")
        found = {}
        for key, value in node.value:
            name = str(key.value)
            if not re.fullmatch(self.pattern, name):
                raise where.at(name).error(key, f"{name!r} is not {self.keys}")
            found[name] = self.value.read(value, where.at(name))
        return found


_READ: dict[tuple[str, tuple[int, int], int], Any] = {}


def read_settings(path: Path, schema: Schema) -> Any:
    """A settings file read and checked against ``schema`` (an empty file is an empty
    mapping); read once while the file is unchanged (a batch reads one cover file for every
    year), and a copy returned each time."""
    state = file_state(path)
    if state is None:
        raise DataError("settings not found", file=path)
    key = (str(path), state, id(schema))
    if key not in _READ:
        root = compose(path) or yaml.MappingNode("tag:yaml.org,2002:map", [])
        root.start_mark = root.start_mark or yaml.Mark(str(path), 0, 0, 0, None, None)
        _READ[key] = schema.read(root, Where(path, ""))
    return copy.deepcopy(_READ[key])
