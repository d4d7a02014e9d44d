"""A YAML file read as untrusted input: data only (PyYAML's safe loader, libyaml when there),
no anchors or aliases (an alias bomb makes a few lines into billions of nodes: refused at its
first alias, from the parse events, before any node is made), no key twice in a mapping (YAML
keeps the last, silently). Each problem is one DataError naming the file, the line and, where
it can, the key. ``settings`` checks what the values are against a schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it


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
    return compose_text(text, path)


def compose_text(text: str, path: Path) -> yaml.Node | None:
    """``text`` (read from ``path``) as YAML nodes, as ``compose`` reads a file."""
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
                hint="write the value out: anchors and aliases are not read",
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
