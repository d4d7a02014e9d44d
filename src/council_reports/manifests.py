"""A build's manifest.json read as untrusted input, and a build folder checked against it.

Builds come back from other machines (a CI shard, a colleague's folder) and sit on disk where
anyone can edit them, so nothing reads a manifest without checking its shape first, and nothing
trusts a build's files without checking them against the manifest's hashes:

    manifest = read_manifest(folder)            # a DataError naming the file and the key
    problems = check_outputs(folder, manifest)  # missing, changed or extra files, links
    manifest = check_build(folder)              # both: a DataError naming the first problem
    changed = changed_outputs(folder, manifest) # for a no-op build: sizes and times first

``places(root)`` finds the builds under a build folder: ``<report>/<period>/<la>`` for the
committee and ``public/<report>/<period>/<la>`` for the public.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import DataError

MANIFEST = "manifest.json"
WORKBOOK = "report.xlsx"  # the report's tables as an accessible workbook
# tables/<id>.csv, one line per cell: these columns, the row's label columns between them
TIDY_KEYS = ("table", "row")
TIDY_CELL = ("column", "value", "unit", "symbol")
INDEX = "index.csv"  # tables/index.csv: what each table's CSV is
PUBLIC = "public"  # build/public/<report>/<period>/<la>: the public audience's builds
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PART = re.compile(r"^[^/\\\x00-\x1f]+$")
# What every manifest holds, and the type of each: anything else is not a build we wrote.
FIELDS: dict[str, type] = {
    "report": str,
    "period": str,
    "la": str,
    "outputs": dict,
    "code": dict,
    "packages": dict,
    "renderer": dict,
    "git": dict,
}


def read_manifest(folder: Path) -> dict[str, Any]:
    """``folder``'s manifest, its shape checked: every field present with its type, every output
    a relative path inside the folder with a sha256."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        raise DataError("not a build folder (no manifest.json)", file=folder)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataError(f"not a manifest: {error}", file=path) from None
    if not isinstance(record, dict):
        raise DataError("not a manifest: not a JSON object", file=path)
    for key, kind in FIELDS.items():
        if not isinstance(record.get(key), kind):
            raise DataError(
                f"not a manifest: {key} is missing or not a {kind.__name__}",
                file=path,
                column=key,
            )
    for name, digest in record["outputs"].items():
        if not is_output_name(name) or not isinstance(digest, str) or not _SHA256.match(digest):
            raise DataError(f"not a manifest: output {name!r}", file=path, column="outputs")
    return record


def is_output_name(name: object) -> bool:
    """Whether ``name`` is a relative path that stays inside a build folder."""
    if not isinstance(name, str) or not name:
        return False
    parts = PurePosixPath(name).parts
    return not name.startswith("/") and all(
        _PART.match(part) and part not in (".", "..") for part in parts
    )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(folder: Path) -> dict[str, Path]:
    """Every entry under ``folder`` that is not a folder, by its relative posix name (hidden
    ones too: a build we wrote has none). A link, to a file or a folder, is a DataError: a
    folder we check never follows one out of itself."""
    found: dict[str, Path] = {}
    for parent, folders, names in os.walk(folder):
        for name in [*folders, *names]:
            path = Path(parent) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise DataError("a link in a build folder", file=path, hint="builds hold files")
            if not stat.S_ISDIR(mode):
                found[path.relative_to(folder).as_posix()] = path
    return found


def check_outputs(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """What in ``folder`` disagrees with its manifest: outputs missing, changed or not regular
    files, and files the manifest does not list. Empty when the build is as it was written."""
    found = files_under(folder)
    problems = []
    for name, digest in manifest["outputs"].items():
        path = found.pop(name, None)
        if path is None:
            problems.append(f"{name} is missing")
        elif not stat.S_ISREG(path.lstat().st_mode):
            problems.append(f"{name} is not a file")
        elif sha256(path) != digest:
            problems.append(f"{name} has changed since the build")
    found.pop(MANIFEST, None)
    problems += [f"{name} is not in the manifest" for name in sorted(found)]
    return problems


def check_build(folder: Path, hint: str = "rebuild it") -> dict[str, Any]:
    """``folder``'s manifest, once every file in the folder is checked against it: a DataError
    names the first problem (and how many more), so a build is used only as it was written."""
    manifest = read_manifest(folder)
    problems = check_outputs(folder, manifest)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataError(f"not as built: {problems[0]}{more}", file=folder, hint=hint)
    return manifest


def copy_build(source: Path, destination: Path, manifest: dict[str, Any]) -> None:
    """Copy the files ``manifest`` lists from a checked build into ``destination`` (a fresh
    folder), then check the copies: a file changed after it was checked is caught here."""
    for name in [*manifest["outputs"], MANIFEST]:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, destination / name, follow_symlinks=False)
    problems = check_outputs(destination, manifest)
    if problems:
        raise DataError(f"changed while it was copied: {problems[0]}", file=source)


def changed_outputs(folder: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """The outputs of a build we wrote that are no longer as written, cheaply (a no-op build
    asks this of every target): {name: "was missing" or "had changed"}. A file of another size
    than the manifest's ``sizes`` records has changed; one modified since the manifest was
    written is hashed; any other is taken as written. A manifest that is not one we wrote is
    ``{"manifest.json": "is not one we wrote"}``."""
    outputs, sizes = manifest.get("outputs"), manifest.get("sizes", {})
    try:
        written = (folder / MANIFEST).stat().st_mtime_ns
    except OSError:
        return {MANIFEST: "was missing"}
    if not isinstance(outputs, dict) or not isinstance(sizes, dict):
        return {MANIFEST: "is not one we wrote"}
    changed = {}
    base = os.fspath(folder)  # os.lstat on strings: a no-op build of 9 targets stats 400 files
    for name, digest in outputs.items():
        if not is_output_name(name):
            return {MANIFEST: "is not one we wrote"}
        path = os.path.join(base, name)
        try:
            info = os.lstat(path)
        except OSError:
            changed[name] = "was missing"
            continue
        if (
            not stat.S_ISREG(info.st_mode)
            or sizes.get(name, info.st_size) != info.st_size
            or (info.st_mtime_ns >= written and sha256(Path(path)) != digest)
        ):
            changed[name] = "had changed"
    return changed


def place_of(manifest: dict[str, Any]) -> str:
    """Where a build belongs under a build folder, from what its manifest says it is."""
    place = f"{manifest['report']}/{manifest['period']}/{manifest['la']}"
    return f"{PUBLIC}/{place}" if manifest.get("publish") == PUBLIC else place


def places(root: Path) -> dict[str, Path]:
    """The build folders under a build root, by place (``report/period/la``, and
    ``public/report/period/la``)."""
    committee = [
        p for p in root.glob(f"*/*/*/{MANIFEST}") if p.relative_to(root).parts[0] != PUBLIC
    ]
    public = list(root.glob(f"{PUBLIC}/*/*/*/{MANIFEST}"))
    return {
        path.parent.relative_to(root).as_posix(): path.parent
        for path in sorted([*committee, *public])
    }
