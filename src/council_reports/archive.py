"""The archive of what was published: each build the committee (or the public) was sent, kept
as it was and never rebuilt, so a reviewer can compare a rebuild, or next year's report, with
the report its readers saw:

    council-reports archive build/iro/2024-25/800     # -> published/iro/2024-25/800/
    council-reports diff published/iro/2024-25/800 build/iro/2024-25/800

A build is archived only as it was written (checked against its manifest, and the copy checked
again), at the place its manifest names; an archived build is never replaced. Every build named
is checked before any is copied.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParameterError
from .manifests import check_build, copy_build, place_of
from .staging import staging, target_lock


def archive(builds: list[Path], root: Path) -> list[Path]:
    """Copy the builds at ``builds`` into the archive at ``root``; the folders they are kept in."""
    plan = []
    for build in builds:
        if not build.is_dir():
            raise ParameterError("no such build folder", file=build)
        manifest = check_build(build, hint="archive a build only as it was written and sent")
        target = root / place_of(manifest)
        if target.exists() or target in (t for _, t, _ in plan):
            raise ParameterError(
                f"{place_of(manifest)} is archived already",
                file=target,
                hint="an archived build is never replaced; if a corrected report was sent, "
                "remove the first with git rm and say why in the commit",
            )
        plan.append((build, target, manifest))
    for build, target, manifest in plan:
        with target_lock(target), staging(target) as stage:
            if target.exists():  # archived by someone else since it was checked
                raise ParameterError(f"{target} was archived while this ran", file=target)
            copy_build(build, stage, manifest)
            stage.rename(target)
    return [target for _, target, _ in plan]
