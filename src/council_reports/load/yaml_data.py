"""YAML that we read as data (a data folder's sources.yml, a data file's provenance record):
read as ``yamlfile`` reads settings (no aliases, no key twice), then as plain values, every
scalar kept as the text written and the line of every field remembered, so each error is one
line naming the field and where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError
from ..yamlfile import compose_text
from .files import read_text


class YamlData:
    """The YAML document as plain values, remembering the line of every field."""

    def __init__(self, path: Path, hint: str) -> None:

        self.path, self.hint = path, hint
        self.lines: dict[str, int] = {}
        root = compose_text(read_text(path, hint), path)  # no alias, no key twice
        self.root = self._value(root, "") if root is not None else {}

    def error(self, message: str, mark: Any = None, where: str = "") -> DataError:
        row = mark.line + 1 if mark is not None else self.lines.get(where)
        return DataError(message, file=self.path, row=row, column=where or None, hint=self.hint)

    def _value(self, node: Any, where: str) -> Any:
        import yaml

        self.lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            found: dict[str, Any] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise self.error("a key must be a word", key.start_mark)
                name = str(key.value)
                found[name] = self._value(value, f"{where}.{name}" if where else name)
            return found
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, f"{where}[{i}]") for i, item in enumerate(node.value)]
        return str(node.value)  # every scalar as written: "1.0" stays "1.0", 800 stays "800"
