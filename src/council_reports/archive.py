"""The archive of what was published: each build the committee (or the public) was sent, kept
as it was and never rebuilt, so a reviewer can compare a rebuild, or next year's report, with
the report its readers saw:

    council-reports archive build/iro/2024-25/800     # -> published/iro/2024-25/800/
    council-reports diff published/iro/2024-25/800 build/iro/2024-25/800

A build is archived only as it was written (checked against its manifest, and the copy checked
again), at the place its manifest names; an archived build is never replaced.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParameterError
from .manifests import check_build, copy_build, place_of
from .staging import staging, target_lock


def archive(build: Path, root: Path) -> Path:
    """Copy the build at ``build`` into the archive at ``root``; the folder it is kept in."""
    if not build.is_dir():
        raise ParameterError("no such build folder", file=build)
    manifest = check_build(build, hint="archive a build only as it was written and sent")
    place = place_of(manifest)
    target = root / place
    with target_lock(target):
        if target.exists():
            raise ParameterError(
                f"{place} is archived already",
                file=target,
                hint="an archived build is never replaced; if a corrected report was sent, "
                "remove the first with git rm and say why in the commit",
            )
        with staging(target) as stage:
            copy_build(build, stage, manifest)
            stage.rename(target)
    return target
