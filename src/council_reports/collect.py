"""Merge the build folders of shards (``build --shard i/n`` jobs of a CI matrix) into one.

    council-reports collect shard-1/build shard-2/build --out build

Every build found in a shard (a folder with a manifest.json) is copied into ``--out`` at the
same place, atomically. Shards that built the same target, or were built from different code,
packages or renderers, are refused before anything is copied: a merged folder is one build.
``index.json`` lists every build the folder holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .errors import ParameterError
from .staging import staging, swap, target_lock

# What must be the same in every shard's manifests for the merge to be one build.
SAME = ("code", "packages", "renderer", "git")


def builds(root: Path) -> dict[str, dict[str, Any]]:
    """The builds under ``root`` by their place (report/period/la), with their manifests."""
    found = {}
    for manifest in sorted(root.glob("*/*/*/manifest.json")):
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            raise ParameterError("not a manifest", file=manifest) from None
        found[manifest.parent.relative_to(root).as_posix()] = record
    return found


def collect(shards: list[Path], out: Path) -> list[str]:
    """Copy every shard's builds into ``out``; the places copied."""
    seen: dict[str, Path] = {}
    reference: tuple[Path, dict[str, Any]] | None = None
    plan = []
    for shard in shards:
        if not shard.is_dir():
            raise ParameterError("shard folder not found", file=shard)
        found = builds(shard)
        if not found:
            raise ParameterError(
                "no builds in this folder", file=shard, hint="pass a build/ folder"
            )
        for place, manifest in found.items():
            if place in seen:
                raise ParameterError(
                    f"{place} is in two shards ({seen[place]} and {shard})",
                    hint="shards must not overlap: build each with a different --shard i/n",
                )
            seen[place] = shard
            state = {key: manifest.get(key) for key in SAME}
            if reference is None:
                reference = (shard, state)
            elif state != reference[1]:
                differs = [k for k in SAME if state.get(k) != reference[1].get(k)]
                raise ParameterError(
                    f"{shard} was built differently from {reference[0]} ({', '.join(differs)})",
                    hint="build every shard from the same commit and environment",
                )
            plan.append((shard / place, out / place))
    for source, target in plan:
        with target_lock(target), staging(target) as stage:
            shutil.rmtree(stage)
            shutil.copytree(source, stage)
            swap(stage, target)
    write_index(out)
    return [place for place in seen]


def write_index(root: Path) -> Path:
    """index.json: every build under ``root`` with what identifies it."""
    keys = ("report", "period", "la", "publish", "execute_key", "render_key")
    index = {
        place: {key: manifest.get(key) for key in keys} | {"outputs": len(manifest["outputs"])}
        for place, manifest in builds(root).items()
    }
    path = root / "index.json"
    path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return path
