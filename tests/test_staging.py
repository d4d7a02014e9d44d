"""An interruption (Ctrl-C, SIGTERM) at any moment of the atomic write leaves the previous build
in place and nothing beside it: the moments a signal can land between two steps, made certain."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from council_reports.staging import staging, swap


def previous_build(tmp_path: Path) -> Path:
    target = tmp_path / "800"
    target.mkdir()
    (target / "report.html").write_text("last year's", encoding="utf-8")
    return target


def test_interrupted_just_after_the_staging_folder_is_made(tmp_path, monkeypatch):
    target = previous_build(tmp_path)
    make = os.mkdir

    def made_then_interrupted(path, *args, **kwargs):
        make(path, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "mkdir", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt), staging(target):
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["800"]


def test_interrupted_between_the_two_renames_of_a_swap(tmp_path, monkeypatch):
    target = previous_build(tmp_path)
    rename = Path.rename

    def interrupted_before_the_new_build_moves(self: Path, to: Path) -> Path:
        if ".staging-" in self.name:
            raise KeyboardInterrupt
        return rename(self, to)

    monkeypatch.setattr(Path, "rename", interrupted_before_the_new_build_moves)
    with pytest.raises(KeyboardInterrupt), staging(target) as stage:
        (stage / "report.html").write_text("this year's", encoding="utf-8")
        swap(stage, target)
    assert [p.name for p in tmp_path.iterdir()] == ["800"]
    assert (target / "report.html").read_text(encoding="utf-8") == "last year's"
