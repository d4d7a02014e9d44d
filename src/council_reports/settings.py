"""Settings files (YAML) read as untrusted input and checked against a schema.

A settings file is text anyone may edit, so it is read as data only (PyYAML's safe loader, no
Python objects) and checked before anything uses it: no anchors or aliases (an alias bomb makes
a few lines into billions of nodes), no key twice in a mapping (YAML keeps the last, silently),
and every value of the type its key takes (text, a date that exists, yes or no, one of a set of
words, a list, a mapping of known keys). Each problem is one DataError naming the file, the line
and the key (``templates/cover/iro.yml:7:date: ...``).

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

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
_KINDS = {
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "empty",
}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Where:
    """A node's place: the file, its line and the key path (``sections.THE ISSUE[2]``)."""

    file: Path
    key: str

    def at(self, key: str | int) -> Where:
        if isinstance(key, int):
            return Where(self.file, f"{self.key}[{key}]")
        return Where(self.file, f"{self.key}.{key}" if self.key else key)

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> DataError:
        return DataError(
            message,
            file=self.file,
            row=node.start_mark.line + 1,
            column=self.key or None,
            hint=hint,
        )


def compose(path: Path) -> yaml.Node | None:
    """The file's YAML as nodes, each with its line: not UTF-8, not YAML, an anchor or alias,
    or a key twice in a mapping is one DataError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("settings not found", file=path) from None
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text", file=path, hint="save the file as UTF-8") from None
    loader = _LOADER(text)
    try:
        if "*" in text:  # an alias is written *name
            _refuse_aliases(path, text)
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark else None
        if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow
            row = text[: error.position].count("\n") + 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataError(f"not valid YAML: {problem}", file=path, row=row) from None
    finally:
        loader.dispose()
    if root is not None:
        _check_nodes(root, Where(path, ""))
    return root


def _refuse_aliases(path: Path, text: str) -> None:
    """Refuse the first alias (``*name``): read as events, before any node is made, so an alias
    bomb costs no more than its own lines."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise DataError(
                f"an alias (*{event.anchor}) repeats another part of the file",
                file=path,
                row=event.start_mark.line + 1,
                hint="write the value out: settings take no anchors or aliases",
            )


def _check_nodes(node: yaml.Node, where: Where) -> None:
    """No key twice in any mapping."""
    if isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value, start=1):
            _check_nodes(item, where.at(position))
    elif isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in keys:
                raise where.at(name).error(
                    key, f"{name!r} is set twice (first on line {keys[name]})", "keep one"
                )
            keys[name] = key.start_mark.line + 1
            _check_nodes(value, where.at(name))


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


def load_yaml(path: Path) -> Any:
    """A YAML file that has no schema of ours (the format extension's, Quarto's) as plain data,
    read as ``compose`` reads settings: no aliases, no key twice."""
    root = compose(path)
    if root is None:
        return None
    loader = _LOADER("")
    try:
        return loader.construct_document(root)
    except (ValueError, yaml.YAMLError) as error:  # a date that is not in the calendar
        raise DataError(f"not readable YAML: {error}", file=path) from None
    finally:
        loader.dispose()


_READ: dict[tuple[str, int, int, int], Any] = {}


def read_settings(path: Path, schema: Schema) -> Any:
    """A settings file read and checked against ``schema`` (an empty file is an empty
    mapping); read once while the file is unchanged (a batch reads one cover file for every
    year), and a copy returned each time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError("settings not found", file=path) from None
    key = (str(path), stat.st_size, stat.st_mtime_ns, id(schema))
    if key not in _READ:
        root = compose(path) or yaml.MappingNode("tag:yaml.org,2002:map", [])
        root.start_mark = root.start_mark or yaml.Mark(str(path), 0, 0, 0, None, None)
        _READ[key] = schema.read(root, Where(path, ""))
    return copy.deepcopy(_READ[key])
