"""Atomic output: a build is written to a staging folder beside its target and swapped in at the
end, under a lock, so a failed, killed or concurrent build never leaves a half-written or
clobbered target.

    with target_lock(target):          # a second build of the same target waits here
        clear_debris(target)           # what a killed build left: staging and .old folders
        with staging(target) as stage: # removed again if anything fails
            ...write into stage...
            swap(stage, target)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds of one target must not run at once
    fcntl = None  # type: ignore[assignment]

STAGING = "staging"
OLD = "old"


def debris(target: Path) -> list[Path]:
    """A target's leftovers: ``.<name>.staging-*`` and ``.<name>.old-*`` beside it."""
    if not target.parent.is_dir():
        return []
    return sorted(
        p for kind in (STAGING, OLD) for p in target.parent.glob(f".{target.name}.{kind}-*")
    )


def clear_debris(target: Path) -> None:
    """Remove what an earlier build of ``target`` left when it was killed (call under the
    target's lock, so none of it belongs to a running build)."""
    for path in debris(target):
        shutil.rmtree(path, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for_folders() -> int:
    return 0o777 & ~_umask()


@contextlib.contextmanager
def target_lock(target: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold ``target``'s lock (``.<name>.lock`` beside it, removed afterwards); ``waiting`` is
    called once if another build holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.lock"
    if fcntl is None:
        yield
        return
    while True:
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        # the holder before us may have removed the file: then lock the new one
        if path.exists() and os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
            break
        handle.close()
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``target``, readable as the user's umask allows; removed
    if the block fails (or is interrupted)."""
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.{STAGING}-", dir=target.parent))
    stage.chmod(_mode_for_folders())
    try:
        yield stage
    except BaseException as error:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(error, OSError) and not error.filename:
            error.filename = str(target)  # a write into an open file: name what was being built
        raise


def swap(stage: Path, target: Path) -> None:
    """Put the finished build in place of the old one with two renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{OLD}-{os.getpid()}")
        target.rename(old)
    stage.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a file beside it, renamed into place: a reader (or a
    failed run) never sees a half-written or empty file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
