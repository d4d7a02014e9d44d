"""Merge the build folders of shards (``build --shard i/n`` jobs of a CI matrix) into one.

    council-reports collect shard-1/build shard-2/build --out build

A shard comes from another machine, so nothing in it is trusted: every build (a folder with a
manifest.json) must have a manifest of the right shape, sit at the place its manifest names,
hold exactly the files its manifest lists with the hashes it records, and no link. Shards that
built the same target, or were built from different code, packages or renderers, are refused.
Every check is made, and every build copied into a staging folder and checked again there,
before any target is replaced: a refused merge changes nothing. ``index.json`` lists every
build the folder holds.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from .errors import DataError, ParameterError
from .manifests import (
    MANIFEST,
    check_build,
    copy_build,
    files_under,
    place_of,
    places,
    read_manifest,
)
from .staging import staging, swap, target_lock

# What must be the same in every shard's manifests for the merge to be one build.
SAME = ("code", "packages", "renderer", "git")


def builds(root: Path) -> dict[str, dict[str, Any]]:
    """The builds under ``root`` by their place, with their manifests, each checked: a
    DataError names the first file that is not as its manifest says."""
    found = {}
    for place, folder in places(root).items():
        manifest = check_build(
            folder, hint="rebuild the shard; a build is merged only as it was written"
        )
        if place_of(manifest) != place:
            raise DataError(
                f"the manifest describes {place_of(manifest)}, not the folder it is in",
                file=folder / MANIFEST,
            )
        found[place] = manifest
    return found


def _shard(shard: Path) -> dict[str, dict[str, Any]]:
    if shard.is_symlink() or not shard.is_dir():
        raise ParameterError("shard folder not found", file=shard)
    files_under(shard)  # no link anywhere in it, not only in the builds
    found = builds(shard)
    if not found:
        raise ParameterError("no builds in this folder", file=shard, hint="pass a build/ folder")
    return found


def collect(shards: list[Path], out: Path) -> list[str]:
    """Copy every shard's builds into ``out``, all or nothing; the places copied."""
    seen: dict[str, Path] = {}
    reference: tuple[Path, dict[str, Any]] | None = None
    plan: list[tuple[Path, Path, dict[str, Any]]] = []
    for shard in shards:
        for place, manifest in _shard(shard).items():
            if place in seen:
                raise ParameterError(
                    f"{place} is in two shards ({seen[place]} and {shard})",
                    hint="shards must not overlap: build each with a different --shard i/n",
                )
            seen[place] = shard
            state = {key: manifest[key] for key in SAME}
            if reference is None:
                reference = (shard, state)
            elif state != reference[1]:
                differs = [k for k in SAME if state[k] != reference[1][k]]
                raise ParameterError(
                    f"{shard} was built differently from {reference[0]} ({', '.join(differs)})",
                    hint="build every shard from the same commit and environment",
                )
            plan.append((shard / place, out / place, manifest))
    with contextlib.ExitStack() as held:
        staged = []
        for source, target, manifest in sorted(plan, key=lambda item: str(item[1])):
            held.enter_context(target_lock(target))
            stage = held.enter_context(staging(target))
            copy_build(source, stage, manifest)
            staged.append((stage, target))
        for stage, target in staged:  # every build checked out: only now replace targets
            swap(stage, target)
    write_index(out)
    return list(seen)


def write_index(root: Path) -> Path:
    """index.json: every build under ``root`` with what identifies it."""
    keys = ("report", "period", "la", "publish", "execute_key", "render_key")
    index = {}
    for place, folder in places(root).items():
        manifest = read_manifest(folder)
        index[place] = {key: manifest.get(key) for key in keys} | {
            "outputs": len(manifest["outputs"])
        }
    path = root / "index.json"
    path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return path
