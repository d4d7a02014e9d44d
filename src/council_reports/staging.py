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
import secrets
import shutil
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


def _beside(path: Path, kind: str) -> Path:
    """A fresh random name beside ``path``: ``.<name>.<kind>-<12 hex digits>``. Chosen before
    the file is made, so an interruption at any moment after (Ctrl-C, SIGTERM) knows what to
    remove."""
    return path.with_name(f".{path.name}.{kind}-{secrets.token_hex(6)}")


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
    """A fresh staging folder beside ``target`` (under its lock), readable as the user's umask
    allows; removed if the block fails or is interrupted, even as the folder is being made."""
    stage = _beside(target, STAGING)
    try:
        stage.mkdir()
        yield stage
    except BaseException as error:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(error, OSError) and error.filename in (None, str(stage)):
            # a read-only folder: the folder the user named; a write into an open file: the build
            error.filename = str(target.parent if error.filename else target)
        raise


def swap(stage: Path, target: Path) -> None:
    """Put the finished build in place of the old one with two renames. Interrupted between
    them, the old build is put back: ``target`` is never left missing."""
    old = target.with_name(f".{target.name}.{OLD}-{os.getpid()}")
    try:
        if target.exists():
            target.rename(old)
        stage.rename(target)
    except BaseException:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` through a file beside it, renamed into
    place: a reader (or a failed run) never sees a half-written or empty file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    written = _beside(path, "writing")
    try:
        with written.open("xb") as file:  # readable as the umask allows
            file.write(data)
        os.replace(written, path)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
