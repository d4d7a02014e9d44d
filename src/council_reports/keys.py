"""Build keys: what a build's two steps depend on, so each runs again only when that changes.

Running the notebook depends on the report's data, the notebook's code cells, the modules of
this package the notebook and the report's module import (followed through their own imports,
found by reading the code rather than by importing it) and the versions of the packages that
shape its outputs. Rendering depends on that, and on the notebook's prose, the templates, the
cover and slide settings, the build and render code and the renderer. Editing code a report does
not use, or prose alone, does not run the notebook again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT_NAME = PACKAGE.name
# Packages whose version can change what a build writes.
PACKAGES = (
    "pandas",
    "numpy",
    "papermill",
    "ipython",
    "altair",
    "vl-convert-python",
    "pypandoc_binary",
    "typst",
    "openpyxl",
    "python-docx",
)


_DIGESTS: dict[tuple[str, tuple[int, int] | None], str] = {}


def file_state(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time: what a cache of something worked out from the file
    is kept by, while the file is unchanged (None when there is no such file)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def folder_state(folder: Path) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    """``file_state`` of every file under ``folder``, each named by its path (nothing for a
    folder that is not there)."""
    if not folder.is_dir():
        return ()
    return tuple(
        (str(path), file_state(path)) for path in sorted(folder.rglob("*")) if path.is_file()
    )


def sha256_file(path: Path) -> str:
    """A file's sha256, remembered while its size and modification time stay the same (a batch
    hashes the same data and templates for every target)."""
    key = (str(path), file_state(path))
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _DIGESTS[key]


def digest(value: object) -> str:
    """A sha256 of any JSON-able value."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def files_in(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, caches and hidden files left out (os.walk: a no-op
    build lists every data and template folder, and pathlib's rglob costs several times more)."""
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".") and f != "__pycache__"]
        found += [
            path
            for name in files
            if not name.startswith(".") and os.path.isfile(path := os.path.join(parent, name))
        ]  # regular files only: a pipe would never finish being read
    return [Path(path) for path in sorted(found)]


@cache
def module_path(name: str) -> Path | None:
    """The source file of a module of this package, or None for anything else."""
    if name != ROOT_NAME and not name.startswith(ROOT_NAME + "."):
        return None
    parts = name.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+)", re.M)
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)


def _imports(path: Path, module: str) -> set[str]:
    """The modules of this package that ``module`` (at ``path``) imports, anywhere in it: read
    from its import statements (a regular expression rather than a parse, so that keys cost
    milliseconds; a mention in a comment only makes the key wider, never narrower)."""
    source = path.read_text(encoding="utf-8")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set(_IMPORT.findall(source))
    for dots, base, names in _FROM.findall(source):
        if dots:
            anchor = package.split(".")[: len(package.split(".")) - len(dots) + 1]
            base = ".".join([*anchor, base] if base else anchor)
        found.add(base)
        found.update(f"{base}.{name}" for name in re.findall(r"\w+", names.split("#")[0]))
    return {name for name in found if module_path(name) is not None}


@cache
def closure(roots: tuple[str, ...]) -> tuple[str, ...]:
    """``roots`` and every module of this package they import, directly or not (a module's
    parent packages too, since importing it runs them)."""
    seen: set[str] = set()
    todo = [name for name in roots if module_path(name) is not None]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        path = module_path(name)
        if path is not None:
            todo += sorted(_imports(path, name) - seen)
    return tuple(sorted(seen))


def code_digest(modules: Iterable[str]) -> str:
    """One hash over the source of the given modules of this package."""
    sha = hashlib.sha256()
    for name in sorted(modules):
        path = module_path(name)
        if path is not None:
            sha.update(name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def notebook_imports(code: Iterable[str]) -> tuple[str, ...]:
    """The modules of this package that a notebook's code cells import."""
    return _imported(tuple(code))


@cache
def _imported(code: tuple[str, ...]) -> tuple[str, ...]:
    found: set[str] = set()
    for source in code:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: the notebook will fail and say so when it runs
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return tuple(sorted(name for name in found if module_path(name) is not None))


@cache
def package_versions() -> dict[str, str]:
    from . import __version__

    found = {"council-reports": __version__}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
